import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// The catalog the real Ollama plugin `.so` publishes: popular library models, local and free, with the
/// capabilities their library pages tag.
@Suite("Ollama catalog")
struct OllamaCatalogTests {
    let catalog: PublishedCatalog
    init() throws { catalog = try PublishedCatalog(product: "SwitchboardOllamaPlugin") }

    @Test func theNewLibraryModelsHaveTheirWindowsAndCapabilities() throws {
        let expected: [(id: String, window: Int, capabilities: Set<Capability>)] = [
            ("gpt-oss", 131_072, [.chat, .code, .tools, .reasoning, .thinking, .jsonSchema]),
            ("qwen3", 40_960, [.chat, .tools, .reasoning, .thinking, .jsonSchema]),
            ("gemma4", 131_072, [.chat, .vision, .tools, .jsonSchema]),
            ("deepseek-r1", 131_072, [.chat, .tools, .reasoning, .thinking, .jsonSchema]),
            ("embeddinggemma", 2_048, [.embeddings]),
        ]
        for (id, window, capabilities) in expected {
            let model = try catalog.model(id)
            #expect(model.contextWindow == window, "\(id)")
            #expect(model.capabilities == capabilities, "\(id)")
        }
    }

    @Test func everyModelIsLocalFreeAndWithoutAnOutputLimit() {
        #expect(catalog.models.count == 12)
        for model in catalog.models {
            #expect(model.local, "\(model.id)")
            #expect(model.pricing?.input == 0 && model.pricing?.output == 0, "\(model.id)")
            #expect(model.maxOutputTokens == nil, "\(model.id)")
        }
    }
}
