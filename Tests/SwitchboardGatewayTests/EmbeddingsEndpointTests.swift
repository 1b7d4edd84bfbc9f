import Foundation
import NIOHTTP1
import Switchboard
import SwitchboardGateway
import SwitchboardKit
import SwitchboardTesting
import Testing

/// `POST /v1/embeddings` over the real OpenAI plugin against a mock upstream that answers `/embeddings` as OpenAI
/// does: OpenAI's shape both ways, the ledger, and every refusal with its message.
@Suite("gateway: embeddings")
struct EmbeddingsEndpointTests {
    static let secret = "sk-embeddings-test-key-0001"
    static let authorization = [("authorization", "Bearer \(secret)")]

    /// The OpenAI plugin in front of `upstream`; `extra` adds to the configuration (keys, budgets).
    static func configuration(_ upstream: MockHTTPServer, extra: String = "") throws -> SwitchboardConfiguration {
        try GatewayTestSupport.configuration(
            """
            providers:
              openai:
                plugin: openai
                settings: {base_url: "\(upstream.baseURL)/v1", api_key: upstream-secret}
                models:
                  gpt-6.1-terra: {}
                  text-embedding-3-small: {capabilities: [embeddings], pricing: {input: 0.02, output: 0}}
                  pricey-embedding: {capabilities: [embeddings], pricing: {input: 1000000, output: 0}}
            \(extra)
            """, plugins: ["openai"])
    }

    static func withGateway(
        extra: String = "", _ body: @Sendable (RoutedGateway, MockHTTPServer) async throws -> Void
    ) async throws {
        let upstream = try await MockHTTPServer.start { request in
            request.uri.hasSuffix("/embeddings")
                ? SDKInteropTests.embeddings(request)
                : .json(200, (try? GatewayTestSupport.fixture("OpenAI/models.json")) ?? "{}")
        }
        defer { Task { try await upstream.shutdown() } }
        try await RoutedGateway.with(try Self.configuration(upstream, extra: extra)) { gateway in
            try await body(gateway, upstream)
        }
    }

    @Test func answersInOpenAIsShapeAndRecordsTheInputTokensInTheLedger() async throws {
        try await Self.withGateway { gateway, upstream in
            let answer = try await gateway.send(
                "/v1/embeddings",
                json: #"{"model":"openai/text-embedding-3-small","input":["one","two"],"user":"ada"}"#)
            #expect(answer.status == 200, "\(answer.body)")
            let json = try answer.json
            #expect(json["object"] == "list")
            #expect(json["model"] == "openai/text-embedding-3-small")
            #expect(json["data", 0] == ["object": "embedding", "index": 0, "embedding": [0.5, -0.25, 0.125]])
            #expect(json["data", 1, "embedding"] == [1.5, -0.25, 0.125])
            #expect(json["usage"] == ["prompt_tokens": 10, "total_tokens": 10])
            #expect(answer.headers.first(name: "x-switchboard-provider") == "openai")
            #expect(answer.headers.first(name: "x-switchboard-model") == "text-embedding-3-small")

            let sent = try JSONParser.parse(try #require(upstream.requests.last).bodyText)
            #expect(sent["model"] == "text-embedding-3-small")
            #expect(sent["input"] == ["one", "two"])
            #expect(sent["encoding_format"] == "float")

            let records = try await #require(gateway.gateway.host.meter.ledger).records()
            #expect(records.count == 1)
            let record = try #require(records.first?.record)
            #expect(record.usage.model == "text-embedding-3-small")
            #expect(record.usage.usage.inputTokens == 10)
            #expect(record.tags == ["user:ada"])
        }
    }

    @Test func base64IsLittleEndianFloat32AndAStringIsOneInput() async throws {
        try await Self.withGateway { gateway, upstream in
            let answer = try await gateway.send(
                "/v1/embeddings",
                json: #"{"model":"openai/text-embedding-3-small","input":"one","encoding_format":"base64"}"#)
            #expect(answer.status == 200, "\(answer.body)")
            let encoded = try #require(try answer.json["data", 0, "embedding"]?.stringValue)
            let bytes = try #require(Data(base64Encoded: encoded))
            #expect(Array(bytes) == [0, 0, 0, 0x3F, 0, 0, 0x80, 0xBE, 0, 0, 0, 0x3E], "0.5, -0.25, 0.125")
            #expect(try #require(upstream.requests.last).bodyText.contains(#""encoding_format":"base64""#))
        }
    }

    @Test(arguments: [
        (
            #"{"model":"openai/text-embedding-3-small","input":[[9906,1917]]}"#, 400, "input",
            "as token ids is not supported"
        ),
        (
            #"{"model":"openai/text-embedding-3-small","input":[9906,1917]}"#, 400, "input",
            "as token ids is not supported"
        ),
        (#"{"model":"openai/text-embedding-3-small","input":[]}"#, 400, "input", "`input` is empty"),
        (#"{"model":"openai/text-embedding-3-small","input":3}"#, 400, "input", "a string or an array of strings"),
        (#"{"input":"hi"}"#, 400, "model", "missing required field `model`"),
        (
            #"{"model":"openai/text-embedding-3-small","input":"hi","encoding_format":"int8"}"#, 400,
            "encoding_format", "int8"
        ),
        (#"{"model":"openai/text-embedding-3-small","input":"hi","dimensions":0}"#, 400, "dimensions", "at least 1"),
        (#"{"model":"openai/gpt-6.1-terra","input":"hi"}"#, 400, "model", "has no `embeddings` capability"),
        (#"{"model":"nobody/nothing","input":"hi"}"#, 404, "model", "no provider offers a model"),
    ])
    func badRequestsAreRefusedNamingTheField(body: String, status: Int, param: String, message: String) async throws {
        try await Self.withGateway { gateway, upstream in
            let answer = try await gateway.send("/v1/embeddings", json: body)
            #expect(answer.status == status, "\(answer.body)")
            let error = try answer.json["error"]
            #expect(error?["param"] == .string(param), "\(answer.body)")
            #expect(error?["message"]?.stringValue?.contains(message) == true, "\(answer.body)")
            #expect(!upstream.requests.contains { $0.uri.hasSuffix("/embeddings") })
        }
    }

    @Test func aChatRequestNamingAnEmbeddingModelIsRefused() async throws {
        try await Self.withGateway { gateway, _ in
            let answer = try await gateway.send(
                "/v1/chat/completions",
                json: #"{"model":"openai/text-embedding-3-small","messages":[{"role":"user","content":"hi"}]}"#)
            #expect(answer.status == 400, "\(answer.body)")
            #expect(
                try answer.json["error", "message"]?.stringValue?.contains("is an embedding model") == true,
                "\(answer.body)")
        }
    }

    @Test func theKeyItsLimitsAndTheMetricsApplyAsForChat() async throws {
        let keys = """
            gateway:
              keys:
                - {name: ci, key: "\(Self.secret)", requests_per_minute: 1}
            """
        try await Self.withGateway(extra: keys) { gateway, upstream in
            let body = #"{"model":"openai/text-embedding-3-small","input":"hi"}"#
            let anonymous = try await gateway.send("/v1/embeddings", json: body)
            #expect(anonymous.status == 401)
            let first = try await gateway.send("/v1/embeddings", json: body, headers: Self.authorization)
            #expect(first.status == 200, "\(first.body)")
            let second = try await gateway.send("/v1/embeddings", json: body, headers: Self.authorization)
            #expect(second.status == 429, "\(second.body)")
            #expect(upstream.requests.filter { $0.uri.hasSuffix("/embeddings") }.count == 1)

            let records = try await #require(gateway.gateway.host.meter.ledger).records()
            #expect(records.map(\.record.tags) == [["key:ci"]])
            let text = gateway.gateway.metrics.exposition()
            for line in [
                #"switchboard_gateway_requests_total{endpoint="/v1/embeddings",status="401"} 1"#,
                #"switchboard_gateway_requests_total{endpoint="/v1/embeddings",status="200"} 1"#,
                #"switchboard_gateway_requests_total{endpoint="/v1/embeddings",status="429"} 1"#,
            ] {
                #expect(text.contains(line), "\(line)")
            }
        }
    }

    @Test func aBlockBudgetRefusesBeforeTheUpstreamIsAsked() async throws {
        let budgets = "budgets:\n  - {name: tight, limit_usd: 0.5, action: block}"
        try await Self.withGateway(extra: budgets) { gateway, upstream in
            let answer = try await gateway.send(
                "/v1/embeddings", json: #"{"model":"openai/pricey-embedding","input":"four words of text"}"#)
            #expect(answer.status != 200)
            #expect(try answer.json["error", "code"] == "budget_exceeded", "\(answer.body)")
            #expect(
                try answer.json["error", "message"]?.stringValue?.contains(#"budget "tight""#) == true, "\(answer.body)"
            )
            #expect(!upstream.requests.contains { $0.uri.hasSuffix("/embeddings") })
        }
    }
}
