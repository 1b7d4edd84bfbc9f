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
        // A part grows by being taken out of `parts`, appended to and put back: appending while `parts` still holds it
        // would copy the whole text for every delta (quadratic in the answer's length).
        case .textDelta(let text):
            if case .text = parts.last, case .text(var previous) = parts.removeLast() {
                previous += text
                parts.append(.text(previous))
            } else {
                parts.append(.text(text))
            }
        case .thinkingDelta(let text, let signature):
            // A signature closes its thinking block: text after it starts the next block.
            let extendsLast: Bool = {
                guard case .thinking(let last) = parts.last else { return false }
                return last.signature == nil || text.isEmpty
            }()
            if extendsLast, case .thinking(var previous) = parts.removeLast() {
                previous.text += text
                if let signature { previous.signature = (previous.signature ?? "") + signature }
                parts.append(.thinking(previous))
            } else {
                parts.append(.thinking(Thinking(text: text, signature: signature)))
            }
        case .toolCallStart(let index, let id, let name):
            toolCalls[index] = (parts.count, ToolCall(id: id, name: name, arguments: ""))
            parts.append(.toolCall(ToolCall(id: id, name: name, arguments: "")))
        case .toolCallDelta(let index, let arguments):
            guard toolCalls[index] != nil else {
                throw ProviderError(
                    .server,
                    "tool call argument delta for index \(index) arrived before its start",
                    provider: provider
                )
            }
            // The arguments grow in `toolCalls` alone; ``response()`` puts each call in its place in the content.
            toolCalls[index]?.call.arguments += arguments
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
        var content = parts
        for (position, call) in toolCalls.values {
            content[position] = .toolCall(call)
        }
        return ChatResponse(
            id: id,
            model: model,
            provider: provider,
            content: content,
            finishReason: finishReason,
            usage: usage ?? Usage(estimated: true)
        )
    }
}
