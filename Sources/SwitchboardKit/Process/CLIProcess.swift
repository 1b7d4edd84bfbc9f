import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One run of a command-line tool as a child process: its input written, its output streamed, its exit awaited.
///
/// For plugins that wrap a vendor's CLI rather than an HTTP API. The child runs directly (never through a shell), in
/// its own process group (Foundation's `Process` makes it the group's leader), so ``terminate()`` reaches the tools it
/// started too. Foundation reaps the child when it exits; ``waitForExit()`` returns only after that, so a caller that
/// awaits it leaves no zombie behind.
///
/// ```swift
/// let process = try CLIProcess.launch(
///     executable: "/usr/local/bin/tool", arguments: ["-p"], input: Array(prompt.utf8),
///     workingDirectory: nil, environment: nil, timeout: .seconds(600))
/// for await chunk in process.output { … }
/// let exit = await process.waitForExit()
/// ```
///
/// Two pieces of process-wide signal state are handled here so that plugins need not: the child starts with no
/// signal blocked (Swift concurrency's threads block nearly all of them, and `posix_spawn` would pass that mask on),
/// and stdin is written from a thread that blocks SIGPIPE (a child that exits without reading its input must not
/// take the host down).
public final class CLIProcess: Sendable {
    /// How long a child has between SIGTERM and SIGKILL.
    public static let terminationGracePeriod: Duration = .seconds(3)
    /// How much of the end of stderr is kept for error messages.
    private static let stderrTailLimit = 4096
    /// How long to wait, after the child exited, for a grandchild still holding stderr to let go of it.
    private static let stderrDrainLimit: Duration = .seconds(2)

    /// How the child ended.
    public struct Exit: Sendable {
        /// The exit status, or the number of the signal that killed the child.
        public var status: Int32
        /// Whether ``status`` is a signal number.
        public var killedBySignal: Bool
        /// The end of what the child wrote to stderr, as text.
        public var stderrTail: String
        /// Whether the child was stopped because it ran past its time limit.
        public var timedOut: Bool

        /// Whether the child exited by itself with status 0.
        public var succeeded: Bool { status == 0 && !killedBySignal && !timedOut }

        /// "exited with status 2", "was killed by signal 9".
        public var summary: String {
            killedBySignal ? "was killed by signal \(status)" : "exited with status \(status)"
        }
    }

    private struct State {
        var exit: (status: Int32, killedBySignal: Bool)?
        var exitWaiters: [CheckedContinuation<Void, Never>] = []
        var stderr: [UInt8] = []
        var stderrTruncated = false
        var stderrClosed = false
        var terminating = false
        var timedOut = false
        var watchdog: Task<Void, Never>?
    }

    /// What the termination handler and the reading threads share with the caller.
    private final class Shared: Sendable {
        let state = Locked(State())

        func keepStderr(_ chunk: [UInt8], limit: Int) {
            state.withLock { state in
                state.stderr += chunk
                if state.stderr.count > limit {
                    state.stderr.removeFirst(state.stderr.count - limit)
                    state.stderrTruncated = true
                }
            }
        }
    }

    /// The child's stdout, chunk by chunk as it arrives, until end of file.
    public let output: AsyncStream<[UInt8]>
    /// The child's process id, which is also its process group's id.
    public let processIdentifier: Int32
    // Keeps the `Process` (and so its reaping) alive as long as this run is.
    private let process: Process
    private let shared: Shared

    private init(process: Process, output: AsyncStream<[UInt8]>, shared: Shared) {
        self.process = process
        self.output = output
        self.processIdentifier = process.processIdentifier
        self.shared = shared
    }

    /// Starts `executable` with `arguments`.
    ///
    /// - Parameters:
    ///   - executable: the absolute path of the program; it is run directly, not through a shell.
    ///   - arguments: the arguments after the executable.
    ///   - input: bytes written to the child's stdin, which is then closed; nil gives the child `/dev/null`.
    ///   - workingDirectory: where the child runs; nil for the host's current directory.
    ///   - environment: the child's whole environment; nil inherits the host's.
    ///   - timeout: stops the child (see ``terminate()``) when it runs longer; the exit then says `timedOut`.
    /// - Throws: what `Process.run()` throws when the child cannot be started.
    public static func launch(
        executable: String,
        arguments: [String],
        input: [UInt8]?,
        workingDirectory: String?,
        environment: [String: String]?,
        timeout: Duration?
    ) throws -> CLIProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        if let environment { process.environment = environment }
        let stdout = Pipe()
        let stderr = Pipe()
        let stdin = input.map { _ in Pipe() }
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin ?? FileHandle.nullDevice

        let shared = Shared()
        process.terminationHandler = { process in
            let killedBySignal = process.terminationReason == .uncaughtSignal
            let (waiters, watchdog) = shared.state.withLock { state in
                state.exit = (process.terminationStatus, killedBySignal)
                defer { state.exitWaiters = [] }
                return (state.exitWaiters, state.watchdog)
            }
            watchdog?.cancel()
            for waiter in waiters { waiter.resume() }
        }
        try runWithDefaultSignalMask(process)

        let (output, continuation) = AsyncStream.makeStream(of: [UInt8].self)
        let child = CLIProcess(process: process, output: output, shared: shared)
        Self.startThread {
            Self.readUntilEnd(stdout.fileHandleForReading.fileDescriptor) { continuation.yield($0) }
            continuation.finish()
            try? stdout.fileHandleForReading.close()
        }
        Self.startThread {
            Self.readUntilEnd(stderr.fileHandleForReading.fileDescriptor) {
                shared.keepStderr($0, limit: Self.stderrTailLimit)
            }
            shared.state.withLock { $0.stderrClosed = true }
            try? stderr.fileHandleForReading.close()
        }
        if let stdin, let input {
            Self.startThread {
                Self.writeIgnoringBrokenPipe(input, to: stdin.fileHandleForWriting.fileDescriptor)
                try? stdin.fileHandleForWriting.close()
            }
        }
        if let timeout {
            let watchdog = Task.detached { [weak child] in
                guard (try? await Task.sleep(for: timeout)) != nil else { return }
                child?.stop(becauseOfTimeout: true)
            }
            let exited = shared.state.withLock { state in
                state.watchdog = watchdog
                return state.exit != nil
            }
            if exited { watchdog.cancel() }
        }
        return child
    }

    /// Asks the child's process group to stop with SIGTERM, then SIGKILLs it after the grace period if the child
    /// is still running. Safe to call at any time, any number of times.
    public func terminate() {
        stop(becauseOfTimeout: false)
    }

    /// Waits until the child has ended and been reaped, and for its stderr to close.
    public func waitForExit() async -> Exit {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let ended = shared.state.withLock { state in
                if state.exit != nil { return true }
                state.exitWaiters.append(waiter)
                return false
            }
            if ended { waiter.resume() }
        }
        let clock = ContinuousClock()
        let deadline = clock.now + Self.stderrDrainLimit
        while !shared.state.withLock({ $0.stderrClosed }), clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return shared.state.withLock { state in
            let exit = state.exit ?? (status: -1, killedBySignal: false)
            var tail = String(decoding: state.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if state.stderrTruncated { tail = "…" + tail }
            return Exit(
                status: exit.status, killedBySignal: exit.killedBySignal, stderrTail: tail, timedOut: state.timedOut)
        }
    }

    private func stop(becauseOfTimeout timedOut: Bool) {
        let group = processIdentifier
        let shouldSignal = shared.state.withLock { state in
            guard state.exit == nil, !state.terminating else { return false }
            state.terminating = true
            state.timedOut = timedOut
            return true
        }
        guard shouldSignal else { return }
        kill(-group, SIGTERM)
        Task.detached { [self] in
            try? await Task.sleep(for: Self.terminationGracePeriod)
            if shared.state.withLock({ $0.exit == nil }) { kill(-group, SIGKILL) }
        }
    }

    /// Starts `process` with no signal blocked, as a child expects. `posix_spawn` gives the child the calling
    /// thread's signal mask, and the threads Swift concurrency runs on block nearly every signal: a child started
    /// from one would never see the SIGTERM that asks it to stop.
    private static func runWithDefaultSignalMask(_ process: Process) throws {
        var unblocked = sigset_t()
        var previous = sigset_t()
        sigemptyset(&unblocked)
        pthread_sigmask(SIG_SETMASK, &unblocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        try process.run()
    }

    private static func startThread(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = "switchboard-cli-io"
        thread.start()
    }

    /// Blocking reads of `descriptor` until end of file or an error, each chunk handed to `body`.
    private static func readUntilEnd(_ descriptor: Int32, _ body: ([UInt8]) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                body(Array(buffer[0..<count]))
            } else if count < 0, errno == EINTR {
                continue
            } else {
                return
            }
        }
    }

    /// Writes `bytes` to `descriptor` from a thread that blocks SIGPIPE, so a child that exits without reading its
    /// input costs an EPIPE here rather than the host process. A SIGPIPE left pending is consumed.
    private static func writeIgnoringBrokenPipe(_ bytes: [UInt8], to descriptor: Int32) {
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written > 0 {
                offset += written
            } else if written < 0, errno == EINTR {
                continue
            } else {
                if errno == EPIPE {
                    var noWait = timespec(tv_sec: 0, tv_nsec: 0)
                    _ = sigtimedwait(&pipeSignal, nil, &noWait)
                }
                return
            }
        }
    }
}
