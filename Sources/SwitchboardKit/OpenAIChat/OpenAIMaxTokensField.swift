/// The Chat Completions request field that carries the output token limit.
public enum OpenAIMaxTokensField: String, Sendable, CaseIterable {
    /// OpenAI's current name, required by its reasoning models.
    case maxCompletionTokens = "max_completion_tokens"
    /// The older name, which many compatible servers (DeepSeek, vLLM, llama.cpp) still expect.
    case maxTokens = "max_tokens"
}
