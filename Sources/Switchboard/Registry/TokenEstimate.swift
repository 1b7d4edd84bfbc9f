public import SwitchboardKit

/// How many tokens a request is expected to read and write: what the registry and router price candidates by.
public struct TokenEstimate: Sendable, Hashable {
    /// Input tokens.
    public var input: Int
    /// Output tokens.
    public var output: Int

    /// Creates an estimate.
    public init(input: Int, output: Int) {
        self.input = input
        self.output = output
    }

    /// 1,000 tokens in and 500 out: what prices are compared by when no estimate is given.
    public static let typical = TokenEstimate(input: 1000, output: 500)

    /// The estimate for `request`: about four characters per token of text (message text, tool call arguments and
    /// results, tool definitions), 1,000 tokens per image, rounded up; output is the request's `max_output_tokens`,
    /// else 500.
    public init(_ request: ChatRequest) {
        var characters = 0
        var images = 0
        for message in request.messages {
            for part in message.content {
                switch part {
                case .text(let text): characters += text.count
                case .image: images += 1
                case .thinking(let thinking): characters += thinking.text.count
                case .toolCall(let call): characters += call.name.count + call.arguments.count
                case .toolResult(let result): characters += result.content.count
                }
            }
        }
        for tool in request.tools {
            characters += tool.name.count + (tool.description?.count ?? 0) + "\(tool.parameters)".count
        }
        self.init(input: (characters + 3) / 4 + images * 1000, output: request.maxOutputTokens ?? 500)
    }
}
