import Foundation
import NIOHTTP1
import Switchboard
import SwitchboardGateway
import SwitchboardKit
import SwitchboardTesting
import Testing

/// The middleware in front of the API handlers, through the router: authentication stops a request before its
/// handler (nothing reaches the upstream), the per-key limit answers 429 in the client's dialect, and a request the
/// middleware refuses is counted with the same labels as any other.
@Suite("gateway: middleware")
struct GatewayMiddlewareTests {
    static let secret = "sk-gw-middleware-5d2c81"
    static let authorization = [("authorization", "Bearer \(secret)")]

    /// The OpenAI plugin in front of `upstream`, one key allowed `requestsPerMinute`.
    static func configuration(_ upstream: MockHTTPServer, requestsPerMinute: Int = 100) throws
        -> SwitchboardConfiguration
    {
        try GatewayTestSupport.configuration(
            """
            providers:
              openai: {plugin: openai, settings: {base_url: "\(upstream.baseURL)/v1", api_key: upstream-secret}}
            gateway:
              keys:
                - {name: ci, key: "\(secret)", requests_per_minute: \(requestsPerMinute)}
            """, plugins: ["openai"])
    }

    static func upstream() async throws -> MockHTTPServer {
        try await MockHTTPServer.start { _ in
            MockHTTPServer.Response(
                headers: [("content-type", "text/event-stream")],
                chunks: [.text((try? GatewayTestSupport.fixture("OpenAI/stream-text.sse")) ?? "")])
        }
    }

    static let chat = #"{"model":"openai/gpt-6.1-terra","messages":[{"role":"user","content":"hi"}]}"#
    static let messages =
        #"{"model":"openai/gpt-6.1-terra","max_tokens":16,"messages":[{"role":"user","content":"hi"}]}"#

    @Test func anUnauthenticatedRequestNeverReachesTheHandler() async throws {
        let upstream = try await Self.upstream()
        defer { Task { try await upstream.shutdown() } }
        try await RoutedGateway.with(try Self.configuration(upstream)) { gateway in
            // Without a key, with a wrong one, and with a body the handler would refuse as malformed: each is a 401,
            // never a 400, because the handler that reads the body never runs.
            let attempts: [(path: String, body: String, headers: [(String, String)])] = [
                ("/v1/chat/completions", Self.chat, []),
                ("/v1/chat/completions", Self.chat, [("authorization", "Bearer sk-gw-wrong")]),
                ("/v1/chat/completions", "{not json", []),
                ("/v1/messages", Self.messages, [("x-api-key", "sk-gw-wrong")]),
                ("/v1/messages", #"{"stream":true}"#, []),
            ]
            for attempt in attempts {
                let answer = try await gateway.send(attempt.path, json: attempt.body, headers: attempt.headers)
                #expect(answer.status == 401, "\(attempt.path) \(attempt.body): \(answer.body)")
                let json = try answer.json
                if attempt.path == "/v1/messages" {
                    #expect(json["type"] == "error")
                    #expect(json["error", "type"] == "authentication_error")
                } else {
                    #expect(json["error", "type"] == "authentication_error")
                    #expect(json["error", "param"] == .null)
                }
                #expect(answer.headers.first(name: "x-request-id")?.isEmpty == false)
            }
            #expect(upstream.requests.isEmpty, "a request without a valid key reached the upstream")

            let allowed = try await gateway.send("/v1/chat/completions", json: Self.chat, headers: Self.authorization)
            #expect(allowed.status == 200, "\(allowed.body)")
            #expect(upstream.requests.filter { $0.uri.hasSuffix("/chat/completions") }.count == 1)
        }
    }

    @Test func aKeyOverItsLimitIs429WithRetryAfterInTheClientsDialect() async throws {
        let upstream = try await Self.upstream()
        defer { Task { try await upstream.shutdown() } }
        try await RoutedGateway.with(try Self.configuration(upstream, requestsPerMinute: 1)) { gateway in
            let first = try await gateway.send("/v1/chat/completions", json: Self.chat, headers: Self.authorization)
            #expect(first.status == 200, "\(first.body)")

            let anthropic = try await gateway.send("/v1/messages", json: Self.messages, headers: Self.authorization)
            #expect(anthropic.status == 429)
            #expect(try anthropic.json["type"] == "error")
            #expect(try anthropic.json["error", "type"] == "rate_limit_error")
            #expect(
                try anthropic.json["error", "message"]?.stringValue?.hasPrefix(
                    "gateway key `ci` is over its limit of 1 requests per minute; retry in ") == true)

            // Refused before the body is read: a malformed body gets the 429 too.
            let openAI = try await gateway.send("/v1/chat/completions", json: "{not json", headers: Self.authorization)
            #expect(openAI.status == 429)
            #expect(try openAI.json["error", "type"] == "rate_limit_error")
            #expect(try openAI.json["error", "code"] == "rate_limit_exceeded")

            for answer in [anthropic, openAI] {
                let seconds = try #require(answer.headers.first(name: "retry-after").flatMap(Int.init))
                let milliseconds = try #require(answer.headers.first(name: "retry-after-ms").flatMap(Int.init))
                // One request a minute: the next one is due within 60 s.
                #expect((1...60).contains(seconds))
                #expect(seconds == (milliseconds + 999) / 1000, "Retry-After is retry-after-ms rounded up")
            }
            #expect(
                upstream.requests.filter { $0.uri.hasSuffix("/chat/completions") }.count == 1,
                "a request over the key's limit reached the upstream")
            // The model list is not a chat request: the limit does not apply to it.
            let models = try await gateway.send("/v1/models", method: .GET, headers: Self.authorization)
            #expect(models.status == 200)
        }
    }

    @Test func requestsTheMiddlewareRefusesAreCountedWithTheirEndpointStatusAndKind() async throws {
        let upstream = try await Self.upstream()
        defer { Task { try await upstream.shutdown() } }
        try await RoutedGateway.with(try Self.configuration(upstream, requestsPerMinute: 1)) { gateway in
            _ = try await gateway.send("/v1/chat/completions", json: Self.chat)
            _ = try await gateway.send("/v1/messages", json: Self.messages)
            _ = try await gateway.send("/v1/models", method: .GET)
            _ = try await gateway.send("/v1/chat/completions", json: Self.chat, headers: Self.authorization)
            _ = try await gateway.send("/v1/chat/completions", json: Self.chat, headers: Self.authorization)

            let text = gateway.gateway.metrics.exposition()
            for line in [
                #"switchboard_gateway_requests_total{endpoint="/v1/chat/completions",status="401"} 1"#,
                #"switchboard_gateway_errors_total{endpoint="/v1/chat/completions",kind="authentication"} 1"#,
                #"switchboard_gateway_requests_total{endpoint="/v1/messages",status="401"} 1"#,
                #"switchboard_gateway_errors_total{endpoint="/v1/messages",kind="authentication"} 1"#,
                #"switchboard_gateway_requests_total{endpoint="/v1/models",status="401"} 1"#,
                #"switchboard_gateway_errors_total{endpoint="/v1/models",kind="authentication"} 1"#,
                #"switchboard_gateway_requests_total{endpoint="/v1/chat/completions",status="200"} 1"#,
                #"switchboard_gateway_requests_total{endpoint="/v1/chat/completions",status="429"} 1"#,
                #"switchboard_gateway_errors_total{endpoint="/v1/chat/completions",kind="rate_limited"} 1"#,
                #"switchboard_gateway_request_duration_seconds_count{endpoint="/v1/chat/completions"} 3"#,
                #"switchboard_gateway_request_duration_seconds_count{endpoint="/v1/models"} 1"#,
            ] {
                #expect(text.contains(line), "missing \(line)")
            }
            // Health, readiness and the metrics page are not API requests: they are never counted.
            _ = try await gateway.send("/healthz", method: .GET)
            #expect(!gateway.gateway.metrics.exposition().contains(#"endpoint="/healthz""#))
        }
    }
}
