import SwitchboardKit
import SwitchboardTesting
import Testing

/// The conformance suite (`SwitchboardTesting.ProviderConformance`) on the Gemini plugin, with the Gemini API's
/// recorded transcripts and its own errors.
@Suite("Gemini plugin conformance")
struct GeminiConformanceTests {
    static func conformance() throws -> ProviderConformance {
        // Google's error envelope; the 429 without RetryInfo, so the Retry-After header is what the error carries.
        func google(_ code: Int, _ status: String, _ message: String) -> String {
            #"{"error":{"code":\#(code),"message":"\#(message)","status":"\#(status)"}}"#
        }
        let bodies: [HTTPFailure: String] = [
            .unauthorized: google(401, "UNAUTHENTICATED", "Request had invalid authentication credentials."),
            .forbidden: google(403, "PERMISSION_DENIED", "The caller does not have permission"),
            .notFound: google(404, "NOT_FOUND", "models/gemini-9 is not found for API version v1beta"),
            .rateLimited: google(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota)."),
            .contextWindowExceeded: try Fixture.text("error-400-token-limit.json"),
            .serverError: try Fixture.text("error-500.json"),
            .unavailable: try Fixture.text("error-503.json"),
        ]
        let sse = "text/event-stream"
        return ProviderConformance(
            plugin: try BuiltPlugin.path(product: "SwitchboardGeminiPlugin"),
            settings: { baseURL in
                ["base_url": .string(baseURL + "/v1beta"), "api_key": .string(GeminiPluginTests.apiKey)]
            },
            transcripts: ConformanceTranscripts(
                stream: try Fixture.response("stream-text.sse", contentType: sse),
                truncatedStream: try Fixture.response("stream-cut.sse", contentType: sse),
                errorBody: { bodies[$0] ?? "" },
                toolCall: .init(
                    tool: "get_weather", response: try Fixture.response("stream-function-call.sse", contentType: sse)),
                thinking: try Fixture.response("stream-thinking.sse", contentType: sse),
                routes: ["/v1beta/models": .json(200, try Fixture.text("models-page-2.json"))],
                vendorErrors: [
                    try .recorded(status: 400, fixture: "error-400-api-key.json", kind: .authentication),
                    try .recorded(status: 400, fixture: "error-400-token-limit.json", kind: .contextWindowExceeded),
                    // RetryInfo's retryDelay in the body wins over the header.
                    try .recorded(
                        status: 429, fixture: "error-429.json", headers: [("retry-after", "5")], kind: .rateLimited,
                        retryAfter: 20),
                    try .recorded(status: 500, fixture: "error-500.json", kind: .server),
                    try .recorded(status: 503, fixture: "error-503.json", kind: .overloaded),
                ]
            ),
            secrets: [GeminiPluginTests.apiKey],
            instanceName: "gemini"
        )
    }

    @Test(arguments: ConformanceCheck.allCases)
    func geminiConforms(_ check: ConformanceCheck) async throws {
        try await Self.conformance().run(check)
    }
}
