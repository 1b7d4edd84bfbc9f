import SwitchboardKit
import SwitchboardTesting
import Testing

/// The conformance suite (`SwitchboardTesting.ProviderConformance`) on the Ollama plugin, with Ollama's recorded NDJSON
/// transcripts.
@Suite("Ollama plugin conformance")
struct OllamaConformanceTests {
    static func conformance() throws -> ProviderConformance {
        let messages: [HTTPFailure: String] = [
            .unauthorized: "unauthorized",
            .forbidden: "forbidden",
            .notFound: #"model \"nope\" not found, try pulling it first"#,
            .rateLimited: "too many requests",
            .contextWindowExceeded: "prompt is too long: the input exceeds the context length of 2048 tokens",
            .serverError: "llama runner process has terminated",
            .unavailable: "server busy, please try again. maximum pending requests exceeded",
        ]
        let ndjson = "application/x-ndjson"
        return ProviderConformance(
            plugin: try BuiltPlugin.path(product: "SwitchboardOllamaPlugin"),
            settings: { baseURL in ["base_url": .string(baseURL)] },
            transcripts: ConformanceTranscripts(
                stream: try Fixture.response("stream-text.ndjson", contentType: ndjson, size: 53),
                truncatedStream: try Fixture.response("stream-cut.ndjson", contentType: ndjson, size: 53),
                errorBody: { #"{"error":"\#(messages[$0] ?? "")"}"# },
                toolCall: .init(
                    tool: "get_current_weather",
                    response: try Fixture.response("stream-tool-call.ndjson", contentType: ndjson)),
                thinking: try Fixture.response("stream-thinking.ndjson", contentType: ndjson),
                routes: [
                    "/api/tags": .json(200, try Fixture.text("tags.json")),
                    "/api/show": .json(200, try Fixture.text("show-llama.json")),
                    "/api/version": .json(200, #"{"version":"0.5.7"}"#),
                ]
            ),
            instanceName: "ollama"
        )
    }

    @Test(arguments: ConformanceCheck.allCases)
    func ollamaConforms(_ check: ConformanceCheck) async throws {
        try await Self.conformance().run(check)
    }
}
