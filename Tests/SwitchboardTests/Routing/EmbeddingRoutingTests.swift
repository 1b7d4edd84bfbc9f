import Foundation
import Switchboard
import SwitchboardKit
import Testing

/// Chat and embeddings route apart: embedding models answer only embeddings requests, every other model only chat.
@Suite("Routing: embedding models apart from chat models")
struct EmbeddingRoutingTests {
    /// An Echo instance offering its chat model and an embedding model `vec`.
    static func host() throws -> SwitchboardHost {
        let configuration = try ConfigurationLoader(environment: [:], homeDirectory: "/nonexistent-home").decode(
            yaml: """
                plugins:
                  directories: [\(TestSupport.buildDirectory)]
                  include_default_directories: false
                  enable: [echo]
                providers:
                  echo:
                    plugin: echo
                    local: true
                    extra_models:
                      - {id: vec, capabilities: [embeddings]}
                """, name: "test.yaml")
        return SwitchboardHost(configuration: configuration)
    }

    static let chat = ChatRequest(model: "", messages: [.user("hi")])
    static let embedding = EmbeddingRequest(model: "", inputs: ["hi"])

    @Test func theRouterOffersEmbeddingModelsOnlyForEmbeddings() async throws {
        let host = try Self.host()
        let chat = try await host.resolve(ModelSelector("auto"), for: Self.chat)
        #expect(!chat.candidates.isEmpty)
        #expect(!chat.candidates.contains { $0.model.id == "vec" }, "\(chat.candidates.map(\.id))")
        let embeddings = try host.resolve(ModelSelector("auto"), forEmbedding: Self.embedding)
        #expect(embeddings.candidates.map(\.id) == ["echo/vec"])
    }

    @Test func namingAModelOfTheOtherKindIsRefusedSayingSo() async throws {
        let host = try Self.host()
        let chatModel = #expect(throws: ProviderError.self) {
            try host.resolve(ModelSelector("echo/echo"), forEmbedding: Self.embedding)
        }
        #expect(chatModel?.kind == .invalidRequest)
        #expect(
            chatModel?.message
                == #"the model "echo" has no `embeddings` capability; embeddings need an embedding model "#
                + "(`switchboard models --capability embeddings` lists them)")
        let embeddingModel = await #expect(throws: ProviderError.self) {
            try await host.resolve(ModelSelector("echo/vec"), for: Self.chat)
        }
        #expect(embeddingModel?.kind == .invalidRequest)
        #expect(
            embeddingModel?.message
                == #"the model "vec" is an embedding model; it answers embeddings requests only, not chat"#)
    }
}
