import Foundation
import NIOHTTP1
import Switchboard
import SwitchboardGateway
import SwitchboardKit
import Testing

/// Gateway keys, per-key models and rate limits, the body size limit and the non-loopback refusal.
@Suite("gateway: authentication and limits")
struct GatewayAuthTests {
    static let secret = "sk-gw-7f3a9c2e5b1d4f60"

    static func configuration(_ extra: String = "") throws -> SwitchboardConfiguration {
        try GatewayTestSupport.configuration(
            """
            providers:
              echo: {plugin: echo, local: true}
            gateway:
              max_body_bytes: 2048
              keys:
                - {name: ci, key: "\(secret)", models: [echo/*, cheap], requests_per_minute: 3}
                - {name: admin, key: "sk-gw-admin-0000000000"}
              aliases:
                cheap: {require: {tier: fast}}
                auto: {}
            \(extra)
            """)
    }

    static let body = #"{"model":"echo/echo","messages":[{"role":"user","content":"hi"}]}"#

    @Test func requestsWithoutAKeyAre401InTheClientsShape() async throws {
        try await RoutedGateway.with(try Self.configuration()) { gateway in
            let openAI = try await gateway.send("/v1/chat/completions", json: Self.body)
            #expect(openAI.status == 401)
            #expect(try openAI.json["error", "type"] == "authentication_error")
            #expect(
                try openAI.json["error", "message"]?.stringValue?.contains(
                    "missing gateway key: send it as `Authorization: Bearer <key>`") == true)
            let anthropic = try await gateway.send(
                "/v1/messages",
                json: #"{"model":"echo/echo","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}"#)
            #expect(anthropic.status == 401)
            #expect(try anthropic.json["type"] == "error")
            #expect(try anthropic.json["error", "type"] == "authentication_error")
            #expect(try await gateway.send("/v1/models", method: .GET).status == 401)
        }
    }

    @Test func aWrongKeyIs401AndNeverEchoed() async throws {
        try await RoutedGateway.with(try Self.configuration()) { gateway in
            let guess = "sk-gw-7f3a9c2e5b1d4f6X"
            let answer = try await gateway.send(
                "/v1/chat/completions", json: Self.body, headers: [("authorization", "Bearer \(guess)")])
            #expect(answer.status == 401)
            #expect(try answer.json["error", "code"] == "invalid_api_key")
            #expect(try answer.json["error", "message"]?.stringValue?.contains("invalid gateway key") == true)
            #expect(!answer.body.contains(guess))
            #expect(!answer.body.contains(Self.secret))
        }
    }

    @Test func acceptsBearerAndXAPIKeyAndTagsTheRequestWithTheKeyName() async throws {
        let recorder = RecordingProvider(name: "recorder", answer: "recorded")
        try await RoutedGateway.with(try Self.configuration(), prepare: { $0.registry.register(recorder) }) {
            gateway in
            let bearer = try await gateway.send(
                "/v1/chat/completions", json: Self.body, headers: [("authorization", "Bearer \(Self.secret)")])
            #expect(bearer.status == 200, "\(bearer.body)")
            let apiKey = try await gateway.send(
                "/v1/chat/completions",
                json: #"{"model":"recorder/recorder","messages":[{"role":"user","content":"hi"}]}"#,
                headers: [("x-api-key", "sk-gw-admin-0000000000")])
            #expect(apiKey.status == 200, "\(apiKey.body)")
            #expect(try apiKey.json["choices", 0, "message", "content"] == "recorded")
            #expect(recorder.requests.first?.tags == ["key:admin"])
        }
    }

    @Test func aKeyMayOnlyUseItsModels() async throws {
        let recorder = RecordingProvider(name: "recorder", answer: "recorded")
        try await RoutedGateway.with(try Self.configuration(), prepare: { $0.registry.register(recorder) }) {
            gateway in
            let headers = [("authorization", "Bearer \(Self.secret)")]
            for model in ["recorder/recorder", "auto"] {
                let answer = try await gateway.send(
                    "/v1/chat/completions", json: #"{"model":"\#(model)","messages":[{"role":"user","content":"hi"}]}"#,
                    headers: headers)
                #expect(answer.status == 403, "\(model): \(answer.body)")
                #expect(try answer.json["error", "type"] == "permission_error")
                #expect(
                    try answer.json["error", "message"]?.stringValue?.contains(
                        "gateway key `ci` may not use the model `\(model)`") == true)
            }
            #expect(recorder.requests.isEmpty)
            let listed = try await gateway.send("/v1/models", method: .GET, headers: headers)
            let ids = try listed.json["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            #expect(ids == ["echo/echo", "cheap"])
        }
    }

    @Test func aKeyOverItsRateLimitIs429WithRetryAfter() async throws {
        try await RoutedGateway.with(try Self.configuration()) { gateway in
            let headers = [("authorization", "Bearer \(Self.secret)")]
            for _ in 0..<3 {
                #expect(try await gateway.send("/v1/chat/completions", json: Self.body, headers: headers).status == 200)
            }
            let limited = try await gateway.send("/v1/chat/completions", json: Self.body, headers: headers)
            #expect(limited.status == 429)
            #expect(try limited.json["error", "type"] == "rate_limit_error")
            #expect(
                try limited.json["error", "message"]?.stringValue?.contains(
                    "gateway key `ci` is over its limit of 3 requests per minute") == true)
            #expect(Int(limited.headers.first(name: "retry-after") ?? "") ?? 0 >= 1)
            // Another key has its own budget of requests.
            let other = try await gateway.send(
                "/v1/chat/completions", json: Self.body, headers: [("x-api-key", "sk-gw-admin-0000000000")])
            #expect(other.status == 200)
        }
    }

    @Test func oversizeBodiesAre413() async throws {
        try await RoutedGateway.with(try Self.configuration()) { gateway in
            let big = String(repeating: "x", count: 4096)
            let body = #"{"model":"echo/echo","messages":[{"role":"user","content":"\#(big)"}]}"#
            let headers = [("authorization", "Bearer \(Self.secret)")]
            let openAI = try await gateway.send("/v1/chat/completions", json: body, headers: headers)
            #expect(openAI.status == 413)
            #expect(try openAI.json["error", "code"] == "request_too_large")
            #expect(
                try openAI.json["error", "message"]?.stringValue?.contains(
                    "larger than this gateway accepts (2048 bytes; gateway.max_body_bytes)") == true)
            let anthropic = try await gateway.send("/v1/messages", json: body, headers: headers)
            #expect(anthropic.status == 413)
            #expect(try anthropic.json["error", "type"] == "request_too_large")
        }
    }

    @Test func refusesANonLoopbackAddressWithoutKeys() throws {
        var configuration = try GatewayTestSupport.configuration("providers:\n  echo: {plugin: echo}\n")
        configuration.gateway.host = "0.0.0.0"
        let host = SwitchboardHost(configuration: configuration)
        let error = #expect(throws: GatewayStartupError.self) { try Gateway(host: host) }
        #expect(error?.code == .unauthenticatedNonLoopback)
        #expect(
            error?.message.contains(
                "refusing to listen on 0.0.0.0, which is not a loopback address, without gateway keys") == true)
        configuration.gateway.allowUnauthenticatedNonLoopback = true
        _ = try Gateway(host: host, configuration: configuration.gateway)
        configuration.gateway.allowUnauthenticatedNonLoopback = false
        configuration.gateway.keys = [.init(name: "k", secret: "s")]
        _ = try Gateway(host: host, configuration: configuration.gateway)
        #expect(Gateway.isLoopback("127.0.0.1") && Gateway.isLoopback("localhost") && Gateway.isLoopback("::1"))
        #expect(
            !Gateway.isLoopback("0.0.0.0") && !Gateway.isLoopback("192.168.1.5")
                && !Gateway.isLoopback("127.0.0.1.example.com"))
    }
}
