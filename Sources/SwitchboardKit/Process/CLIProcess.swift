import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One run of a command-line tool as a child process: its input written, its output streamed, its exit awaited.
///
/// For plugins that wrap a vendor's CLI rather than an HTTP API. It runs on ``ChildProcess``: the child runs directly
/// (never through a shell) as the leader of its own process group, with no signal blocked and default signal
/// dispositions, and it is reaped when it exits; ``waitForExit()`` returns only after that, so a caller that awaits it
/// leaves no zombie behind. Stdin is written with ``ChildProcess/writeAll(_:to:)``: a child that exits without reading
/// its input costs an EPIPE, never the host process; nothing here changes the host's signal handling.
///
/// **Teardown policy:** the caller names one at launch; ``defaultTeardown`` (what the CLI plugins use) sends SIGTERM
/// to the process group, so the tools the CLI started stop too, and SIGKILL after 3 seconds if it is still running.
///
/// ```swift
/// let process = try CLIProcess.launch(
///     executable: "/usr/local/bin/tool", arguments: ["-p"], input: Array(prompt.utf8),
///     workingDirectory: nil, environment: nil, timeout: .seconds(600), teardown: CLIProcess.defaultTeardown)
/// for await chunk in process.output { … }
/// let exit = await process.waitForExit()
/// ```
public final class CLIProcess: Sendable {
    /// SIGTERM to the process group, then SIGKILL after 3 seconds: a CLI gets the chance to stop its own children and
    /// flush what it has, but cannot hold a cancelled request for long.
    public static let defaultTeardown = ChildProcess.Teardown.gracefulShutdown(allowedDuration: .seconds(3))
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

        /// The error of a CLI that exited unsuccessfully without an error answer: `timeout` when it ran past its
        /// limit, `server` when a signal killed it, otherwise the kind its stderr tells, quoting the end of stderr.
        /// - Parameters:
        ///   - cli: the tool's name in the message (`the Gemini CLI`).
        ///   - timeout: the limit it was given (setting `timeout_seconds`), quoted when it ran past it.
        ///   - redact: scrubs secrets from the quoted stderr.
        ///   - kind: the kind a stderr tail means.
        public func error(
            cli: String, timeout: Duration?, provider: String, redact: (String) -> String,
            kind: (String) -> ProviderError.Kind
        ) -> ProviderError {
            if timedOut {
                let limit = timeout.map { " of \($0.seconds) seconds" } ?? ""
                return ProviderError(
                    .timeout, "\(cli) ran past its timeout\(limit) (setting \"timeout_seconds\") and was stopped",
                    provider: provider)
            }
            let stderr = stderrTail.isEmpty ? "it wrote nothing to stderr" : "stderr: \(redact(stderrTail))"
            return ProviderError(
                killedBySignal ? .server : kind(stderrTail), "\(cli) \(summary); \(stderr)", provider: provider)
        }
    }

    private struct State {
        var stderr: [UInt8] = []
        var stderrTruncated = false
        var stderrClosed = false
        var terminating = false
        var timedOut = false
        var watchdog: Task<Void, Never>?
    }

    /// What the reading threads share with the caller.
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
    public var processIdentifier: Int32 { child.processIdentifier }
    private let child: ChildProcess
    private let shared: Shared

    private init(child: ChildProcess, output: AsyncStream<[UInt8]>, shared: Shared) {
        self.child = child
        self.output = output
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
    ///   - teardown: how ``terminate()`` and the timeout stop the child; see ``defaultTeardown``.
    /// - Throws: ``ChildProcessError`` when the child cannot be started.
    public static func launch(
        executable: String,
        arguments: [String],
        input: [UInt8]?,
        workingDirectory: String?,
        environment: [String: String]?,
        timeout: Duration?,
        teardown: ChildProcess.Teardown = defaultTeardown
    ) throws -> CLIProcess {
        let child = try ChildProcess.spawn(
            .init(
                executable: executable, arguments: arguments, environment: environment,
                workingDirectory: workingDirectory, standardInput: input == nil ? .nullDevice : .pipe,
                teardown: teardown))
        let shared = Shared()
        let (output, continuation) = AsyncStream.makeStream(of: [UInt8].self)
        let process = CLIProcess(child: child, output: output, shared: shared)
        if let stdout = child.standardOutput {
            Self.startThread {
                Self.readUntilEnd(stdout) { continuation.yield($0) }
                continuation.finish()
                close(stdout)
            }
        }
        if let stderr = child.standardError {
            Self.startThread {
                Self.readUntilEnd(stderr) { shared.keepStderr($0, limit: Self.stderrTailLimit) }
                shared.state.withLock { $0.stderrClosed = true }
                close(stderr)
            }
        }
        if let stdin = child.standardInput, let input {
            Self.startThread {
                // A child that exits without reading its input is not an error here; its exit says what happened.
                try? ChildProcess.writeAll(input, to: stdin)
                close(stdin)
            }
        }
        if let timeout {
            let watchdog = Task.detached { [weak process] in
                guard (try? await Task.sleep(for: timeout)) != nil else { return }
                process?.stop(becauseOfTimeout: true)
            }
            shared.state.withLock { $0.watchdog = watchdog }
            Task.detached {
                _ = await child.waitForExit()
                watchdog.cancel()
            }
        }
        return process
    }

    /// Stops the child by its teardown policy (by default SIGTERM to its process group, then SIGKILL after the grace
    /// period if it is still running). Safe to call at any time, any number of times.
    public func terminate() {
        stop(becauseOfTimeout: false)
    }

    /// Waits until the child has ended and been reaped, and for its stderr to close.
    public func waitForExit() async -> Exit {
        let termination = await child.waitForExit()
        let clock = ContinuousClock()
        let deadline = clock.now + Self.stderrDrainLimit
        while !shared.state.withLock({ $0.stderrClosed }), clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return shared.state.withLock { state in
            var tail = String(decoding: state.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if state.stderrTruncated { tail = "…" + tail }
            let (status, killedBySignal) =
                switch termination {
                case .exited(let status): (status, false)
                case .signaled(let signal): (signal, true)
                }
            return Exit(status: status, killedBySignal: killedBySignal, stderrTail: tail, timedOut: state.timedOut)
        }
    }

    private func stop(becauseOfTimeout timedOut: Bool) {
        let shouldStop = shared.state.withLock { state in
            guard child.termination == nil, !state.terminating else { return false }
            state.terminating = true
            state.timedOut = timedOut
            return true
        }
        if shouldStop { child.beginTeardown() }
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
}
