import Foundation
import Testing

extension CLISuites {
    /// A plugin that calls its event sink after `on_done`, calls `on_done` twice, or passes a context the host never
    /// issued: the calls are ignored, the answer is what the plugin sent before `on_done`, and each kind of mistake
    /// costs one warning line on standard error, however often it happens. (The same under `isolation: process`, where
    /// the child logs after the host may have exited: `PluginHostChildTests` speaks to the child itself.)
    @Suite("late and unknown plugin calls")
    struct CLILateCallsTests {
        static let warnings = [
            "called on_event after on_done; the call was ignored",
            "called on_done twice; the call was ignored",
            "a plugin called a sink with a context the host never issued; the call was ignored",
        ]

        @Test func lateAndUnknownCallsAreIgnoredWithOneWarningEach() async throws {
            try await CLIRunner.withDirectory { directory in
                let id = TestSupport.uniqueID("late")
                let plugin = try TestSupport.buildCPlugin(
                    named: "\(id).so", in: directory, defines: ["PLUGIN_ID=\"\(id)\"", "LATE_CALLS"])
                try CLIRunner.writeConfiguration(
                    """
                    plugins:
                      directories: [\(directory)]
                    providers:
                      late:
                        plugin: \(id)
                    """, in: directory)
                let run = try await CLIRunner.run(["complete", "-p", "late", "-m", "c-model", "hi"], in: directory)
                #expect(run.status == 0, "\(run.errors)")
                #expect(run.output == "hello from C\n")
                for warning in Self.warnings {
                    let lines = run.errors.split(separator: "\n").filter { $0.contains(warning) }
                    #expect(lines.count == 1, "\(warning) in:\n\(run.errors)")
                }
                let named = run.errors.split(separator: "\n").filter { $0.contains("plugin \(plugin) called") }
                #expect(named.count == 2, "\(run.errors)")
            }
        }
    }
}
