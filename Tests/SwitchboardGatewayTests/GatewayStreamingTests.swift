import AsyncHTTPClient
import Foundation
import NIOHTTP1
import NIOCore
import ServiceLifecycle
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// Streams under stress: a client that goes away, many at once, metrics, graceful shutdown.
@Suite("gateway: streaming, metrics and shutdown")
struct GatewayStreamingTests {
    static func upstreamConfiguration(_ upstream: MockHTTPServer, extra: String = "") throws -> SwitchboardConfiguration
    {
        try GatewayTestSupport.configuration(
            """
            providers:
              openai: {plugin: openai, settings: {base_url: "\(upstream.baseURL)/v1", api_key: upstream-secret}}
            \(extra)
            """, plugins: ["openai"])
    }

    static let firstChunk =
        #"data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-6.1-terra","choices":[{"index":0,"delta":{"role":"assistant","content":"Hello"},"finish_reason":null}]}"#
        + "\n\n"
    static let rest =
        #"data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-6.1-terra","choices":[{"index":0,"delta":{"content":" world"},"finish_reason":"stop"}]}"#
        + "\n\ndata: [DONE]\n\n"

    @Test(.timeLimit(.minutes(1)))
    func aClientThatDisconnectsMidStreamCancelsTheUpstreamRequest() async throws {
        let upstream = try await MockHTTPServer.start { _ in
            MockHTTPServer.Response(
                headers: [("content-type", "text/event-stream")], chunks: [.text(Self.firstChunk), .hang])
        }
        defer { Task { try await upstream.shutdown() } }
        try await RunningGateway.with(try Self.upstreamConfiguration(upstream)) { gateway in
            let (firstSeen, seen) = AsyncStream.makeStream(of: String.self)
            let client = Task {
                var request = HTTPClientRequest(url: gateway.baseURL + "/v1/chat/completions")
                request.method = .POST
                request.body = .bytes(
                    ByteBuffer(
                        string:
                            #"{"model":"openai/gpt-6.1-terra","stream":true,"messages":[{"role":"user","content":"hi"}]}"#
                    )
                )
                let response = try await GatewayTestSupport.client.execute(request, timeout: .seconds(60))
                var text = ""
                for try await buffer in response.body {
                    text += String(buffer: buffer)
                    if text.contains("Hello") { seen.yield(text) }
                }
            }
            var iterator = firstSeen.makeAsyncIterator()
            let received = await iterator.next()
            #expect(received?.contains(#""content":"Hello""#) == true)
            #expect(upstream.clientDisconnectsWhileStreaming == 0)
            client.cancel()
            while upstream.clientDisconnectsWhileStreaming == 0 {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(upstream.clientDisconnectsWhileStreaming == 1)
            #expect(upstream.requests.count == 1)
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func twoHundredConcurrentStreamsEachGetTheirOwnAnswer() async throws {
        let configuration = try GatewayTestSupport.configuration("providers:\n  echo: {plugin: echo, local: true}\n")
        try await RunningGateway.with(configuration) { gateway in
            let answers = try await withThrowingTaskGroup(of: (Int, String, [String]).self) { group in
                for number in 0..<200 {
                    group.addTask {
                        let prompt = "request number \(number) asks for its own answer"
                        let answer = try await gateway.send(
                            "/v1/chat/completions",
                            json: #"{"model":"echo","stream":true,"messages":[{"role":"user","content":"\#(prompt)"}]}"#
                        )
                        let text = answer.eventObjects.compactMap { $0["choices", 0, "delta", "content"]?.stringValue }
                            .joined()
                        return (number, text, answer.events)
                    }
                }
                var collected: [(Int, String, [String])] = []
                for try await answer in group { collected.append(answer) }
                return collected
            }
            #expect(answers.count == 200)
            for (number, text, events) in answers {
                #expect(text == "request number \(number) asks for its own answer")
                #expect(events.last == "[DONE]")
            }
        }
    }

    @Test func metricsCountRequestsErrorsTokensAndLatency() async throws {
        let configuration = try GatewayTestSupport.configuration("providers:\n  echo: {plugin: echo, local: true}\n")
        try await RoutedGateway.with(configuration) { gateway in
            _ = try await gateway.send(
                "/v1/chat/completions", json: #"{"model":"echo","messages":[{"role":"user","content":"a b c"}]}"#)
            _ = try await gateway.send(
                "/v1/chat/completions",
                json: #"{"model":"echo","stream":true,"messages":[{"role":"user","content":"d e"}]}"#)
            _ = try await gateway.send(
                "/v1/chat/completions", json: #"{"model":"nope","messages":[{"role":"user","content":"x"}]}"#)
            let metrics = try await gateway.send("/metrics", method: .GET)
            #expect(metrics.status == 200)
            #expect(metrics.headers.first(name: "content-type")?.hasPrefix("text/plain") == true)
            let text = metrics.body
            #expect(
                text.contains(#"switchboard_gateway_requests_total{endpoint="/v1/chat/completions",status="200"} 2"#))
            #expect(
                text.contains(#"switchboard_gateway_requests_total{endpoint="/v1/chat/completions",status="404"} 1"#))
            #expect(
                text.contains(#"switchboard_gateway_errors_total{endpoint="/v1/chat/completions",kind="not_found"} 1"#))
            #expect(text.contains(#"switchboard_gateway_tokens_total{provider="echo",model="echo",type="output"} 5"#))
            #expect(text.contains(#"switchboard_gateway_cost_usd_total{provider="echo",model="echo"} 0"#))
            #expect(
                text.contains(#"switchboard_gateway_request_duration_seconds_count{endpoint="/v1/chat/completions"} 3"#)
            )
            #expect(
                text.contains(
                    #"switchboard_gateway_time_to_first_token_seconds_count{endpoint="/v1/chat/completions"} 1"#))
            #expect(text.contains("switchboard_gateway_streams_in_flight 0"))
            #expect(text.contains(#"switchboard_circuit_breaker_state{provider="echo"} 0"#))
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func gracefulShutdownLetsAnInFlightStreamFinish() async throws {
        let upstream = try await MockHTTPServer.start { _ in
            MockHTTPServer.Response(
                headers: [("content-type", "text/event-stream")],
                chunks: [.text(Self.firstChunk), .delay(.milliseconds(500)), .text(Self.rest)])
        }
        defer { Task { try await upstream.shutdown() } }
        let configuration = try Self.upstreamConfiguration(upstream)
        try await RunningGateway.with(configuration) { gateway in
            async let streamed = gateway.send(
                "/v1/chat/completions",
                json: #"{"model":"openai/gpt-6.1-terra","stream":true,"messages":[{"role":"user","content":"hi"}]}"#)
            while upstream.requests.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
            await gateway.group.triggerGracefulShutdown()
            let answer = try await streamed
            #expect(answer.status == 200)
            let text = answer.eventObjects.compactMap { $0["choices", 0, "delta", "content"]?.stringValue }.joined()
            #expect(text == "Hello world")
            #expect(answer.events.last == "[DONE]")
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func gracefulShutdownCancelsStreamsStillRunningAtTheDeadline() async throws {
        let upstream = try await MockHTTPServer.start { _ in
            MockHTTPServer.Response(
                headers: [("content-type", "text/event-stream")], chunks: [.text(Self.firstChunk), .hang])
        }
        defer { Task { try await upstream.shutdown() } }
        let configuration = try Self.upstreamConfiguration(upstream, extra: "gateway: {shutdown_timeout_ms: 300}\n")
        try await RunningGateway.with(configuration, cleanShutdown: false) { gateway in
            let client = Task {
                try? await gateway.send(
                    "/v1/chat/completions",
                    json: #"{"model":"openai/gpt-6.1-terra","stream":true,"messages":[{"role":"user","content":"hi"}]}"#
                )
            }
            while upstream.requests.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
            await gateway.group.triggerGracefulShutdown()
            while upstream.clientDisconnectsWhileStreaming == 0 { try await Task.sleep(for: .milliseconds(20)) }
            #expect(upstream.clientDisconnectsWhileStreaming == 1)
            _ = await client.value
        }
    }
}
