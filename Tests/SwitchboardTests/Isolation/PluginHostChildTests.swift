#if canImport(Glibc)
    import Glibc
#endif
import Foundation
import SwitchboardKit
import Testing

@testable import Switchboard

/// `switchboard plugin-host`, spoken to frame by frame as the host speaks to it: a plugin that breaks the sink's
/// "exactly once" rule on every request is answered correctly, and the child logs each kind of mistake once.
@Suite struct PluginHostChildTests {
    /// The frames the child sent, collected on the channel's reader thread.
    final class Received: Sendable {
        private let frames = Locked<[PluginHostMessage]>([])
        private let closed = DispatchSemaphore(value: 0)

        func append(_ frame: PluginHostMessage) { frames.withLock { $0.append(frame) } }
        func close() { closed.signal() }
        func waitUntilClosed() { closed.wait() }
        var all: [PluginHostMessage] { frames.withLock { $0 } }

        /// Waits until the frames so far satisfy `condition`; a child that never gets there fails the test (after a
        /// minute, a bound against a hang, not a timing assertion).
        func waitFor(_ condition: ([PluginHostMessage]) -> Bool) async throws {
            for _ in 0..<6000 {
                if condition(all) { return }
                try await Task.sleep(for: .milliseconds(10))
            }
            throw TestSupportError("the child never sent the frames awaited; it sent \(all)")
        }
    }

    @Test func lateAndUnknownCallsAreIgnoredAndEachKindIsLoggedOnce() async throws {
        let directory = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let id = TestSupport.uniqueID("late")
        let plugin = try TestSupport.buildCPlugin(
            named: "\(id).so", in: directory, defines: ["PLUGIN_ID=\"\(id)\"", "LATE_CALLS"])
        let child = try ChildProcess.spawn(
            .init(
                executable: TestSupport.buildDirectory + "/switchboard", arguments: ["plugin-host", plugin],
                environment: ProcessInfo.processInfo.environment.merging(["SWITCHBOARD_LOG_LEVEL": "warning"]) {
                    _, new in new
                },
                teardown: .kill))
        let channel = PluginHostChannel(input: child.standardOutput!, output: child.standardInput!)
        let received = Received()
        channel.startReading({ received.append($0) }, closed: { received.close() })
        let request = Array(
            #"{"model":"c-model","messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]}"#.utf8)
        #expect(channel.send(.create(name: "late", settings: [:])))
        // As the host does: requests only once the instance exists.
        try await received.waitFor { $0.contains(.created(error: nil)) }
        #expect(channel.send(.start(id: 1, request: request)))
        #expect(channel.send(.start(id: 2, request: request)))
        // Both answers arrive before the host closes the channel, so the child has seen every late call by then.
        try await received.waitFor { frames in frames.filter { if case .done = $0 { true } else { false } }.count == 2 }
        close(child.standardInput!)
        received.waitUntilClosed()
        let termination = await child.waitForExit()
        let errors = Self.readAll(child.standardError!)
        close(child.standardOutput!)
        close(child.standardError!)

        #expect(termination.description.contains("exited with status 0"), "\(termination)")
        for requestID in [UInt64(1), 2] {
            let texts = received.all.compactMap { frame -> String? in
                guard case .event(requestID, let bytes) = frame else { return nil }
                return String(decoding: bytes, as: UTF8.self)
            }
            #expect(texts.count == 4, "\(texts)")
            #expect(!texts.contains { $0.contains("late") }, "\(texts)")
            #expect(received.all.contains(.done(id: requestID, error: nil)))
        }
        let lines = errors.split(separator: "\n")
        for warning in [
            "plugin \(plugin) called on_event after on_done; the call was ignored",
            "plugin \(plugin) called on_done twice; the call was ignored",
            "a plugin called a sink with a context the host never issued; the call was ignored",
        ] {
            #expect(lines.filter { $0.contains(warning) }.count == 1, "\(warning) in:\n\(errors)")
        }
    }

    static func readAll(_ descriptor: Int32) -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { break }
            bytes += buffer[0..<got]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
