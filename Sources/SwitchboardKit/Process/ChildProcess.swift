#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// One child process, started with `posix_spawn`: the single primitive behind every child Switchboard runs (the CLI
/// plugins' tools through ``CLIProcess``, the `switchboard plugin-host` children of `isolation: process`).
///
/// - The child is run directly (never through a shell), optionally as the leader of a new process group, with an
///   empty signal mask and every signal's disposition reset to its default. Swift concurrency's threads block nearly
///   every signal and `posix_spawn` would otherwise pass that mask on, so a child started from one would never see
///   the SIGTERM that asks it to stop; a host that ignores SIGPIPE would likewise pass that on.
/// - Standard input, output and error are each a pipe, `/dev/null` or the host's own. The parent's ends of the pipes
///   (``standardInput``, ``standardOutput``, ``standardError``) belong to the caller, who closes them.
/// - A dedicated thread waits for the child and reaps it, so no zombie is left behind. It first waits without reaping
///   (`waitid` with `WNOWAIT`), and signals are sent only while the child is unreaped, under the same lock: a signal
///   can never reach an unrelated process that reused the pid.
/// - **Teardown policy.** ``teardown()`` runs the child's ``Teardown``: each step sends its signal and waits up to
///   its allowed duration for the child to exit; when the steps are exhausted and the child is still running, it is
///   sent SIGKILL. With a process group, signals go to the whole group, so the tools the child started stop too.
/// - **No process-wide signal changes.** Nothing here calls `signal()` or `sigaction()` in the host. Writing to a
///   pipe whose reader is gone raises SIGPIPE, which by default kills the process; ``writeAll(_:to:)`` blocks SIGPIPE
///   in the writing thread only (`pthread_sigmask`), gets `EPIPE` instead, consumes the pending SIGPIPE with
///   `sigtimedwait` and restores the thread's mask. Write to a child's pipes only through it.
///
/// ```swift
/// let child = try ChildProcess.spawn(
///     .init(executable: "/usr/bin/tool", arguments: ["-p"], teardown: .gracefulShutdown(allowedDuration: .seconds(3))))
/// try ChildProcess.writeAll(Array(prompt.utf8), to: child.standardInput!)
/// let termination = await child.waitForExit()
/// ```
public final class ChildProcess: Sendable {
    /// How a child is stopped: a sequence of signals, each with a time to exit, then SIGKILL.
    ///
    /// Modelled on swift-subprocess's `TeardownStep`. ``kill`` sends SIGKILL at once;
    /// ``gracefulShutdown(allowedDuration:)`` sends SIGTERM and SIGKILL if the child is still running after the
    /// allowed duration.
    public struct Teardown: Sendable, Hashable, CustomStringConvertible {
        /// One step: send ``signal``, then wait up to ``allowedDuration`` for the child to exit.
        public struct Step: Sendable, Hashable {
            /// The signal sent.
            public var signal: Int32
            /// How long the child has to exit before the next step.
            public var allowedDuration: Duration

            /// Sends `signal` and waits up to `allowedDuration` before the next step.
            public static func send(_ signal: Int32, allowedDuration: Duration) -> Step {
                Step(signal: signal, allowedDuration: allowedDuration)
            }
        }

        /// The steps before the final SIGKILL.
        public var steps: [Step]

        /// A teardown that runs `steps`, then sends SIGKILL if the child is still running.
        public init(_ steps: [Step]) {
            self.steps = steps
        }

        /// SIGKILL at once.
        public static let kill = Teardown([])

        /// SIGTERM, then SIGKILL after `allowedDuration` if the child is still running.
        public static func gracefulShutdown(allowedDuration: Duration) -> Teardown {
            Teardown([.send(SIGTERM, allowedDuration: allowedDuration)])
        }

        /// "SIGTERM, then SIGKILL after 3 seconds", "SIGKILL".
        public var description: String {
            (steps.map { "\(ChildProcess.signalName($0.signal)), then after \($0.allowedDuration)" } + ["SIGKILL"])
                .joined(separator: " ")
        }
    }

    /// How the child ended.
    public enum Termination: Sendable, Hashable, CustomStringConvertible {
        /// It exited by itself with this status.
        case exited(Int32)
        /// A signal with this number killed it.
        case signaled(Int32)

        /// "exited with status 2", "was killed by signal 9 (Killed)".
        public var description: String {
            switch self {
            case .exited(let status): "exited with status \(status)"
            case .signaled(let signal): "was killed by signal \(signal) (\(String(cString: strsignal(signal))))"
            }
        }
    }

    /// Where one of the child's standard streams goes.
    public enum Stream: Sendable, Hashable {
        /// A pipe whose other end the parent gets.
        case pipe
        /// `/dev/null`.
        case nullDevice
        /// The host's own descriptor.
        case inherit
    }

    /// What to run and how.
    public struct Configuration: Sendable {
        /// The absolute path of the program.
        public var executable: String
        /// The arguments after the program's name.
        public var arguments: [String]
        /// The child's whole environment; nil inherits the host's.
        public var environment: [String: String]?
        /// Where the child runs; nil for the host's current directory.
        public var workingDirectory: String?
        /// The child's stdin, stdout and stderr.
        public var standardInput: Stream
        public var standardOutput: Stream
        public var standardError: Stream
        /// Whether the child leads a new process group, which signals then reach as a whole.
        public var newProcessGroup: Bool
        /// How ``ChildProcess/teardown()`` stops the child.
        public var teardown: Teardown

        /// A configuration; everything but `executable` and `teardown` has a default (pipes for every stream, a new
        /// process group).
        public init(
            executable: String, arguments: [String] = [], environment: [String: String]? = nil,
            workingDirectory: String? = nil, standardInput: Stream = .pipe, standardOutput: Stream = .pipe,
            standardError: Stream = .pipe, newProcessGroup: Bool = true, teardown: Teardown
        ) {
            self.executable = executable
            self.arguments = arguments
            self.environment = environment
            self.workingDirectory = workingDirectory
            self.standardInput = standardInput
            self.standardOutput = standardOutput
            self.standardError = standardError
            self.newProcessGroup = newProcessGroup
            self.teardown = teardown
        }
    }

    private struct State {
        var termination: Termination?
        var waiters: [@Sendable (Termination) -> Void] = []
        var tearingDown: Task<Termination, Never>?
    }

    /// The child's process id (and, with ``Configuration/newProcessGroup``, its process group's id).
    public let processIdentifier: Int32
    /// The write end of the child's stdin pipe, when it has one; the caller closes it.
    public let standardInput: Int32?
    /// The read end of the child's stdout pipe, when it has one; the caller closes it.
    public let standardOutput: Int32?
    /// The read end of the child's stderr pipe, when it has one; the caller closes it.
    public let standardError: Int32?
    /// How ``teardown()`` stops the child.
    public let teardownPolicy: Teardown
    private let signalTarget: Int32
    private let state = Locked(State())

    private init(
        processIdentifier: Int32, standardInput: Int32?, standardOutput: Int32?, standardError: Int32?,
        configuration: Configuration
    ) {
        self.processIdentifier = processIdentifier
        self.standardInput = standardInput
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.teardownPolicy = configuration.teardown
        self.signalTarget = configuration.newProcessGroup ? -processIdentifier : processIdentifier
    }

    /// Starts a child as `configuration` describes.
    /// - Parameter configuration: What to run and how.
    /// - Returns: The running child.
    /// - Throws: ``ChildProcessError`` (`spawnFailed`) when the program cannot be started: the message names it and
    ///   the system's reason.
    public static func spawn(_ configuration: Configuration) throws(ChildProcessError) -> ChildProcess {
        var parentEnds: [Int32?] = [nil, nil, nil]
        var childEnds: [Int32] = []
        func closeAll() {
            for descriptor in childEnds { close(descriptor) }
            for descriptor in parentEnds.compactMap({ $0 }) { close(descriptor) }
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let streams = [configuration.standardInput, configuration.standardOutput, configuration.standardError]
        for (target, stream) in streams.enumerated() {
            let isInput = target == 0
            switch stream {
            case .inherit:
                continue
            case .nullDevice:
                posix_spawn_file_actions_addopen(
                    &actions, Int32(target), "/dev/null", isInput ? O_RDONLY : O_WRONLY, 0)
            case .pipe:
                var ends: [Int32] = [-1, -1]
                guard LinuxExtensions.pipe2(&ends, O_CLOEXEC) == 0 else {
                    let code = errno
                    closeAll()
                    throw ChildProcessError(
                        .spawnFailed, "cannot create a pipe for \(configuration.executable)", errno: code)
                }
                let (childEnd, parentEnd) = isInput ? (ends[0], ends[1]) : (ends[1], ends[0])
                childEnds.append(childEnd)
                parentEnds[target] = parentEnd
                // dup2 clears close-on-exec on the target; the originals close at exec.
                posix_spawn_file_actions_adddup2(&actions, childEnd, Int32(target))
            }
        }
        if let directory = configuration.workingDirectory {
            let code = LinuxExtensions.addChangeDirectory(&actions, directory)
            guard code == 0 else {
                closeAll()
                throw ChildProcessError(
                    .spawnFailed, "cannot run \(configuration.executable) in \(directory)", errno: code)
            }
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        if configuration.newProcessGroup {
            flags |= POSIX_SPAWN_SETPGROUP
            posix_spawnattr_setpgroup(&attributes, 0)
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var everySignal = sigset_t()
        sigfillset(&everySignal)
        posix_spawnattr_setsigdefault(&attributes, &everySignal)

        let argv = ([configuration.executable] + configuration.arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        let environment: [UnsafeMutablePointer<CChar>?]? = configuration.environment.map { variables in
            variables.map { name, value in strdup("\(name)=\(value)") } + [nil]
        }
        defer { for variable in environment ?? [] { free(variable) } }

        var pid: pid_t = 0
        var status: Int32 = 0
        // ETXTBSY: the executable is still open for writing somewhere, typically a file just written whose descriptor
        // a process forked at that moment holds until it execs. That lasts a moment, so try again a few times.
        for pause in Self.textBusyPauses {
            if pause > 0 { usleep(pause) }
            status =
                if let environment {
                    posix_spawn(&pid, configuration.executable, &actions, &attributes, argv, environment)
                } else {
                    posix_spawn(&pid, configuration.executable, &actions, &attributes, argv, environ)
                }
            if status != ETXTBSY { break }
        }
        for descriptor in childEnds { close(descriptor) }
        childEnds = []
        guard status == 0 else {
            closeAll()
            throw ChildProcessError(
                .spawnFailed,
                "cannot start \(configuration.executable)"
                    + (configuration.workingDirectory.map { " in \($0)" } ?? "")
                    + "; check that it exists, is executable and that the directory exists",
                errno: status)
        }
        let child = ChildProcess(
            processIdentifier: pid, standardInput: parentEnds[0], standardOutput: parentEnds[1],
            standardError: parentEnds[2], configuration: configuration)
        let thread = Thread { child.reap() }
        thread.name = "switchboard.child-process.wait"
        thread.start()
        return child
    }

    /// The pauses, in microseconds, before each attempt to start an executable that is busy being written (ETXTBSY):
    /// about 0.1 s in all.
    private static let textBusyPauses: [UInt32] = [0, 1_000, 2_000, 5_000, 10_000, 20_000, 60_000]

    /// How the child ended, or nil while it runs.
    public var termination: Termination? {
        state.withLock { $0.termination }
    }

    /// Waits until the child has ended and been reaped.
    /// - Returns: How it ended.
    public func waitForExit() async -> Termination {
        await withCheckedContinuation { (continuation: CheckedContinuation<Termination, Never>) in
            onExit { continuation.resume(returning: $0) }
        }
    }

    /// Blocks the calling thread until the child has ended and been reaped; for threads that are not Swift
    /// concurrency's.
    /// - Returns: How it ended.
    public func waitUntilExit() -> Termination {
        let ended = DispatchSemaphore(value: 0)
        let result = Locked<Termination?>(nil)
        onExit { termination in
            result.withLock { $0 = termination }
            ended.signal()
        }
        ended.wait()
        return result.withLock { $0! }
    }

    /// Sends `signal` to the child (its process group, with ``Configuration/newProcessGroup``) while it runs.
    /// - Returns: Whether the signal was sent: false once the child has ended.
    @discardableResult
    public func send(_ signal: Int32) -> Bool {
        state.withLock { state in
            guard state.termination == nil else { return false }
            return kill(signalTarget, signal) == 0
        }
    }

    /// Stops the child by its ``teardownPolicy`` and waits until it has been reaped. Safe to call at any time, any
    /// number of times and from several tasks: the policy runs once.
    /// - Returns: How the child ended.
    @discardableResult
    public func teardown() async -> Termination {
        let task = state.withLock { state in
            if let task = state.tearingDown { return task }
            let task = Task { await self.runTeardown() }
            state.tearingDown = task
            return task
        }
        return await task.value
    }

    /// Starts ``teardown()`` without waiting for it; for `deinit`s and synchronous callers.
    public func beginTeardown() {
        Task { await self.teardown() }
    }

    private func runTeardown() async -> Termination {
        for step in teardownPolicy.steps {
            guard termination == nil else { break }
            // A signal that could not be sent still gets its wait: SIGKILL follows either way.
            send(step.signal)
            if await exits(within: step.allowedDuration) { break }
        }
        send(SIGKILL)  // nothing once the child has ended
        return await waitForExit()
    }

    /// Whether the child ends within `duration`. (Not a task group: a group would wait for the exit waiter, which
    /// cannot be cancelled, and so for the very exit the next step is meant to force.)
    private func exits(within duration: Duration) async -> Bool {
        let pending = Locked<CheckedContinuation<Bool, Never>?>(nil)
        return await withCheckedContinuation { continuation in
            pending.withLock { $0 = continuation }
            let timer = Task {
                try? await Task.sleep(for: duration)
                pending.withLock { $0.take() }?.resume(returning: false)
            }
            onExit { _ in
                timer.cancel()
                pending.withLock { $0.take() }?.resume(returning: true)
            }
        }
    }

    private func onExit(_ body: @escaping @Sendable (Termination) -> Void) {
        let ended = state.withLock { state -> Termination? in
            if let termination = state.termination { return termination }
            state.waiters.append(body)
            return nil
        }
        if let ended { body(ended) }
    }

    /// Runs on the dedicated thread: waits for the child to end, then reaps it under the lock that signals take.
    private func reap() {
        var info = siginfo_t()
        while waitid(P_PID, id_t(processIdentifier), &info, WEXITED | WNOWAIT) != 0, errno == EINTR {}
        let (termination, waiters) = state.withLock { state in
            var status: Int32 = 0
            var reaped: pid_t
            repeat { reaped = waitpid(processIdentifier, &status, 0) } while reaped < 0 && errno == EINTR
            // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift does not import.
            let termination: Termination =
                reaped < 0 ? .exited(-1) : status & 0x7F == 0 ? .exited((status >> 8) & 0xFF) : .signaled(status & 0x7F)
            state.termination = termination
            defer { state.waiters = [] }
            return (termination, state.waiters)
        }
        for waiter in waiters { waiter(termination) }
    }
}

extension ChildProcess {
    /// Writes all of `bytes` to `descriptor` (a pipe to a child) without risking SIGPIPE.
    ///
    /// SIGPIPE is blocked in the calling thread only for the duration of the write; when the reader is gone the write
    /// fails with `EPIPE`, the SIGPIPE it raised is consumed with `sigtimedwait`, and the thread's mask is restored.
    /// - Parameters:
    ///   - bytes: What to write.
    ///   - descriptor: A descriptor open for writing.
    /// - Throws: ``ChildProcessError`` `brokenPipe` when the reader has gone, `writeFailed` for any other error.
    public static func writeAll(_ bytes: some Collection<UInt8>, to descriptor: Int32) throws(ChildProcessError) {
        let result = bytes.withContiguousStorageIfAvailable { writeAll(UnsafeRawBufferPointer($0), to: descriptor) }
        let failure = result ?? Array(bytes).withUnsafeBytes { writeAll($0, to: descriptor) }
        if let failure { throw failure }
    }

    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> ChildProcessError? {
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written > 0 {
                offset += written
                continue
            }
            let code = errno
            if written < 0, code == EINTR { continue }
            if code == EPIPE {
                var noWait = timespec(tv_sec: 0, tv_nsec: 0)
                while sigtimedwait(&pipeSignal, nil, &noWait) < 0, errno == EINTR {}
                return ChildProcessError(
                    .brokenPipe, "the reader of descriptor \(descriptor) has gone (it exited or closed its end)",
                    errno: code)
            }
            return ChildProcessError(.writeFailed, "cannot write to descriptor \(descriptor)", errno: code)
        }
        return nil
    }

    /// "SIGTERM" for 15; "signal 40" for one without a name here.
    package static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGSEGV: "SIGSEGV"
        case SIGABRT: "SIGABRT"
        case SIGILL: "SIGILL"
        case SIGBUS: "SIGBUS"
        case SIGFPE: "SIGFPE"
        case SIGTRAP: "SIGTRAP"
        case SIGTERM: "SIGTERM"
        case SIGINT: "SIGINT"
        case SIGHUP: "SIGHUP"
        case SIGQUIT: "SIGQUIT"
        case SIGKILL: "SIGKILL"
        default: "signal \(signal)"
        }
    }
}

/// A failure to start a child or to write to it: what went wrong, the system's reason, and what to do.
public struct ChildProcessError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure. Extensible: new codes break no one.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        /// `posix_spawn` (or a pipe for it) failed.
        public static let spawnFailed = Code(name: "spawn_failed")
        /// A write found the reading end closed (`EPIPE`).
        public static let brokenPipe = Code(name: "broken_pipe")
        /// A write failed otherwise.
        public static let writeFailed = Code(name: "write_failed")
        public var description: String { name }
    }

    /// What kind of failure.
    public var code: Code
    /// What failed, and what to do.
    public var message: String
    /// The system's error number.
    public var errno: Int32

    /// An error.
    public init(_ code: Code, _ message: String, errno: Int32) {
        self.code = code
        self.message = message
        self.errno = errno
    }

    /// "message: No such file or directory (errno 2)".
    public var description: String {
        "\(message): \(String(cString: strerror(errno))) (errno \(errno))"
    }
}
