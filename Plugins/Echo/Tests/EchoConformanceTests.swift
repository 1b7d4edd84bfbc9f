import SwitchboardKit
import SwitchboardTesting
import Testing

/// The conformance suite (`SwitchboardTesting.ProviderConformance`) on the Echo plugin, which answers in process:
/// its failures are asked for with request metadata, and the checks about a transport are not applicable.
@Suite("Echo plugin conformance")
struct EchoConformanceTests {
    static func conformance() throws -> ProviderConformance {
        ProviderConformance(
            plugin: try BuiltPlugin.path(product: "SwitchboardEchoPlugin"),
            inProcess: ["prefix": "You said: "],
            transcripts: SubprocessTranscripts(
                stream: "",
                failures: [
                    .init("overloaded", metadata: ["echo.error": "overloaded"], kind: .overloaded),
                    .init("rate limited", metadata: ["echo.error": "rate_limited"], kind: .rateLimited),
                ],
                unexercisable: [
                    .tools: "Echo advertises tools but never calls one: it echoes the prompt",
                    .vision: "Echo echoes the prompt's text; an image is not looked at",
                ]
            ),
            instanceName: "echo"
        )
    }

    @Test(arguments: ConformanceCheck.allCases)
    func echoConforms(_ check: ConformanceCheck) async throws {
        try await Self.conformance().run(check)
    }
}
