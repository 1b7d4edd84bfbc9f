#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
public import Foundation
import SwitchboardKit

/// Reads plugin files in a separate process, `switchboard plugin-scan PATH…` (hidden), as GStreamer's registry
/// scanner does: a plugin that crashes, aborts, hangs or exits in its entry point or `manifest` is refused by name
/// (`crashed_while_loading`, `load_timed_out`), and the host goes on with the others. The results are kept in a
/// ``PluginScanCache``, so a warm start spawns no scanner at all.
///
/// One scanner process reads every file not in the cache, printing one JSON line per file as it goes; when it dies
/// or stalls on a file, that file is refused and a new process reads the files after it.
public struct PluginScanner: Sendable {
    /// The `switchboard` executable that serves `plugin-scan`.
    public var executable: String
    /// How long one file's entry point and `manifest` may take. Default: 5 s (`plugins.scan_timeout_ms`).
    public var timeout: Duration
    /// The cache file, or nil to keep nothing between runs (`plugins.cache`).
    public var cachePath: String?

    /// A scanner run by `executable`.
    /// - Parameters:
    ///   - executable: The `switchboard` executable.
    ///   - timeout: How long one file may take.
    ///   - cachePath: The cache file, or nil for none.
    public init(executable: String, timeout: Duration = .seconds(5), cachePath: String? = Self.defaultCachePath) {
        self.executable = executable
        self.timeout = timeout
        self.cachePath = cachePath
    }

    /// `~/.switchboard/plugin-cache`, in this process's home directory.
    public static var defaultCachePath: String { expandingHome("~/.switchboard/plugin-cache") }

    /// `path` with a leading `~/` replaced by the home directory: `$HOME`, else the user's.
    static func expandingHome(_ path: String) -> String {
        guard path.hasPrefix("~/") else { return path }
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        return home + path.dropFirst(1)
    }

    /// The scanner of the running `switchboard` executable, or nil when this process is not `switchboard` (an
    /// embedding program, a test), which then reads plugins in process unless it sets one itself.
    static var ofRunningExecutable: String? {
        guard let running = Bundle.main.executableURL?.resolvingSymlinksInPath(),
            running.lastPathComponent == "switchboard"
        else { return nil }
        return running.path
    }

    /// What scanning `paths` found, by path, and how many scanner processes it started.
    struct Report {
        var outcomes: [String: PluginScanOutcome] = [:]
        var processes = 0
        /// Why the cache could not be written, when it could not.
        var cacheProblem: String?
    }

    /// Scans `paths`: from the cache what it holds for them unchanged, the rest in scanner processes.
    func scan(_ paths: [String]) -> Report {
        var report = Report()
        var cache = cachePath.map(PluginScanCache.init(path:))
        var pending: [(path: String, key: PluginScanCache.Key?)] = []
        for path in paths {
            let key = PluginScanCache.Key.of(path)
            if let key, let kept = cache?.outcome(for: key) {
                report.outcomes[path] = kept
            } else {
                pending.append((path, key))
            }
        }
        while !pending.isEmpty {
            report.processes += 1
            let found = run(pending.map(\.path))
            for (index, outcome) in found.enumerated() {
                let (path, key) = pending[index]
                report.outcomes[path] = outcome
                if let key { cache?.record(outcome, for: key) }
            }
            pending.removeFirst(max(found.count, 1))
        }
        if let cache, cache.isChanged {
            do {
                try cache.save()
            } catch {
                report.cacheProblem =
                    "cannot write the plugin cache \(cache.path): \(error); plugins are scanned again next time"
            }
        }
        return report
    }

    /// Runs one scanner process over `paths`: the outcomes in order, up to and including the file it died or
    /// stalled on (refused), or one refusal for the first file when it could not start.
    private func run(_ paths: [String]) -> [PluginScanOutcome] {
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(
                .init(
                    executable: executable, arguments: ["plugin-scan"] + paths,
                    // A crash is reported by its signal at once; Swift's backtracer would take seconds first.
                    environment: ProcessInfo.processInfo.environment.merging(["SWIFT_BACKTRACE": "enable=no"]) {
                        _, new in new
                    },
                    standardInput: .nullDevice,
                    standardError: .inherit, teardown: .kill))
        } catch {
            return [
                .refused(
                    code: PluginLoadError.Code.crashedWhileLoading.rawValue,
                    message: "cannot start the plugin scanner \(executable): \(error)")
            ]
        }
        var reader = LineReader(descriptor: child.standardOutput!)
        defer { close(child.standardOutput!) }
        var outcomes: [PluginScanOutcome] = []
        while outcomes.count < paths.count {
            switch reader.nextLine(within: timeout) {
            case .line(let line):
                guard let outcome = try? JSONDecoder().decode(PluginScanOutcome.self, from: Data(line)) else {
                    child.beginTeardown()
                    outcomes.append(
                        .refused(
                            code: PluginLoadError.Code.crashedWhileLoading.rawValue,
                            message: "the plugin scanner printed something other than a result while loading it"))
                    return outcomes
                }
                outcomes.append(outcome)
            case .timedOut:
                child.beginTeardown()
                _ = child.waitUntilExit()
                outcomes.append(
                    .refused(
                        code: PluginLoadError.Code.loadTimedOut.rawValue,
                        message:
                            "did not answer within \(Self.seconds(timeout)) (its entry point or manifest hangs); the scanner was stopped"
                    ))
                return outcomes
            case .ended:
                outcomes.append(
                    .refused(
                        code: PluginLoadError.Code.crashedWhileLoading.rawValue,
                        message: Self.describe(child.waitUntilExit())))
                return outcomes
            }
        }
        _ = child.waitUntilExit()
        return outcomes
    }

    /// "crashed while loading (SIGSEGV)", "exited with status 0 while loading".
    static func describe(_ termination: ChildProcess.Termination) -> String {
        switch termination {
        case .signaled(let signal):
            "crashed while loading (\(ChildProcess.signalName(signal))); the plugin's entry point or manifest died in the scanner process"
        case .exited(let status):
            "exited with status \(status) while loading, before answering; the plugin's entry point or manifest ended the scanner process"
        }
    }

    /// "5 s", "0.3 s".
    static func seconds(_ duration: Duration) -> String {
        let value = duration.seconds
        return value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}

/// Lines from a descriptor, each awaited with a deadline (`poll`).
private struct LineReader {
    enum Next {
        case line([UInt8])
        case timedOut
        case ended
    }

    let descriptor: Int32
    private var buffer: [UInt8] = []

    init(descriptor: Int32) { self.descriptor = descriptor }

    mutating func nextLine(within timeout: Duration) -> Next {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[..<newline])
                buffer.removeFirst(newline + 1)
                return .line(line)
            }
            let left = deadline - ContinuousClock.now
            guard left > .zero else { return .timedOut }
            var descriptors = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(
                clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
            let ready = poll(&descriptors, 1, milliseconds)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 16 * 1024)
            let got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { return .ended }
            buffer += chunk[0..<got]
        }
    }
}

extension PluginScanner {
    /// The scanner process's side (`switchboard plugin-scan PATH…`): scans each file in process, in order, and
    /// writes one ``PluginScanOutcome`` JSON line per file to standard output as soon as it has it. The plugins'
    /// own writes to standard output go to standard error, so they cannot corrupt the results.
    package static func serve(paths: [String]) {
        let output = dup(STDOUT_FILENO)
        dup2(STDERR_FILENO, STDOUT_FILENO)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        for path in paths {
            let outcome = PluginScanOutcome.scanning(path, transport: NoNetworkTransport())
            guard let line = try? encoder.encode(outcome) else { return }
            guard (try? ChildProcess.writeAll(Array(line) + [UInt8(ascii: "\n")], to: output)) != nil else { return }
        }
    }
}

/// The transport lent to plugins in the scanner process: a plugin's entry point and `manifest` have no business on
/// the network, and one that tries is told so.
private struct NoNetworkTransport: HTTPTransport {
    func execute(_ request: HTTPRequest) async throws -> HTTPStreamingResponse {
        throw ProviderError(
            .connection, "no HTTP while a plugin is being scanned: its entry point and manifest must not make requests")
    }
}
