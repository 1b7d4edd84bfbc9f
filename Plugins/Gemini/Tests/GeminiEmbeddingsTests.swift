import Foundation
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// The real Gemini plugin `.so` answering embeddings requests against a local server that speaks Gemini's
/// `batchEmbedContents` as the Gemini API does.
@Suite("Gemini plugin embeddings")
struct GeminiEmbeddingsTests {
    static let apiKey = "AIzaSyTest-secret-key-0000000000005678"

    private func withProvider(
        _ handler: @escaping MockHTTPServer.Handler,
        _ body: (any Provider, MockHTTPServer) async throws -> Void
    ) async throws {
        try await BuiltPlugin.withProvider(
            product: "SwitchboardGeminiPlugin", name: "gemini",
            settings: { server in
                ["base_url": .string(server.baseURL + "/v1beta"), "api_key": .string(Self.apiKey)]
            }, handler, body)
    }

    @Test func aBatchIsOneRequestPerInputAndTheVectorsComeBackInOrder() async throws {
        // Gemini's answer as it sends it (two-space indents, the vectors cut to three numbers), without usage.
        let answer = """
            {
              "embeddings": [
                {
                  "values": [
                    -0.022374554,
                    -0.004560777,
                    0.013309286
                  ]
                },
                {
                  "values": [
                    0.0037622617,
                    0.0063423985,
                    -0.06412476
                  ]
                }
              ]
            }
            """
        try await withProvider({ _ in .json(200, answer) }) { provider, server in
            let response = try await provider.embed(
                EmbeddingRequest(model: "gemini-embedding-001", inputs: ["What is life?", "Hi"], dimensions: 3))
            #expect(
                response.embeddings == [
                    [-0.022374554, -0.004560777, 0.013309286], [0.0037622617, 0.0063423985, -0.06412476],
                ])
            #expect(response.usage.estimated, "Gemini reports no usage for embeddings; the host estimates it")
            #expect(response.provider == "gemini")

            let sent = try #require(server.requests.first)
            #expect(sent.method == "POST")
            #expect(sent.uri == "/v1beta/models/gemini-embedding-001:batchEmbedContents")
            #expect(sent.header("x-goog-api-key") == Self.apiKey)
            let body = try JSONDecoder().decode(JSONValue.self, from: Data(sent.body))
            let requests = try #require(body["requests"]?.arrayValue)
            #expect(requests.count == 2)
            #expect(requests[0]["model"] == "models/gemini-embedding-001")
            #expect(requests[0]["content"]?["parts"] == [["text": "What is life?"]])
            #expect(requests[1]["content"]?["parts"] == [["text": "Hi"]])
            #expect(requests[0]["outputDimensionality"] == 3)
        }
    }

    @Test func moreThanAHundredInputsGoInBatchesOfAHundredAndComeBackInOrder() async throws {
        // Gemini answers each batch with one vector per request; here each vector is the input's number.
        let handler: MockHTTPServer.Handler = { request in
            let body = (try? JSONDecoder().decode(JSONValue.self, from: Data(request.body))) ?? [:]
            let texts = (body["requests"]?.arrayValue ?? []).compactMap {
                $0["content"]?["parts"]?.arrayValue?.first?["text"]?.stringValue
            }
            let embeddings = texts.map { #"{"values":[\#($0.dropFirst("text ".count))]}"# }
            return .json(200, #"{"embeddings":[\#(embeddings.joined(separator: ","))]}"#)
        }
        try await withProvider(handler) { provider, server in
            let inputs = (0..<250).map { "text \($0)" }
            let response = try await provider.embed(EmbeddingRequest(model: "gemini-embedding-001", inputs: inputs))
            #expect(response.embeddings == (0..<250).map { [Float($0)] })
            let batchSizes = try server.requests.map { sent in
                try #require(try JSONDecoder().decode(JSONValue.self, from: Data(sent.body))["requests"]?.arrayValue)
                    .count
            }
            #expect(batchSizes == [100, 100, 50])
        }
    }

    @Test func geminisErrorsMapIntoTheTaxonomy() async throws {
        let invalid = """
            {
              "error": {
                "code": 400,
                "message": "* BatchEmbedContentsRequest.requests[0].content: contents is not specified\\n",
                "status": "INVALID_ARGUMENT"
              }
            }
            """
        try await withProvider({ _ in .json(400, invalid) }) { provider, _ in
            let error = await #expect(throws: ProviderError.self) {
                try await provider.embed(EmbeddingRequest(model: "gemini-embedding-001", inputs: [""]))
            }
            #expect(error?.kind == .invalidRequest)
            #expect(error?.httpStatus == 400)
            #expect(error?.message.contains("contents is not specified") == true)
        }
        let missing = """
            {"error":{"code":404,"message":"models/nope is not found for API version v1beta, or is not supported for \
            embedContent.","status":"NOT_FOUND"}}
            """
        try await withProvider({ _ in .json(404, missing) }) { provider, _ in
            let error = await #expect(throws: ProviderError.self) {
                try await provider.embed(EmbeddingRequest(model: "nope", inputs: ["a"]))
            }
            #expect(error?.kind == .notFound)
        }
    }

    @Test func theCatalogPricesGeminiEmbeddingForEmbeddingsOnly() throws {
        let manifest = try BuiltPlugin.load(product: "SwitchboardGeminiPlugin").manifest
        let model = try #require(manifest.models.first { $0.id == "gemini-embedding-001" })
        #expect(model.capabilities == [.embeddings])
        #expect(model.pricing?.input == 0.15)
    }
}
