import SwitchboardKit
import SwitchboardTesting
import Testing

/// The conformance suite (`SwitchboardTesting.ProviderConformance`) on the Anthropic plugin, with Anthropic's recorded
/// transcripts and its own errors.
@Suite("Anthropic plugin conformance")
struct AnthropicConformanceTests {
    static func conformance() throws -> ProviderConformance {
        let bodies: [HTTPFailure: String] = [
            .unauthorized: try Fixture.text("error-401.json"),
            .forbidden: try Fixture.text("error-403.json"),
            .notFound: try Fixture.text("error-404.json"),
            .rateLimited: try Fixture.text("error-429.json"),
            .contextWindowExceeded: try Fixture.text("error-400-prompt-too-long.json"),
            .serverError: try Fixture.text("error-500.json"),
            // Anthropic's overload is 529 (a vendor error below); a proxy's 503 around the same body is overload too.
            .unavailable: try Fixture.text("error-529.json"),
        ]
        let sse = "text/event-stream"
        return ProviderConformance(
            plugin: try BuiltPlugin.path(product: "SwitchboardAnthropicPlugin"),
            settings: { baseURL in ["base_url": .string(baseURL), "api_key": .string(AnthropicPluginTests.apiKey)] },
            transcripts: ConformanceTranscripts(
                stream: try Fixture.response("stream-text.sse", contentType: sse),
                truncatedStream: try Fixture.response("stream-cut.sse", contentType: sse),
                errorBody: { bodies[$0] ?? "" },
                toolCall: .init(
                    tool: "get_weather", response: try Fixture.response("stream-tool-use.sse", contentType: sse)),
                thinking: try Fixture.response("stream-thinking.sse", contentType: sse),
                routes: ["/v1/models": .json(200, try Fixture.text("models-page-2.json"))],
                vendorErrors: [
                    try .recorded(status: 401, fixture: "error-401.json", kind: .authentication),
                    try .recorded(status: 403, fixture: "error-403.json", kind: .permission),
                    try .recorded(status: 404, fixture: "error-404.json", kind: .notFound),
                    try .recorded(status: 413, fixture: "error-413.json", kind: .invalidRequest),
                    try .recorded(
                        status: 429, fixture: "error-429.json",
                        headers: [("retry-after", "20"), ("anthropic-ratelimit-requests-remaining", "0")],
                        kind: .rateLimited, retryAfter: 20),
                    try .recorded(status: 500, fixture: "error-500.json", kind: .server),
                    try .recorded(status: 529, fixture: "error-529.json", kind: .overloaded),
                    try .recorded(status: 400, fixture: "error-400-prompt-too-long.json", kind: .contextWindowExceeded),
                    try .recorded(status: 400, fixture: "error-400-invalid.json", kind: .invalidRequest),
                ]
            ),
            secrets: [AnthropicPluginTests.apiKey],
            instanceName: "anthropic"
        )
    }

    @Test(arguments: ConformanceCheck.allCases)
    func anthropicConforms(_ check: ConformanceCheck) async throws {
        try await Self.conformance().run(check)
    }
}
