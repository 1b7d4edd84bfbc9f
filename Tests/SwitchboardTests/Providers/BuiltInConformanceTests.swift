import Foundation
import SwitchboardKit
import SwitchboardTesting
import Testing

/// The conformance suite third-party plugins run on themselves (`SwitchboardTesting.ProviderConformance`), run on the
/// bundled HTTP plugins with their vendors' recorded transcripts.
@Suite("Conformance of the bundled HTTP plugins")
struct BuiltInConformanceTests {
    static func openAI() throws -> ProviderConformance {
        let bodies: [HTTPFailure: String] = [
            .unauthorized: try Fixture.text("OpenAI/error-401.json"),
            .forbidden: try Fixture.text("OpenAI/error-403.json"),
            .notFound: try Fixture.text("OpenAI/error-404.json"),
            .rateLimited: try Fixture.text("OpenAI/error-429.json"),
            .contextWindowExceeded: try Fixture.text("OpenAI/error-400-context.json"),
            .serverError: try Fixture.text("OpenAI/error-500.json"),
            .unavailable: try Fixture.text("OpenAI/error-503.json"),
        ]
        let sse = "text/event-stream"
        return ProviderConformance(
            plugin: try TestSupport.plugin("OpenAI"),
            settings: { baseURL in ["base_url": .string(baseURL + "/v1"), "api_key": .string(OpenAIPluginTests.apiKey)]
            },
            transcripts: ConformanceTranscripts(
                stream: try Fixture.response("OpenAI/stream-text.sse", contentType: sse),
                truncatedStream: try Fixture.response("OpenAI/stream-cut.sse", contentType: sse),
                errorBody: { bodies[$0] ?? "" },
                toolCall: .init(
                    tool: "get_weather", response: try Fixture.response("OpenAI/stream-tool-call.sse", contentType: sse)
                ),
                thinking: try Fixture.response("OpenAI/stream-reasoning.sse", contentType: sse),
                routes: ["/v1/models": .json(200, try Fixture.text("OpenAI/models.json"))]
            ),
            secrets: [OpenAIPluginTests.apiKey],
            instanceName: "openai"
        )
    }

    static func ollama() throws -> ProviderConformance {
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
            plugin: try TestSupport.plugin("Ollama"),
            settings: { baseURL in ["base_url": .string(baseURL)] },
            transcripts: ConformanceTranscripts(
                stream: try Fixture.response("Ollama/stream-text.ndjson", contentType: ndjson, size: 53),
                truncatedStream: try Fixture.response("Ollama/stream-cut.ndjson", contentType: ndjson, size: 53),
                errorBody: { #"{"error":"\#(messages[$0] ?? "")"}"# },
                toolCall: .init(
                    tool: "get_current_weather",
                    response: try Fixture.response("Ollama/stream-tool-call.ndjson", contentType: ndjson)
                ),
                thinking: try Fixture.response("Ollama/stream-thinking.ndjson", contentType: ndjson),
                routes: [
                    "/api/tags": .json(200, try Fixture.text("Ollama/tags.json")),
                    "/api/show": .json(200, try Fixture.text("Ollama/show-llama.json")),
                    "/api/version": .json(200, #"{"version":"0.5.7"}"#),
                ]
            ),
            instanceName: "ollama"
        )
    }

    @Test(arguments: ConformanceCheck.allCases)
    func openAIConforms(_ check: ConformanceCheck) async throws {
        try await Self.openAI().run(check)
    }

    @Test(arguments: ConformanceCheck.allCases)
    func ollamaConforms(_ check: ConformanceCheck) async throws {
        try await Self.ollama().run(check)
    }

    @Test func aPluginThatBreaksThePromisesFailsTheSuiteNamingEachProblem() async throws {
        // The Echo plugin never calls the server: every HTTP promise is broken, and the suite must say so.
        let echo = ProviderConformance(
            plugin: try TestSupport.plugin("Echo"),
            settings: { _ in [:] },
            transcripts: try Self.openAI().transcripts
        )
        await #expect {
            try await echo.run(.errors)
        } throws: { error in
            let failure = error as? ConformanceFailure
            return failure?.check == .errors
                && failure?.problems.first == "HTTP 401 (unauthorized) ended the stream without an error"
        }
        await #expect {
            try await echo.run(.truncatedStream)
        } throws: { error in
            (error as? ConformanceFailure)?.problems.contains {
                $0.hasPrefix("a stream that stops before its end marker delivered a finish event")
            } == true
        }
        await #expect {
            try await echo.run(.cancellation)
        } throws: { error in
            (error as? ConformanceFailure)?.problems == ["the request never reached the server"]
        }
    }
}
