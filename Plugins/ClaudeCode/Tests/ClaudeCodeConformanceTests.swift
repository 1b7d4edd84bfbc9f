import SwitchboardKit
import SwitchboardTesting
import Testing

/// The conformance suite (`SwitchboardTesting.ProviderConformance`) on the Claude Code plugin, driving fake `claude`
/// executables that print the CLI's recorded stream-json transcripts.
@Suite("Claude Code plugin conformance")
struct ClaudeCodeConformanceTests {
    static func conformance() throws -> ProviderConformance {
        func printing(_ fixture: String, exit status: Int = 0) throws -> String {
            "cat '\(try Fixture.path(fixture))'\nexit \(status)"
        }
        return ProviderConformance(
            plugin: try BuiltPlugin.path(product: "SwitchboardClaudeCodePlugin"),
            subprocess: { executable in ["path": .string(executable)] },
            transcripts: SubprocessTranscripts(
                stream: try printing("stream-tool-use.jsonl"),
                truncatedStream: try printing("stream-cut.jsonl"),
                hangingStream: "head -n 2 '\(try Fixture.path("stream-tool-use.jsonl"))'\nsleep 30 &\nwait",
                thinking: try printing("stream-tool-use.jsonl"),
                failures: [
                    .init("credit", script: try printing("error-credit.jsonl", exit: 1), kind: .permission),
                    .init("login", script: try printing("error-login.jsonl", exit: 1), kind: .authentication),
                    .init("rate limit", script: try printing("error-rate-limit.jsonl", exit: 1), kind: .rateLimited),
                    .init(
                        "prompt too long", script: try printing("error-prompt-too-long.jsonl", exit: 1),
                        kind: .contextWindowExceeded),
                    .init("max turns", script: try printing("error-max-turns.jsonl", exit: 1), kind: .server),
                    .init(
                        "usage error", script: "echo 'usage: claude [options]' >&2\nexit 2", kind: .server,
                        message: "exited with status 2"),
                ],
                unexercisable: [
                    .tools: "the CLI's tools are its own agent's; a request's tools are refused before the CLI starts"
                ]
            ),
            instanceName: "claude-code"
        )
    }

    @Test(arguments: ConformanceCheck.allCases)
    func claudeCodeConforms(_ check: ConformanceCheck) async throws {
        try await Self.conformance().run(check)
    }
}
