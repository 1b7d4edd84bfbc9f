/// Folds stream events into a ``ChatResponse``, the way ``Provider/complete(_:)`` derives from streaming.
public struct StreamAccumulator: Sendable {
    private let provider: String
    private var model: String
    private var id: String?
    private var parts: [ContentPart] = []
    private var toolCalls: [Int: (position: Int, call: ToolCall)] = [:]
    private var usage: Usage?
    private var finishReason: FinishReason?

    /// Starts an empty answer from `provider`, for a request that named `model`.
    public init(provider: String, model: String) {
        self.provider = provider
        self.model = model
    }

    /// Adds one event.
    /// - Throws: the ``ProviderError`` an `error` event carries.
    public mutating func add(_ event: StreamEvent) throws {
        switch event {
        case .start(let id, let model):
            self.id = id
            if !model.isEmpty { self.model = model }
        case .textDelta(let text):
            if case .text(let previous) = parts.last {
                parts[parts.count - 1] = .text(previous + text)
            } else {
                parts.append(.text(text))
            }
        case .thinkingDelta(let text, let signature):
            // A signature closes its thinking block: text after it starts the next block.
            if case .thinking(var previous) = parts.last, previous.signature == nil || text.isEmpty {
                previous.text += text
                if let signature { previous.signature = (previous.signature ?? "") + signature }
                parts[parts.count - 1] = .thinking(previous)
            } else {
                parts.append(.thinking(Thinking(text: text, signature: signature)))
            }
        case .toolCallStart(let index, let id, let name):
            toolCalls[index] = (parts.count, ToolCall(id: id, name: name, arguments: ""))
            parts.append(.toolCall(ToolCall(id: id, name: name, arguments: "")))
        case .toolCallDelta(let index, let arguments):
            guard var entry = toolCalls[index] else {
                throw ProviderError(
                    .server,
                    "tool call argument delta for index \(index) arrived before its start",
                    provider: provider
                )
            }
            entry.call.arguments += arguments
            toolCalls[index] = entry
            parts[entry.position] = .toolCall(entry.call)
        case .toolCallEnd:
            break
        case .usage(let usage):
            self.usage = usage
        case .finish(let reason):
            finishReason = reason
        case .error(let error):
            throw error
        }
    }

    /// Whether a `finish` event has arrived.
    public var isFinished: Bool { finishReason != nil }

    /// The assembled answer.
    /// - Throws: a `server` ``ProviderError`` when no `finish` event arrived: a cut-off stream is never a short answer.
    public func response() throws -> ChatResponse {
        guard let finishReason else {
            throw ProviderError(
                .server,
                "the stream ended without a finish event; the answer is incomplete",
                provider: provider
            )
        }
        return ChatResponse(
            id: id,
            model: model,
            provider: provider,
            content: parts,
            finishReason: finishReason,
            usage: usage ?? Usage(estimated: true)
        )
    }
}
