import Foundation
import SwitchboardKit
import SwitchboardTesting
import Testing

/// The conformance suite third-party plugins run on themselves (`SwitchboardTesting.ProviderConformance`), run on the
/// bundled HTTP plugins with their vendors' recorded transcripts.
@Suite("Conformance of the bundled plugins")
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

    /// The vendor's own error transcripts under `Fixtures/`, each sent with `status` and `headers`, that must become
    /// a `kind` error carrying `retryAfter` and the vendor's `error.message` verbatim.
    static func vendorErrors(
        _ rows: [(status: Int, fixture: String, headers: [(String, String)], kind: ProviderError.Kind, retryAfter: Double?)]
    ) throws -> [ConformanceTranscripts.VendorError] {
        try rows.map { row in
            let body = try Fixture.text(row.fixture)
            let message = try JSONDecoder().decode(JSONValue.self, from: Data(body.utf8))["error"]?["message"]?
                .stringValue
            return ConformanceTranscripts.VendorError(
                "HTTP \(row.status) \(row.fixture)", status: row.status, body: body, headers: row.headers,
                kind: row.kind, retryAfter: row.retryAfter, message: try #require(message, "\(row.fixture)"))
        }
    }

    static func anthropic() throws -> ProviderConformance {
        let bodies: [HTTPFailure: String] = [
            .unauthorized: try Fixture.text("Anthropic/error-401.json"),
            .forbidden: try Fixture.text("Anthropic/error-403.json"),
            .notFound: try Fixture.text("Anthropic/error-404.json"),
            .rateLimited: try Fixture.text("Anthropic/error-429.json"),
            .contextWindowExceeded: try Fixture.text("Anthropic/error-400-prompt-too-long.json"),
            .serverError: try Fixture.text("Anthropic/error-500.json"),
            // Anthropic's overload is 529 (a vendor error below); a proxy's 503 around the same body is overload too.
            .unavailable: try Fixture.text("Anthropic/error-529.json"),
        ]
        let sse = "text/event-stream"
        return ProviderConformance(
            plugin: try TestSupport.plugin("Anthropic"),
            settings: { baseURL in
                ["base_url": .string(baseURL), "api_key": .string(AnthropicPluginTests.apiKey)]
            },
            transcripts: ConformanceTranscripts(
                stream: try Fixture.response("Anthropic/stream-text.sse", contentType: sse),
                truncatedStream: try Fixture.response("Anthropic/stream-cut.sse", contentType: sse),
                errorBody: { bodies[$0] ?? "" },
                toolCall: .init(
                    tool: "get_weather",
                    response: try Fixture.response("Anthropic/stream-tool-use.sse", contentType: sse)),
                thinking: try Fixture.response("Anthropic/stream-thinking.sse", contentType: sse),
                routes: ["/v1/models": .json(200, try Fixture.text("Anthropic/models-page-2.json"))],
                vendorErrors: try vendorErrors([
                    (401, "Anthropic/error-401.json", [], .authentication, nil),
                    (403, "Anthropic/error-403.json", [], .permission, nil),
                    (404, "Anthropic/error-404.json", [], .notFound, nil),
                    (413, "Anthropic/error-413.json", [], .invalidRequest, nil),
                    (
                        429, "Anthropic/error-429.json",
                        [("retry-after", "20"), ("anthropic-ratelimit-requests-remaining", "0")], .rateLimited, 20
                    ),
                    (500, "Anthropic/error-500.json", [], .server, nil),
                    (529, "Anthropic/error-529.json", [], .overloaded, nil),
                    (400, "Anthropic/error-400-prompt-too-long.json", [], .contextWindowExceeded, nil),
                    (400, "Anthropic/error-400-invalid.json", [], .invalidRequest, nil),
                ])
            ),
            secrets: [AnthropicPluginTests.apiKey],
            instanceName: "anthropic"
        )
    }

    static func gemini() throws -> ProviderConformance {
        // Google's error envelope; the 429 without RetryInfo, so the Retry-After header is what the error carries.
        func google(_ code: Int, _ status: String, _ message: String) -> String {
            #"{"error":{"code":\#(code),"message":"\#(message)","status":"\#(status)"}}"#
        }
        let bodies: [HTTPFailure: String] = [
            .unauthorized: google(401, "UNAUTHENTICATED", "Request had invalid authentication credentials."),
            .forbidden: google(403, "PERMISSION_DENIED", "The caller does not have permission"),
            .notFound: google(404, "NOT_FOUND", "models/gemini-9 is not found for API version v1beta"),
            .rateLimited: google(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota)."),
            .contextWindowExceeded: try Fixture.text("Gemini/error-400-token-limit.json"),
            .serverError: try Fixture.text("Gemini/error-500.json"),
            .unavailable: try Fixture.text("Gemini/error-503.json"),
        ]
        let sse = "text/event-stream"
        return ProviderConformance(
            plugin: try TestSupport.plugin("Gemini"),
            settings: { baseURL in
                ["base_url": .string(baseURL + "/v1beta"), "api_key": .string(GeminiPluginTests.apiKey)]
            },
            transcripts: ConformanceTranscripts(
                stream: try Fixture.response("Gemini/stream-text.sse", contentType: sse),
                truncatedStream: try Fixture.response("Gemini/stream-cut.sse", contentType: sse),
                errorBody: { bodies[$0] ?? "" },
                toolCall: .init(
                    tool: "get_weather",
                    response: try Fixture.response("Gemini/stream-function-call.sse", contentType: sse)),
                thinking: try Fixture.response("Gemini/stream-thinking.sse", contentType: sse),
                routes: ["/v1beta/models": .json(200, try Fixture.text("Gemini/models-page-2.json"))],
                vendorErrors: try vendorErrors([
                    (400, "Gemini/error-400-api-key.json", [], .authentication, nil),
                    (400, "Gemini/error-400-token-limit.json", [], .contextWindowExceeded, nil),
                    // RetryInfo's retryDelay in the body wins over the header.
                    (429, "Gemini/error-429.json", [("retry-after", "5")], .rateLimited, 20),
                    (500, "Gemini/error-500.json", [], .server, nil),
                    (503, "Gemini/error-503.json", [], .overloaded, nil),
                ])
            ),
            secrets: [GeminiPluginTests.apiKey],
            instanceName: "gemini"
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
    func anthropicConforms(_ check: ConformanceCheck) async throws {
        try await Self.anthropic().run(check)
    }

    @Test(arguments: ConformanceCheck.allCases)
    func geminiConforms(_ check: ConformanceCheck) async throws {
        try await Self.gemini().run(check)
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
