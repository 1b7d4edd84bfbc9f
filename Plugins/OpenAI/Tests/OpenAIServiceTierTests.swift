import Foundation
import SwitchboardKit
import SwitchboardTesting
import Testing

/// The real OpenAI plugin `.so` reports the service tier each chunk names (`service_tier`), which prices the request:
/// `flex` and `priority` have price lists of their own, `default` is the standard one.
@Suite("OpenAI plugin: service tier")
struct OpenAIServiceTierTests {
    static let apiKey = "sk-test-secret-key-000000005678"

    /// A two-chunk stream in `tier`; as OpenAI streams it, the usage chunk has no choices.
    static func stream(tier: String) -> MockHTTPServer.Response {
        let head =
            #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1764806400,"model":"gpt-6-luna","#
            + #""service_tier":"\#(tier)","#
        let chunks = [
            head + #""choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}]}"#,
            head + #""choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#,
            head + #""choices":[],"usage":{"prompt_tokens":30,"completion_tokens":2,"#
                + #""prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}}"#,
        ]
        let body = chunks.map { "data: \($0)\n\n" }.joined() + "data: [DONE]\n\n"
        return MockHTTPServer.Response(
            status: 200, headers: [("content-type", "text/event-stream")], chunks: [.text(body)])
    }

    private func usage(tier: String) async throws -> Usage? {
        var reported: Usage?
        try await BuiltPlugin.withProvider(
            product: "SwitchboardOpenAIPlugin", name: "openai",
            settings: { server in ["base_url": .string(server.baseURL + "/v1"), "api_key": .string(Self.apiKey)] },
            { _ in Self.stream(tier: tier) }
        ) { provider, _ in
            let (events, error) = await provider.collect(ChatRequest(model: "gpt-6-luna", messages: [.user("Hi")]))
            #expect(error == nil)
            for case .usage(let usage) in events { reported = usage }
        }
        return reported
    }

    @Test(arguments: ["flex", "priority"])
    func aRequestServedInAnotherTierSaysWhich(tier: String) async throws {
        #expect(try await usage(tier: tier) == Usage(inputUncached: 30, outputText: 2, serviceTier: tier))
    }

    @Test func theDefaultTierIsTheStandardOneAndNamesNoTier() async throws {
        #expect(try await usage(tier: "default") == Usage(inputUncached: 30, outputText: 2))
    }
}
