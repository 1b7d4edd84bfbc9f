import SwitchboardKit

/// The models the Ollama plugin knows without asking: popular library models, all local and free, as of 2026-12-04.
///
/// Capabilities are the tags of the Ollama library pages (https://ollama.com/library/NAME): tools and thinking for
/// `gpt-oss`, `qwen3` and `deepseek-r1`, vision and tools for `gemma4`, vision for `gemma3`. Context windows are the
/// models' own: `gemma4`'s 128K (its small tags; `26b` and `31b` take 256K) is its library page's, `gpt-oss`'s 128K
/// https://unsloth.ai/docs/models/gpt-oss-how-to-run-and-fine-tune's, `qwen3`'s 40,960
/// https://inference.readthedocs.io/en/v1.9.0/models/builtin/llm/qwen3.html's, `gemma3`'s 128K
/// https://huggingface.co/blog/gemma3's and `embeddinggemma`'s 2,048 its model card's
/// (https://huggingface.co/google/embeddinggemma-300m). `deepseek-r1`'s window, and every value of `llama3.2`,
/// `qwen2.5-coder`, `mistral`, `nomic-embed-text`, `mxbai-embed-large` and `all-minilm`, are kept from the previous
/// refresh: no stored page states them anew.
enum OllamaCatalog {
    private static let free = Pricing(input: 0, output: 0)

    /// The catalog, as the manifest publishes it. Context windows are the models' own; Ollama runs them with a
    /// smaller `num_ctx` unless configured otherwise, and discovery replaces them with what `/api/show` reports.
    static let models: [ModelInfo] = [
        ModelInfo(
            id: "gpt-oss",
            displayName: "gpt-oss",
            capabilities: [.chat, .code, .tools, .reasoning, .thinking, .jsonSchema],
            contextWindow: 131_072,
            pricing: free,
            tier: .standard,
            local: true
        ),
        ModelInfo(
            id: "qwen3",
            displayName: "Qwen3",
            capabilities: [.chat, .tools, .reasoning, .thinking, .jsonSchema],
            contextWindow: 40_960,
            pricing: free,
            tier: .standard,
            local: true
        ),
        ModelInfo(
            id: "gemma4",
            displayName: "Gemma 4",
            capabilities: [.chat, .vision, .tools, .jsonSchema],
            contextWindow: 131_072,
            pricing: free,
            tier: .standard,
            local: true
        ),
        ModelInfo(
            id: "gemma3",
            displayName: "Gemma 3",
            capabilities: [.chat, .vision, .jsonSchema],
            contextWindow: 131_072,
            pricing: free,
            tier: .standard,
            local: true
        ),
        ModelInfo(
            id: "deepseek-r1",
            displayName: "DeepSeek-R1",
            capabilities: [.chat, .tools, .reasoning, .thinking, .jsonSchema],
            contextWindow: 131_072,
            pricing: free,
            tier: .standard,
            local: true
        ),
        ModelInfo(
            id: "llama3.2",
            displayName: "Llama 3.2",
            capabilities: [.chat, .tools, .jsonSchema],
            contextWindow: 131_072,
            pricing: free,
            tier: .fast,
            local: true
        ),
        ModelInfo(
            id: "qwen2.5-coder",
            displayName: "Qwen2.5 Coder",
            capabilities: [.chat, .code, .tools, .jsonSchema],
            contextWindow: 32_768,
            pricing: free,
            tier: .standard,
            local: true
        ),
        ModelInfo(
            id: "mistral",
            displayName: "Mistral 7B",
            capabilities: [.chat, .tools, .jsonSchema],
            contextWindow: 32_768,
            pricing: free,
            tier: .fast,
            local: true
        ),
        ModelInfo(
            id: "embeddinggemma",
            displayName: "EmbeddingGemma",
            capabilities: [.embeddings],
            contextWindow: 2_048,
            pricing: free,
            tier: .fast,
            local: true
        ),
        ModelInfo(
            id: "nomic-embed-text",
            displayName: "Nomic Embed Text",
            capabilities: [.embeddings],
            contextWindow: 8_192,
            pricing: free,
            tier: .fast,
            local: true
        ),
        ModelInfo(
            id: "mxbai-embed-large",
            displayName: "mxbai-embed-large",
            capabilities: [.embeddings],
            contextWindow: 512,
            pricing: free,
            tier: .standard,
            local: true
        ),
        ModelInfo(
            id: "all-minilm",
            displayName: "all-MiniLM",
            capabilities: [.embeddings],
            contextWindow: 512,
            pricing: free,
            tier: .fast,
            local: true
        ),
    ]

    /// The catalog entry for an installed model (`llama3.2:latest`, `deepseek-r1:14b`), matched by its name before
    /// the tag.
    static func entry(forInstalled name: String) -> ModelInfo? {
        let base = name.split(separator: ":", maxSplits: 1).first.map(String.init) ?? name
        return models.first { $0.id == base }
    }

    /// A model's tier from its parameter count (`"3.2B"`, `"70.6B"`, `"567M"`): up to 10B is fast.
    static func tier(parameterSize: String?) -> Tier {
        guard let size = parameterSize?.uppercased(), let number = Double(size.dropLast()) else { return .standard }
        switch size.last {
        case "M": return .fast
        case "B": return number <= 10 ? .fast : .standard
        default: return .standard
        }
    }
}
