import Switchboard
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Gives the heap memory that a burst of requests freed back to the system once the gateway goes quiet.
///
/// After a burst, glibc keeps the freed memory in its arenas for reuse: measured after 10 s of `wrk -c64` in front of
/// nginx, the gateway's heap held 22 MB from the system with 11 MB in use, and `malloc_trim(0)` gave 5 MiB of RSS
/// back (docs/benchmarks.md). So when a quiet period passes with no new request after some traffic, this calls
/// `malloc_trim(0)` once; a gateway under steady traffic, or idle from the start, never pays for it.
final class IdleMemoryRelease: Sendable {
    /// How long the gateway must see no new request before memory is released.
    let quietPeriod: Duration
    private let clock: any ReliabilityClock
    private let release: @Sendable () -> Void
    private let requests = Atomic<Int>(0)

    /// A releaser that waits `quietPeriod` on `clock` and then calls `release` (by default `malloc_trim(0)` where
    /// glibc has it, else nothing).
    init(
        quietPeriod: Duration = .seconds(5), clock: any ReliabilityClock = SystemReliabilityClock(),
        release: @escaping @Sendable () -> Void = IdleMemoryRelease.trimHeap
    ) {
        self.quietPeriod = quietPeriod
        self.clock = clock
        self.release = release
    }

    /// Counts one request: the gateway is not quiet.
    func noteRequest() {
        requests.add(1, ordering: .relaxed)
    }

    /// Checks once per quiet period until cancelled: when requests came since the last release and none in the last
    /// period, releases.
    func run() async {
        var seen = requests.load(ordering: .relaxed)
        var released = seen
        while !Task.isCancelled {
            do {
                try await clock.sleep(until: clock.now + quietPeriod)
            } catch {
                return
            }
            let now = requests.load(ordering: .relaxed)
            if now == seen && now != released {
                release()
                released = now
            }
            seen = now
        }
    }

    /// `malloc_trim(0)`: returns the free memory at the top of the heap and in every arena to the system.
    static func trimHeap() {
        _ = mallocTrim?(0)
    }

    /// glibc's `malloc_trim`, found at run time (its header is not part of Swift's Glibc module); nil elsewhere.
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        #if canImport(Glibc)
            guard let symbol = dlsym(nil, "malloc_trim") else { return nil }
            return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        #else
            return nil
        #endif
    }()
}
