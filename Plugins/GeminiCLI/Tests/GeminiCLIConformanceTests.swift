import SwitchboardKit
import SwitchboardTesting
import Testing

/// The conformance suite (`SwitchboardTesting.ProviderConformance`) on the Gemini CLI plugin, driving fake `gemini`
/// executables that print the CLI's recorded JSON documents.
@Suite("Gemini CLI plugin conformance")
struct GeminiCLIConformanceTests {
    static func conformance() throws -> ProviderConformance {
        func printing(_ fixture: String, exit status: Int = 0) throws -> String {
            "cat '\(try Fixture.path(fixture))'\nexit \(status)"
        }
        return ProviderConformance(
            plugin: try BuiltPlugin.path(product: "SwitchboardGeminiCLIPlugin"),
            subprocess: { executable in ["path": .string(executable)] },
            transcripts: SubprocessTranscripts(
                stream: try printing("success.json"),
                // The document cut half-way, the CLI exiting 0.
                truncatedStream: "head -c 120 '\(try Fixture.path("success.json"))'\nexit 0",
                hangingStream: "sleep 30 &\nwait",
                failures: [
                    .init(
                        "quota", script: try printing("error-quota.json", exit: 1), kind: .rateLimited,
                        message: "Resource has been exhausted (e.g. check quota)."),
                    .init("API key", script: try printing("error-api-key.json", exit: 1), kind: .authentication),
                    .init(
                        "authentication on stderr",
                        script: "cat '\(try Fixture.path("error-auth.stderr"))' >&2\nexit 41", kind: .authentication),
                ]
            ),
            instanceName: "gemini-cli"
        )
    }

    @Test(arguments: ConformanceCheck.allCases)
    func geminiCLIConforms(_ check: ConformanceCheck) async throws {
        try await Self.conformance().run(check)
    }
}
