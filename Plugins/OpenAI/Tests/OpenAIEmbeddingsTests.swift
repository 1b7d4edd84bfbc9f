import Foundation
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// The real OpenAI-compatible plugin `.so` answering embeddings requests against a local server that speaks
/// OpenAI's Embeddings API (`POST /embeddings`) as OpenAI and Azure do.
@Suite("OpenAI-compatible plugin embeddings")
struct OpenAIEmbeddingsTests {
    static let apiKey = "sk-test-secret-key-000000005678"

    /// OpenAI's answer to two inputs, as it sends it (the vectors cut to three numbers), with the items out of
    /// order so that only `index` can put them right.
    static let floatAnswer = """
        {
          "object": "list",
          "data": [
            {
              "object": "embedding",
              "index": 1,
              "embedding": [0.0023064255, -0.009327292, -0.0028842222]
            },
            {
              "object": "embedding",
              "index": 0,
              "embedding": [-0.006929283495992422, -0.005336422007530928, 0.00047350498]
            }
          ],
          "model": "text-embedding-3-small",
          "usage": {
            "prompt_tokens": 8,
            "total_tokens": 8
          }
        }
        """

    private func withProvider(
        settings extra: [String: JSONValue] = [:],
        _ handler: @escaping MockHTTPServer.Handler,
        _ body: (any Provider, MockHTTPServer) async throws -> Void
    ) async throws {
        try await BuiltPlugin.withProvider(
            product: "SwitchboardOpenAIPlugin", name: "openai",
            settings: { server in
                ["base_url": .string(server.baseURL + "/v1"), "api_key": .string(Self.apiKey)].merging(extra) { $1 }
            }, handler, body)
    }

    @Test func floatVectorsComeBackInTheInputsOrderWithTheirUsage() async throws {
        try await withProvider({ _ in .json(200, Self.floatAnswer) }) { provider, server in
            let answer = try await provider.embed(
                EmbeddingRequest(model: "text-embedding-3-small", inputs: ["hello", "world"], dimensions: 3))
            #expect(answer.embeddings.count == 2)
            #expect(answer.embeddings[0] == [-0.006929283495992422, -0.005336422007530928, 0.00047350498])
            #expect(answer.embeddings[1] == [0.0023064255, -0.009327292, -0.0028842222])
            #expect(answer.usage == Usage(inputUncached: 8))
            #expect(answer.model == "text-embedding-3-small")
            #expect(answer.provider == "openai")

            let sent = try #require(server.requests.first)
            #expect(sent.method == "POST")
            #expect(sent.uri == "/v1/embeddings")
            #expect(sent.header("authorization") == "Bearer \(Self.apiKey)")
            let body = try JSONDecoder().decode(JSONValue.self, from: Data(sent.body))
            #expect(body["model"] == "text-embedding-3-small")
            #expect(body["input"] == ["hello", "world"])
            #expect(body["dimensions"] == 3)
            #expect(body["encoding_format"] == "float")
        }
    }

    @Test func base64VectorsAreDecodedAsLittleEndianFloat32() async throws {
        // 1.0 and 2.0 as little-endian float32 bytes (00 00 80 3F, 00 00 00 40); -0.5 (00 00 00 BF).
        let answer = """
            {"object":"list","data":[{"object":"embedding","index":0,"embedding":"AACAPwAAAEA="},\
            {"object":"embedding","index":1,"embedding":"AAAAvw=="}],\
            "model":"text-embedding-3-large","usage":{"prompt_tokens":4,"total_tokens":4}}
            """
        try await withProvider({ _ in .json(200, answer) }) { provider, server in
            let response = try await provider.embed(
                EmbeddingRequest(model: "text-embedding-3-large", inputs: ["a", "b"], encodingFormat: .base64))
            #expect(response.embeddings == [[1.0, 2.0], [-0.5]])
            let body = try JSONDecoder().decode(JSONValue.self, from: Data(try #require(server.requests.first).body))
            #expect(body["encoding_format"] == "base64")
            #expect(body["dimensions"] == nil)
        }
    }

    @Test func aServerWithoutUsageGetsAnEstimate() async throws {
        // Some local OpenAI-compatible servers leave `usage` out.
        let answer =
            #"{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.5,0.25]}],"model":"nomic"}"#
        try await withProvider({ _ in .json(200, answer) }) { provider, _ in
            let response = try await provider.embed(EmbeddingRequest(model: "nomic-embed-text", inputs: ["hi"]))
            #expect(response.embeddings == [[0.5, 0.25]])
            #expect(response.usage.estimated)
        }
    }

    @Test func aVectorCountThatDoesNotMatchTheInputsIsAServerError() async throws {
        let answer = #"{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.5]}],"model":"m"}"#
        try await withProvider({ _ in .json(200, answer) }) { provider, _ in
            let error = await #expect(throws: ProviderError.self) {
                try await provider.embed(EmbeddingRequest(model: "m", inputs: ["a", "b"]))
            }
            #expect(error?.kind == .server)
            #expect(error?.message == "the server sent 1 embeddings for 2 inputs")
        }
    }

    @Test func openAIsErrorsMapIntoTheTaxonomy() async throws {
        let dimensions = """
            {
              "error": {
                "message": "This model does not support specifying dimensions.",
                "type": "invalid_request_error",
                "param": null,
                "code": null
              }
            }
            """
        try await withProvider({ _ in .json(400, dimensions) }) { provider, _ in
            let error = await #expect(throws: ProviderError.self) {
                try await provider.embed(
                    EmbeddingRequest(model: "text-embedding-ada-002", inputs: ["a"], dimensions: 256))
            }
            #expect(error?.kind == .invalidRequest)
            #expect(error?.httpStatus == 400)
            #expect(error?.message.contains("does not support specifying dimensions") == true)
        }
        let limited = """
            {"error":{"message":"Rate limit reached for text-embedding-3-small on tokens per min (TPM): Limit 1000000.",\
            "type":"tokens","param":null,"code":"rate_limit_exceeded"}}
            """
        try await withProvider({ _ in .json(429, limited, headers: [("retry-after", "3")]) }) { provider, _ in
            let error = await #expect(throws: ProviderError.self) {
                try await provider.embed(EmbeddingRequest(model: "text-embedding-3-small", inputs: ["a"]))
            }
            #expect(error?.kind == .rateLimited)
            #expect(error?.retryAfter == 3)
            #expect(error?.message.contains(Self.apiKey) == false)
        }
    }

    @Test func azureEmbedsThroughItsDeploymentWithTheAPIVersion() async throws {
        let server = try await MockHTTPServer.start { _ in .json(200, Self.floatAnswer) }
        defer { Task { try await server.shutdown() } }
        let provider = try BuiltPlugin.load(product: "SwitchboardOpenAIPlugin").makeProvider(
            name: "azure",
            settings: [
                "base_url": .string(server.baseURL), "azure_deployment": "embed-small", "api_key": "azure-key-456",
            ]
        )
        let answer = try await provider.embed(EmbeddingRequest(model: "text-embedding-3-small", inputs: ["a", "b"]))
        #expect(answer.embeddings.count == 2)
        let sent = try #require(server.requests.first)
        #expect(sent.uri == "/openai/deployments/embed-small/embeddings?api-version=2024-10-21")
        #expect(sent.header("api-key") == "azure-key-456")
        #expect(sent.header("authorization") == nil)
    }

    @Test func theCatalogPricesTheEmbeddingModelsForEmbeddingsOnly() throws {
        let manifest = try BuiltPlugin.load(product: "SwitchboardOpenAIPlugin").manifest
        let prices = Dictionary(
            uniqueKeysWithValues: manifest.models.filter { $0.capabilities.contains(.embeddings) }
                .map { ($0.id, $0.pricing?.input) })
        #expect(
            prices == [
                "text-embedding-3-small": 0.02, "text-embedding-3-large": 0.13, "text-embedding-ada-002": 0.10,
            ])
        #expect(
            manifest.models.filter { $0.capabilities.contains(.embeddings) }.allSatisfy {
                $0.capabilities == [.embeddings]
            })
    }
}
