import Foundation
import NIOHTTP1
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// `POST /v1/chat/completions` over the real Echo plugin and the real OpenAI plugin against a mock upstream.
@Suite("gateway: chat completions")
struct ChatCompletionsTests {
    static let echoOnly = """
        providers:
          echo: {plugin: echo, local: true}
        gateway:
          aliases:
            auto: {}
            cheap: {require: {tier: fast}, strategy: cascade}
            best-vision: {require: {capabilities: [vision], locality: cloud}}
        """

    @Test func answersANonStreamingRequestInOpenAIShape() async throws {
        try await RoutedGateway.with(try GatewayTestSupport.configuration(Self.echoOnly)) { gateway in
            let answer = try await gateway.send(
                "/v1/chat/completions",
                json:
                    #"{"model":"echo/echo","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hello gateway"}]}"#
            )
            #expect(answer.status == 200, "\(answer.body)")
            let json = try answer.json
            #expect(json["object"] == "chat.completion")
            #expect(json["id"]?.stringValue?.hasPrefix("chatcmpl-") == true)
            #expect(json["choices", 0, "message", "role"] == "assistant")
            #expect(json["choices", 0, "message", "content"] == "hello gateway")
            #expect(json["choices", 0, "finish_reason"] == "stop")
            #expect(json["usage", "completion_tokens"] == 2)
            #expect(json["usage", "prompt_tokens"] == 4)
            #expect(json["usage", "total_tokens"] == 6)
            #expect(answer.headers.first(name: "x-switchboard-provider") == "echo")
        }
    }

    @Test func streamsChunksWithAFinalUsageChunkAndDone() async throws {
        try await RoutedGateway.with(try GatewayTestSupport.configuration(Self.echoOnly)) { gateway in
            let answer = try await gateway.send(
                "/v1/chat/completions",
                json:
                    #"{"model":"echo","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"one two three"}]}"#
            )
            #expect(answer.status == 200)
            #expect(answer.headers.first(name: "content-type") == "text/event-stream")
            #expect(answer.events.last == "[DONE]")
            let chunks = answer.eventObjects
            #expect(chunks.allSatisfy { $0["object"] == "chat.completion.chunk" })
            #expect(Set(chunks.compactMap { $0["id"]?.stringValue }).count == 1)
            #expect(chunks.first?["choices", 0, "delta", "role"] == "assistant")
            let text = chunks.compactMap { $0["choices", 0, "delta", "content"]?.stringValue }.joined()
            #expect(text == "one two three")
            let finishes = chunks.compactMap { $0["choices", 0, "finish_reason"]?.stringValue }
            #expect(finishes == ["stop"])
            let usage = try #require(chunks.last)
            #expect(usage["choices"] == [])
            #expect(usage["usage", "completion_tokens"] == 3)
            #expect(chunks.dropLast().allSatisfy { $0["usage"] == .null })
        }
    }

    @Test func streamsWithoutAUsageChunkUnlessAskedFor() async throws {
        try await RoutedGateway.with(try GatewayTestSupport.configuration(Self.echoOnly)) { gateway in
            let answer = try await gateway.send(
                "/v1/chat/completions",
                json: #"{"model":"echo","stream":true,"messages":[{"role":"user","content":"hi"}]}"#)
            #expect(answer.events.last == "[DONE]")
            #expect(answer.eventObjects.allSatisfy { $0["usage"] == nil })
        }
    }

    @Test func routingAliasesRunTheRouterAndReportTheAlias() async throws {
        try await RoutedGateway.with(try GatewayTestSupport.configuration(Self.echoOnly)) { gateway in
            for alias in ["auto", "cheap"] {
                let answer = try await gateway.send(
                    "/v1/chat/completions",
                    json: #"{"model":"\#(alias)","messages":[{"role":"user","content":"routed"}]}"#)
                #expect(answer.status == 200, "\(alias): \(answer.body)")
                #expect(try answer.json["choices", 0, "message", "content"] == "routed")
                #expect(answer.headers.first(name: "x-switchboard-provider") == "echo")
            }
            // Echo is local, so an alias that wants a cloud model finds nothing.
            let none = try await gateway.send(
                "/v1/chat/completions", json: #"{"model":"best-vision","messages":[{"role":"user","content":"x"}]}"#)
            #expect(none.status == 404)
            #expect(try none.json["error", "code"] == "model_not_found")
            #expect(
                try none.json["error", "message"]?.stringValue?.contains("routing alias `best-vision` found no model")
                    == true)
        }
    }

    @Test func unknownModelsAre404WithTheNamesThatExist() async throws {
        try await RoutedGateway.with(try GatewayTestSupport.configuration(Self.echoOnly)) { gateway in
            let answer = try await gateway.send(
                "/v1/chat/completions", json: #"{"model":"gpt-9","messages":[{"role":"user","content":"x"}]}"#)
            #expect(answer.status == 404)
            let error = try answer.json["error"]
            #expect(error?["type"] == "not_found_error")
            #expect(error?["param"] == "model")
            #expect(error?["message"]?.stringValue?.contains("no provider offers a model \"gpt-9\"") == true)
            #expect(error?["message"]?.stringValue?.contains("auto, cheap, best-vision") == true)
        }
    }

    @Test(arguments: [
        (#"{"model":"echo"}"#, "missing required field `messages`"),
        (
            #"{"model":"echo","messages":[{"role":"robot","content":"x"}]}"#,
            "`messages[0].role`: unknown role \"robot\""
        ),
        (
            #"{"model":"echo","messages":[{"role":"user","content":42}]}"#,
            "`messages[0].content`: expected an array, found a number"
        ),
        (#"{"model":"echo","messages":[],"temperature":1}"#, "`messages` is empty"),
        (
            #"{"model":"echo","messages":[{"role":"user","content":"x"}],"n":2}"#,
            "`n`: only one choice per request is supported"
        ),
        (
            #"{"model":"echo","messages":[{"role":"user","content":"x"}],"max_tokens":"ten"}"#,
            "`max_tokens`: expected an integer, found a string"
        ),
        ("{not json", "the request body is not valid JSON"),
    ])
    func malformedRequestsAre400WithTheFieldAtFault(body: String, message: String) async throws {
        try await RoutedGateway.with(try GatewayTestSupport.configuration(Self.echoOnly)) { gateway in
            let answer = try await gateway.send("/v1/chat/completions", json: body)
            #expect(answer.status == 400)
            #expect(try answer.json["error", "type"] == "invalid_request_error")
            #expect(try answer.json["error", "message"]?.stringValue?.contains(message) == true, "\(answer.body)")
        }
    }

    @Test(arguments: [
        ("rate_limited", 429, "rate_limit_error"), ("authentication", 401, "authentication_error"),
        ("context_window_exceeded", 400, "invalid_request_error"), ("overloaded", 503, "server_error"),
        ("server", 502, "server_error"), ("timeout", 504, "server_error"), ("not_found", 404, "not_found_error"),
        ("permission", 403, "permission_error"), ("content_policy", 400, "invalid_request_error"),
    ])
    func providerErrorsMapToStatusAndType(kind: String, status: Int, type: String) async throws {
        // One attempt: the mapping is under test here, not the retries (docs/reliability.md).
        let configuration = Self.echoOnly + "\nrouting:\n  retry: {max_attempts: 1}\n"
        try await RoutedGateway.with(try GatewayTestSupport.configuration(configuration)) { gateway in
            for stream in [false, true] {
                let answer = try await gateway.send(
                    "/v1/chat/completions",
                    json:
                        #"{"model":"echo/echo","stream":\#(stream),"metadata":{"echo.error":"\#(kind)"},"messages":[{"role":"user","content":"x"}]}"#
                )
                #expect(answer.status == status, "\(kind) stream=\(stream): \(answer.body)")
                #expect(try answer.json["error", "type"]?.stringValue == type)
                #expect(
                    try answer.json["error", "message"]?.stringValue?.contains("echo was asked to fail with \(kind)")
                        == true)
            }
        }
    }

    @Test func listsTheRegistryAndTheAliases() async throws {
        try await RoutedGateway.with(try GatewayTestSupport.configuration(Self.echoOnly)) { gateway in
            let answer = try await gateway.send("/v1/models", method: .GET)
            #expect(answer.status == 200)
            let json = try answer.json
            #expect(json["object"] == "list")
            let ids = json["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            #expect(ids == ["echo/echo", "auto", "cheap", "best-vision"])
            #expect(json["data", 0, "owned_by"] == "echo")
            #expect(json["data", 0, "object"] == "model")

            let anthropic = try await gateway.send(
                "/v1/models", method: .GET, headers: [("anthropic-version", "2023-06-01")])
            #expect(try anthropic.json["data", 0, "type"] == "model")
            #expect(try anthropic.json["has_more"] == false)
        }
    }

    @Test func healthReadinessAndUnknownPaths() async throws {
        try await RoutedGateway.with(try GatewayTestSupport.configuration(Self.echoOnly)) { gateway in
            #expect(try await gateway.send("/healthz", method: .GET).json["status"] == "ok")
            let ready = try await gateway.send("/readyz", method: .GET)
            #expect(ready.status == 200)
            #expect(try ready.json["plugins"] == ["echo"])
            #expect(try ready.json["providers"] == ["echo"])
            let unknown = try await gateway.send("/v1/completions", method: .GET)
            #expect(unknown.status == 404)
            #expect(
                try unknown.json["error", "message"]?.stringValue?.contains("no endpoint GET /v1/completions") == true)
        }
        // No provider instance: not ready, saying why.
        let empty = try GatewayTestSupport.configuration("providers: {}\n")
        try await RoutedGateway.with(empty) { gateway in
            let ready = try await gateway.send("/readyz", method: .GET)
            #expect(ready.status == 503)
            #expect(try ready.json["status"] == "not_ready")
            #expect(ready.body.contains("no provider instance"))
        }
    }
}
