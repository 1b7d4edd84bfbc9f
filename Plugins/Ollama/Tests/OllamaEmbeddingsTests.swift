import Foundation
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// The real Ollama plugin `.so` answering embeddings requests against a local server that speaks Ollama's
/// `POST /api/embed` as Ollama does.
@Suite("Ollama plugin embeddings")
struct OllamaEmbeddingsTests {
    private func withProvider(
        _ handler: @escaping MockHTTPServer.Handler,
        _ body: (any Provider, MockHTTPServer) async throws -> Void
    ) async throws {
        try await BuiltPlugin.withProvider(
            product: "SwitchboardOllamaPlugin", name: "ollama",
            settings: { server in ["base_url": .string(server.baseURL)] }, handler, body)
    }

    @Test func aBatchComesBackInOrderWithPromptEvalCountAsItsInputTokens() async throws {
        // Ollama's answer as it sends it (one line, the vectors cut to three numbers).
        let answer = """
            {"model":"all-minilm","embeddings":[[0.010071029,-0.0017594862,0.05007221],\
            [-0.0098027075,0.06042469,0.025257962]],"total_duration":14143917,"load_duration":1019500,\
            "prompt_eval_count":8}
            """
        try await withProvider({ _ in .json(200, answer) }) { provider, server in
            let response = try await provider.embed(
                EmbeddingRequest(
                    model: "all-minilm", inputs: ["Why is the sky blue?", "Why is the grass green?"], dimensions: 3))
            #expect(
                response.embeddings == [
                    [0.010071029, -0.0017594862, 0.05007221], [-0.0098027075, 0.06042469, 0.025257962],
                ])
            #expect(response.usage == Usage(inputUncached: 8))
            #expect(response.model == "all-minilm")

            let sent = try #require(server.requests.first)
            #expect(sent.method == "POST")
            #expect(sent.uri == "/api/embed")
            let body = try JSONDecoder().decode(JSONValue.self, from: Data(sent.body))
            #expect(body["model"] == "all-minilm")
            #expect(body["input"] == ["Why is the sky blue?", "Why is the grass green?"])
            #expect(body["dimensions"] == 3)
        }
    }

    @Test func aModelThatIsNotPulledIsNotFound() async throws {
        let missing = #"{"error":"model \"nomic-embed-text\" not found, try pulling it first"}"#
        try await withProvider({ _ in .json(404, missing) }) { provider, _ in
            let error = await #expect(throws: ProviderError.self) {
                try await provider.embed(EmbeddingRequest(model: "nomic-embed-text", inputs: ["a"]))
            }
            #expect(error?.kind == .notFound)
            #expect(error?.message.contains("try pulling it first") == true)
        }
    }

    @Test func theCatalogsEmbeddingModelsAreLocalFreeAndForEmbeddingsOnly() throws {
        let manifest = try BuiltPlugin.load(product: "SwitchboardOllamaPlugin").manifest
        let embedding = manifest.models.filter { $0.capabilities.contains(.embeddings) }
        #expect(embedding.map(\.id).contains("nomic-embed-text"))
        #expect(embedding.allSatisfy { $0.capabilities == [.embeddings] && $0.local && $0.pricing?.input == 0 })
    }
}
