import Foundation
import NIOHTTP1
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// The gateway in front of the real OpenAI and Anthropic plugins, with a mock vendor server as upstream: tools,
/// images and response formats travel through, in both client shapes.
@Suite("gateway: upstream plugins")
struct UpstreamTests {
    static func configuration(_ upstream: MockHTTPServer) throws -> SwitchboardConfiguration {
        try GatewayTestSupport.configuration(
            """
            providers:
              openai: {plugin: openai, settings: {base_url: "\(upstream.baseURL)/v1", api_key: upstream-secret}}
              claude: {plugin: anthropic, settings: {base_url: "\(upstream.baseURL)", api_key: upstream-secret}}
            """, plugins: ["openai", "anthropic"])
    }

    static func sse(_ fixture: String) throws -> MockHTTPServer.Response {
        MockHTTPServer.Response(
            headers: [("content-type", "text/event-stream")], chunks: [.text(try GatewayTestSupport.fixture(fixture))])
    }

    @Test func streamsToolCallDeltasInOpenAIShape() async throws {
        let upstream = try await MockHTTPServer.start { _ in
            (try? Self.sse("OpenAI/stream-tool-call.sse")) ?? .init(status: 500)
        }
        defer { Task { try await upstream.shutdown() } }
        try await RoutedGateway.with(try Self.configuration(upstream)) { gateway in
            let request = """
                {"model":"openai/gpt-6.1-terra","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"weather in Paris?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather by city",
                   "parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}}],
                 "tool_choice":"auto"}
                """
            let answer = try await gateway.send("/v1/chat/completions", json: request)
            #expect(answer.status == 200, "\(answer.body)")
            let chunks = answer.eventObjects
            let calls = chunks.compactMap { $0["choices", 0, "delta", "tool_calls", 0] }
            #expect(calls.first?["id"] == "call_DdmO9pD3xa9XTPNJ32zg2hcA")
            #expect(calls.first?["type"] == "function")
            #expect(calls.first?["function", "name"] == "get_weather")
            #expect(calls.allSatisfy { $0["index"] == 0 })
            #expect(calls.compactMap { $0["function", "arguments"]?.stringValue }.joined() == #"{"location":"Paris"}"#)
            #expect(chunks.compactMap { $0["choices", 0, "finish_reason"]?.stringValue } == ["tool_calls"])
            #expect(chunks.last?["usage", "prompt_tokens"] == 80)
            #expect(answer.events.last == "[DONE]")

            let sent = try JSONParser.parse(try #require(upstream.requests.last).bodyText)
            #expect(sent["model"] == "gpt-6.1-terra")
            #expect(sent["tools", 0, "function", "name"] == "get_weather")
            #expect(sent["tools", 0, "function", "parameters", "required"] == ["location"])
        }
    }

    @Test func forwardsImagesAndResponseFormatsUpstream() async throws {
        let upstream = try await MockHTTPServer.start { _ in
            (try? Self.sse("OpenAI/stream-text.sse")) ?? .init(status: 500)
        }
        defer { Task { try await upstream.shutdown() } }
        try await RoutedGateway.with(try Self.configuration(upstream)) { gateway in
            let request = """
                {"model":"openai/gpt-6.1-terra","max_completion_tokens":64,"temperature":0.2,"top_p":0.9,"stop":["END"],
                 "response_format":{"type":"json_schema","json_schema":{"name":"answer","strict":true,
                   "schema":{"type":"object","properties":{"city":{"type":"string"}}}}},
                 "messages":[{"role":"user","content":[{"type":"text","text":"what is this?"},
                   {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},
                   {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]}]}
                """
            let answer = try await gateway.send("/v1/chat/completions", json: request)
            #expect(answer.status == 200, "\(answer.body)")
            #expect(try answer.json["choices", 0, "message", "content"]?.stringValue?.isEmpty == false)
            let sent = try JSONParser.parse(try #require(upstream.requests.last).bodyText)
            let parts = sent["messages", 0, "content"]?.arrayValue ?? []
            #expect(parts.count == 3)
            #expect(parts[1]["image_url", "url"] == "data:image/png;base64,iVBORw0KGgo=")
            #expect(parts[2]["image_url", "url"] == "https://example.com/cat.jpg")
            #expect(sent["response_format", "type"] == "json_schema")
            #expect(sent["response_format", "json_schema", "name"] == "answer")
            #expect(sent["temperature"] == 0.2)
            #expect(sent["stop"] == ["END"])
        }
    }

    @Test func answersMessagesInAnthropicShapeFromAnOpenAIUpstream() async throws {
        let upstream = try await MockHTTPServer.start { _ in
            (try? Self.sse("OpenAI/stream-tool-call.sse")) ?? .init(status: 500)
        }
        defer { Task { try await upstream.shutdown() } }
        try await RoutedGateway.with(try Self.configuration(upstream)) { gateway in
            let request = """
                {"model":"openai/gpt-6.1-terra","max_tokens":256,"system":"You are terse.",
                 "messages":[{"role":"user","content":"weather in Paris?"}],
                 "tools":[{"name":"get_weather","input_schema":{"type":"object","properties":{"location":{"type":"string"}}}}]}
                """
            let answer = try await gateway.send(
                "/v1/messages", json: request, headers: [("x-api-key", "ignored"), ("anthropic-version", "2023-06-01")])
            #expect(answer.status == 200, "\(answer.body)")
            let json = try answer.json
            #expect(json["type"] == "message")
            #expect(json["role"] == "assistant")
            #expect(json["stop_reason"] == "tool_use")
            #expect(json["content", 0, "type"] == "tool_use")
            #expect(json["content", 0, "name"] == "get_weather")
            #expect(json["content", 0, "input"] == ["location": "Paris"])
            #expect(json["usage", "input_tokens"] == 80)
            let sent = try JSONParser.parse(try #require(upstream.requests.last).bodyText)
            #expect(sent["messages", 0, "role"] == "system")
            #expect(sent["max_completion_tokens"] == 256 || sent["max_tokens"] == 256)
        }
    }

    @Test func streamsMessagesEventsFromAnAnthropicUpstream() async throws {
        let upstream = try await MockHTTPServer.start { _ in
            (try? Self.sse("Anthropic/stream-tool-use.sse")) ?? .init(status: 500)
        }
        defer { Task { try await upstream.shutdown() } }
        try await RoutedGateway.with(try Self.configuration(upstream)) { gateway in
            let request = """
                {"model":"claude/claude-sonnet-5-5","max_tokens":1024,"stream":true,
                 "messages":[{"role":"user","content":[{"type":"text","text":"weather?"},
                   {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/4AAQ"}}]}],
                 "tools":[{"name":"get_weather","input_schema":{"type":"object"}}]}
                """
            let answer = try await gateway.send("/v1/messages", json: request)
            #expect(answer.status == 200, "\(answer.body)")
            #expect(
                answer.eventNames == [
                    "message_start", "content_block_start", "content_block_delta", "content_block_stop",
                    "content_block_start",
                    "content_block_delta", "content_block_delta", "content_block_delta", "content_block_stop",
                    "message_delta", "message_stop",
                ])
            let events = answer.eventObjects
            #expect(events[0]["message", "model"] == "claude-sonnet-5-5")
            #expect(events[1]["content_block", "type"] == "text")
            #expect(events[2]["delta"] == ["type": "text_delta", "text": "Let me check the weather."])
            #expect(events[4]["content_block", "type"] == "tool_use")
            #expect(events[4]["content_block", "id"] == "toolu_01T1x1fJ34qAmk2tNTrN7Up6")
            #expect(events[4]["index"] == 1)
            let json = events[5...7].compactMap { $0["delta", "partial_json"]?.stringValue }.joined()
            #expect(json == #"{"location": "San Francisco, CA", "unit": "fahrenheit"}"#)
            #expect(events[9]["delta", "stop_reason"] == "tool_use")
            #expect(events[9]["usage", "output_tokens"] == 89)

            let sent = try JSONParser.parse(try #require(upstream.requests.last).bodyText)
            #expect(sent["messages", 0, "content", 1, "source", "data"] == "/9j/4AAQ")
            #expect(upstream.requests.last?.header("x-api-key") == "upstream-secret")
        }
    }

    @Test func anthropicErrorsUseAnthropicShape() async throws {
        let upstream = try await MockHTTPServer.start { _ in
            .json(529, (try? GatewayTestSupport.fixture("Anthropic/error-529.json")) ?? "{}")
        }
        defer { Task { try await upstream.shutdown() } }
        var configuration = try Self.configuration(upstream)
        configuration.routing.retry.maxAttempts = 1
        try await RoutedGateway.with(configuration) { gateway in
            let answer = try await gateway.send(
                "/v1/messages",
                json:
                    #"{"model":"claude/claude-sonnet-5-5","max_tokens":10,"messages":[{"role":"user","content":"x"}]}"#
            )
            #expect(answer.status == 529)
            #expect(try answer.json["type"] == "error")
            #expect(try answer.json["error", "type"] == "overloaded_error")
            #expect(!answer.body.contains("upstream-secret"))
        }
    }

    @Test func aRateLimitLongerThanTheWaitBoundIsA429WithRetryAfterAtOnce() async throws {
        let upstream = try await MockHTTPServer.start { _ in
            .json(
                429, (try? GatewayTestSupport.fixture("OpenAI/error-429.json")) ?? "{}",
                headers: [("retry-after", "120")])
        }
        defer { Task { try await upstream.shutdown() } }
        let configuration = try Self.configuration(upstream)
        try await RoutedGateway.with(configuration) { gateway in
            for request in 1...2 {
                let answer = try await gateway.send(
                    "/v1/chat/completions",
                    json: #"{"model":"openai/gpt-6.1-terra","messages":[{"role":"user","content":"x"}]}"#)
                #expect(answer.status == 429)
                #expect(try answer.json["error", "type"] == "rate_limit_error")
                let seconds = try #require(answer.headers.first(name: "retry-after").flatMap(Int.init))
                let milliseconds = try #require(answer.headers.first(name: "retry-after-ms").flatMap(Int.init))
                if request == 1 {
                    #expect(
                        seconds == 120 && milliseconds == 120_000, "the upstream's 120 s, never a breaker's cooldown")
                } else {
                    // What is left of the upstream's hold when the second request arrives (120 s: far longer than a loaded
                    // machine takes between the two requests, so the hold is still in force).
                    #expect((1...120).contains(seconds) && (1...120_000).contains(milliseconds))
                    #expect(seconds == (milliseconds + 999) / 1000, "Retry-After is retry-after-ms rounded up")
                }
            }
            let chats = upstream.requests.filter { $0.uri.hasSuffix("/chat/completions") }
            #expect(chats.count == 1, "the second request was held off by the Retry-After, not sent")
        }
    }

    @Test func streamsThinkingWithItsSignatureInAnthropicShape() async throws {
        let upstream = try await MockHTTPServer.start { _ in
            (try? Self.sse("Anthropic/stream-thinking.sse")) ?? .init(status: 500)
        }
        defer { Task { try await upstream.shutdown() } }
        try await RoutedGateway.with(try Self.configuration(upstream)) { gateway in
            let request = """
                {"model":"claude/claude-sonnet-5-5","max_tokens":2048,"stream":true,
                 "thinking":{"type":"enabled","budget_tokens":1024},"messages":[{"role":"user","content":"27 * 453?"}]}
                """
            let answer = try await gateway.send("/v1/messages", json: request)
            #expect(answer.status == 200, "\(answer.body)")
            let deltas = answer.eventObjects.compactMap { $0["delta"] }
            let thinking = deltas.compactMap { $0["thinking"]?.stringValue }.joined()
            #expect(thinking == "27 * 453 = 27 * 400 + 27 * 53 = 10800 + 1431 = 12231.")
            #expect(
                deltas.contains {
                    $0["type"] == "signature_delta" && $0["signature"]?.stringValue?.hasPrefix("EqQBCgIYAhIM") == true
                })
            #expect(deltas.compactMap { $0["text"]?.stringValue }.joined() == "27 * 453 = 12,231")
            let starts = answer.eventObjects.filter { $0["type"] == "content_block_start" }
            // The redacted block travels as a thinking block whose signature carries its data, so it goes back unchanged.
            #expect(starts.compactMap { $0["content_block", "type"]?.stringValue } == ["thinking", "thinking", "text"])
            #expect(deltas.contains { $0["signature"]?.stringValue?.hasPrefix("redacted_thinking:") == true })
            let sent = try JSONParser.parse(try #require(upstream.requests.last).bodyText)
            #expect(sent["thinking", "budget_tokens"] == 1024)
        }
    }

    @Test func aStreamThatFailsAfterItBeganEndsWithAnErrorEvent() async throws {
        let upstream = try await MockHTTPServer.start { _ in
            (try? Self.sse("OpenAI/stream-cut.sse")).map { response in
                var cut = response
                cut.chunks.append(.drop)
                return cut
            } ?? .init(status: 500)
        }
        defer { Task { try await upstream.shutdown() } }
        var configuration = try Self.configuration(upstream)
        configuration.routing.retry.maxAttempts = 1
        try await RoutedGateway.with(configuration) { gateway in
            let answer = try await gateway.send(
                "/v1/chat/completions",
                json: #"{"model":"openai/gpt-6-luna","stream":true,"messages":[{"role":"user","content":"hi"}]}"#)
            #expect(answer.status == 200)
            #expect(answer.events.last != "[DONE]")
            let error = try #require(answer.eventObjects.last?["error"])
            #expect(error["type"] == "server_error")
            #expect(
                error["message"]?.stringValue?.contains("after its answer had begun to stream") == true,
                "\(answer.body)")
        }
    }
}
