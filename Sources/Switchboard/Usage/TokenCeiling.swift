package import SwitchboardKit

/// The most tokens a request can be charged for: what a budget reservation prices, so that a request admitted under
/// a `block` budget never costs more than it reserved (``UsageMeter``, `docs/usage-and-cost.md`).
///
/// ``TokenEstimate`` guesses what a request will cost, at about four characters a token; a ceiling must never be
/// below what a provider counts. So text counts a token per UTF-8 byte (no tokenizer in use emits more tokens than
/// the bytes it reads: byte-level BPE and SentencePiece with byte fallback emit at most one a byte), and every part of
/// the request the provider's chat template wraps is counted with the template's tokens around it: each message, each
/// tool, the response format's schema, and the request itself. Output is the request's `max_output_tokens`, else the
/// model's output limit, else its context window, else ``defaultOutput``.
package struct TokenCeiling: Sendable, Hashable {
    /// Input tokens at most.
    package var input: Int
    /// Output tokens (text and reasoning) at most.
    package var output: Int

    /// The chat template's tokens around a whole request (beginning of text, the assistant's turn it primes).
    package static let perRequest = 16
    /// The template's tokens around one message (role markers, separators).
    package static let perMessage = 8
    /// The template's tokens around one tool definition.
    package static let perTool = 16
    /// One image: Anthropic bills at most about 1,600 tokens (1.15 megapixels), GPT-4o at most 1,105 (high detail,
    /// 2,048 × 768), Gemini 258 a tile.
    package static let perImage = 1600
    /// The output counted when neither the request nor the model's catalog entry bounds it.
    package static let defaultOutput = 32_768

    /// The ceiling of `request` sent to `model`.
    package init(_ request: ChatRequest, model: ModelInfo) {
        var input = Self.perRequest
        for message in request.messages {
            input += Self.perMessage
            for part in message.content {
                switch part {
                case .text(let text): input += text.utf8.count
                case .image: input += Self.perImage
                case .thinking(let thinking): input += thinking.text.utf8.count + (thinking.signature?.utf8.count ?? 0)
                case .toolCall(let call): input += Self.perMessage + call.name.utf8.count + call.arguments.utf8.count
                case .toolResult(let result): input += Self.perMessage + result.content.utf8.count
                }
            }
        }
        for tool in request.tools {
            input += Self.perTool + tool.name.utf8.count + (tool.description?.utf8.count ?? 0)
            input += Self.jsonLength(tool.parameters)
        }
        if case .jsonSchema(let name, let schema, _) = request.responseFormat {
            input += Self.perTool + name.utf8.count + Self.jsonLength(schema)
        }
        self.input = input
        output = request.maxOutputTokens ?? model.maxOutputTokens ?? model.contextWindow ?? Self.defaultOutput
    }

    private static func jsonLength(_ value: JSONValue) -> Int {
        var writer = JSONWriter()
        writer.value(value)
        return writer.bytes.count
    }
}
