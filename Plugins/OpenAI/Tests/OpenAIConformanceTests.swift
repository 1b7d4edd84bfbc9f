import SwitchboardKit
import SwitchboardTesting
import Testing

/// The conformance suite third-party plugins run on themselves (`SwitchboardTesting.ProviderConformance`), run on the
/// OpenAI-compatible plugin with OpenAI's recorded transcripts.
@Suite("OpenAI-compatible plugin conformance")
struct OpenAIConformanceTests {
    static func conformance() throws -> ProviderConformance {
        let bodies: [HTTPFailure: String] = [
            .unauthorized: try Fixture.text("error-401.json"),
            .forbidden: try Fixture.text("error-403.json"),
            .notFound: try Fixture.text("error-404.json"),
            .rateLimited: try Fixture.text("error-429.json"),
            .contextWindowExceeded: try Fixture.text("error-400-context.json"),
            .serverError: try Fixture.text("error-500.json"),
            .unavailable: try Fixture.text("error-503.json"),
        ]
        let sse = "text/event-stream"
        return ProviderConformance(
            plugin: try BuiltPlugin.path(product: "SwitchboardOpenAIPlugin"),
            settings: { baseURL in
                ["base_url": .string(baseURL + "/v1"), "api_key": .string(OpenAIPluginTests.apiKey)]
            },
            transcripts: ConformanceTranscripts(
                stream: try Fixture.response("stream-text.sse", contentType: sse),
                truncatedStream: try Fixture.response("stream-cut.sse", contentType: sse),
                errorBody: { bodies[$0] ?? "" },
                toolCall: .init(
                    tool: "get_weather", response: try Fixture.response("stream-tool-call.sse", contentType: sse)),
                thinking: try Fixture.response("stream-reasoning.sse", contentType: sse),
                routes: ["/v1/models": .json(200, try Fixture.text("models.json"))]
            ),
            secrets: [OpenAIPluginTests.apiKey],
            instanceName: "openai"
        )
    }

    @Test(arguments: ConformanceCheck.allCases)
    func openAIConforms(_ check: ConformanceCheck) async throws {
        try await Self.conformance().run(check)
    }
}
