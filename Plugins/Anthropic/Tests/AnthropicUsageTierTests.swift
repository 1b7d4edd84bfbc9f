import Foundation
import SwitchboardKit
import SwitchboardTesting
import Testing

/// How the real Anthropic plugin `.so` reports what decides the price beyond token counts: the 1-hour share of the
/// cache writes (`usage.cache_creation`) and the service tier (`usage.service_tier`), as Anthropic's stream sends them.
@Suite("Anthropic plugin: cache-write lifetimes and service tier")
struct AnthropicUsageTierTests {
    static let apiKey = "sk-ant-api03-test-secret-key-000000005678"
    let request = ChatRequest(model: "claude-haiku-4-5-20251001", messages: [.user("Say hello")])

    /// A stream whose `message_start` carries `usage`, with `message_delta` adding the output count.
    static func stream(usage: String) -> MockHTTPServer.Response {
        let events = [
            #"{"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","#
                + #""model":"claude-haiku-4-5-20251001","content":[],"stop_reason":null,"usage":\#(usage)}}"#,
            #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#,
            #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}"#,
            #"{"type":"content_block_stop","index":0}"#,
            #"{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":7}}"#,
            #"{"type":"message_stop"}"#,
        ]
        let body = events.map { "event: \(Self.type(of: $0))\ndata: \($0)\n\n" }.joined()
        return MockHTTPServer.Response(
            status: 200, headers: [("content-type", "text/event-stream")], chunks: [.text(body)])
    }

    private static func type(of event: String) -> String {
        String(event.split(separator: "\"")[3])
    }

    private func usage(answering response: MockHTTPServer.Response) async throws -> Usage? {
        var reported: Usage?
        try await BuiltPlugin.withProvider(
            product: "SwitchboardAnthropicPlugin", name: "anthropic",
            settings: { server in ["base_url": .string(server.baseURL), "api_key": .string(Self.apiKey)] },
            { _ in response }
        ) { provider, _ in
            let (events, error) = await provider.collect(request)
            #expect(error == nil)
            for case .usage(let usage) in events { reported = usage }
        }
        return reported
    }

    @Test func oneHourCacheWritesAreCountedApartFromFiveMinuteOnes() async throws {
        let usage = try await usage(
            answering: Self.stream(
                usage: #"{"input_tokens":12,"cache_creation_input_tokens":3000,"cache_read_input_tokens":500,"#
                    + #""cache_creation":{"ephemeral_5m_input_tokens":1000,"ephemeral_1h_input_tokens":2000},"#
                    + #""output_tokens":1,"service_tier":"standard"}"#))
        #expect(
            usage
                == Usage(
                    inputUncached: 12, inputCacheRead: 500, inputCacheWrite: 3000, inputCacheWriteExtended: 2000,
                    outputText: 7),
            "the standard tier is reported as no tier")
    }

    @Test func aPriorityTierRequestSaysSo() async throws {
        let usage = try await usage(
            answering: Self.stream(
                usage: #"{"input_tokens":40,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"#
                    + #""output_tokens":1,"service_tier":"priority"}"#))
        #expect(usage == Usage(inputUncached: 40, outputText: 7, serviceTier: "priority"))
    }

    @Test func aResponseWithoutTheSplitCountsEveryWriteAsFiveMinute() async throws {
        let usage = try await usage(
            answering: Self.stream(
                usage: #"{"input_tokens":5,"cache_creation_input_tokens":800,"cache_read_input_tokens":0,"#
                    + #""output_tokens":1}"#))
        #expect(usage == Usage(inputUncached: 5, inputCacheWrite: 800, outputText: 7))
    }
}
