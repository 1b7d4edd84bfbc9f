import Foundation
import SwitchboardKit
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The one child-process primitive: its teardown order, how it reports an exit, and that a broken pipe is an error
/// rather than the host's death. The children are `/bin/sh` scripts; no test measures time.
@Suite("ChildProcess")
struct ChildProcessTests {
    /// Starts `/bin/sh -c script sh arguments…` with `teardown`.
    static func shell(
        _ script: String, _ arguments: [String] = [], teardown: ChildProcess.Teardown = .kill,
        environment: [String: String]? = nil, workingDirectory: String? = nil
    ) throws -> ChildProcess {
        try ChildProcess.spawn(
            .init(
                executable: "/bin/sh", arguments: ["-c", script, "sh"] + arguments, environment: environment,
                workingDirectory: workingDirectory, teardown: teardown))
    }

    /// Reads `descriptor` until a line equal to `expected` arrives; false at end of file.
    static func readLine(_ expected: String, from descriptor: Int32) -> Bool {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while read(descriptor, &byte, 1) == 1 {
            if byte == UInt8(ascii: "\n") {
                if String(decoding: line, as: UTF8.self) == expected { return true }
                line = []
            } else {
                line.append(byte)
            }
        }
        return false
    }

    /// Everything on `descriptor` until end of file.
    static func readAll(_ descriptor: Int32) -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func closeAll(_ child: ChildProcess) {
        for descriptor in [child.standardInput, child.standardOutput, child.standardError].compactMap({ $0 }) {
            close(descriptor)
        }
    }

    @Test func aChildThatIgnoresSIGTERMIsSentItThenKilledAfterTheAllowedDuration() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("childprocess-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let record = directory + "/signals"
        let child = try Self.shell(
            """
            trap 'echo TERM >> "$1"' TERM
            echo ready
            while :; do sleep 0.01; done
            """,
            [record], teardown: .gracefulShutdown(allowedDuration: .seconds(1)))
        defer { Self.closeAll(child) }
        #expect(Self.readLine("ready", from: child.standardOutput!))

        let termination = await child.teardown()

        #expect(termination == .signaled(SIGKILL))
        let recorded = try String(contentsOfFile: record, encoding: .utf8)
        #expect(recorded.split(separator: "\n").first == "TERM")
        #expect(child.termination == .signaled(SIGKILL))
        #expect(!child.send(SIGTERM), "a reaped child is never signalled")
    }

    @Test func aChildThatHonoursSIGTERMEndsWithoutSIGKILL() async throws {
        // The test runs on a Swift concurrency thread, which blocks nearly every signal: the child sees SIGTERM only
        // because spawn resets its signal mask.
        let child = try Self.shell(
            "echo ready; exec sleep 60", teardown: .gracefulShutdown(allowedDuration: .seconds(60)))
        defer { Self.closeAll(child) }
        #expect(Self.readLine("ready", from: child.standardOutput!))
        #expect(await child.teardown() == .signaled(SIGTERM))
    }

    @Test func theKillPolicySendsSIGKILLAtOnceAndTeardownRunsOnce() async throws {
        let child = try Self.shell("trap '' TERM; echo ready; exec sleep 60", teardown: .kill)
        defer { Self.closeAll(child) }
        #expect(Self.readLine("ready", from: child.standardOutput!))
        async let first = child.teardown()
        async let second = child.teardown()
        #expect(await [first, second] == [.signaled(SIGKILL), .signaled(SIGKILL)])
    }

    @Test(arguments: [
        ("exit 0", ChildProcess.Termination.exited(0), "exited with status 0"),
        ("exit 3", .exited(3), "exited with status 3"),
        ("kill -USR1 $$", .signaled(SIGUSR1), "was killed by signal \(SIGUSR1) (User defined signal 1)"),
        ("kill -SEGV $$", .signaled(SIGSEGV), "was killed by signal \(SIGSEGV) (Segmentation fault)"),
    ])
    func exitStatusAndSignalAreReported(script: String, expected: ChildProcess.Termination, description: String)
        async throws
    {
        let child = try Self.shell(script)
        defer { Self.closeAll(child) }
        let termination = await child.waitForExit()
        #expect(termination == expected)
        #expect(termination.description == description)
        #expect(child.termination == expected)
    }

    @Test func writingToAChildThatClosedItsStdinIsAnErrorNotSIGPIPE() async throws {
        // The child reads ten bytes and exits while the host is still writing a megabyte.
        let child = try Self.shell("head -c 10 > /dev/null")
        defer { Self.closeAll(child) }
        let input = try #require(child.standardInput)
        var before = sigset_t()
        pthread_sigmask(SIG_SETMASK, nil, &before)

        let error = #expect(throws: ChildProcessError.self) {
            try ChildProcess.writeAll([UInt8](repeating: 0x61, count: 1 << 20), to: input)
        }
        #expect(error?.code == .brokenPipe)

        var after = sigset_t()
        pthread_sigmask(SIG_SETMASK, nil, &after)
        #expect(sigismember(&before, SIGPIPE) == sigismember(&after, SIGPIPE), "the thread's mask is restored")
        var pending = sigset_t()
        sigpending(&pending)
        #expect(sigismember(&pending, SIGPIPE) == 0, "the SIGPIPE the write raised was consumed")
        #expect(await child.waitForExit() == .exited(0))
    }

    @Test func theChildGetsItsEnvironmentWorkingDirectoryAndNullStdin() async throws {
        let directory = FileManager.default.temporaryDirectory.resolvingSymlinksInPath().path
        let child = try ChildProcess.spawn(
            .init(
                executable: "/bin/sh", arguments: ["-c", "pwd; echo \"$GREETING\"; cat; echo end"],
                environment: ["GREETING": "hello", "PATH": "/usr/bin:/bin"], workingDirectory: directory,
                standardInput: .nullDevice, standardError: .nullDevice, teardown: .kill))
        defer { Self.closeAll(child) }
        #expect(child.standardInput == nil)
        #expect(child.standardError == nil)
        #expect(Self.readAll(child.standardOutput!) == "\(directory)\nhello\nend\n")
        #expect(await child.waitForExit() == .exited(0))
    }

    @Test func aProgramThatCannotBeStartedIsASpawnError() throws {
        let error = #expect(throws: ChildProcessError.self) {
            _ = try ChildProcess.spawn(.init(executable: "/nonexistent/tool", teardown: .kill))
        }
        #expect(error?.code == .spawnFailed)
        #expect(error?.errno == ENOENT)
        #expect(error?.description.contains("/nonexistent/tool") == true)
        #expect(error?.description.contains("No such file or directory") == true)
    }

    @Test func anExecutableStillOpenForWritingIsBusyAndSaysSo() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("busy-\(UUID().uuidString).sh").path
        let writer = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o755)
        try #require(writer >= 0)
        defer {
            close(writer)
            unlink(path)
        }
        _ = "#!/bin/sh\necho hi\n".withCString { write(writer, $0, strlen($0)) }
        // Held open for writing throughout, so every retry meets ETXTBSY and the error names it.
        let error = #expect(throws: ChildProcessError.self) {
            _ = try ChildProcess.spawn(.init(executable: path, teardown: .kill))
        }
        #expect(error?.code == .spawnFailed)
        #expect(error?.errno == ETXTBSY)
        #expect(error?.description.contains(path) == true)
        #expect(error?.description.contains("Text file busy") == true)
    }

    @Test func theTeardownPolicyDescribesItself() {
        #expect(ChildProcess.Teardown.kill.description == "SIGKILL")
        #expect(
            ChildProcess.Teardown.gracefulShutdown(allowedDuration: .seconds(3)).description
                == "SIGTERM, then after 3.0 seconds SIGKILL")
        #expect(CLIProcess.defaultTeardown == .gracefulShutdown(allowedDuration: .seconds(3)))
    }
}
