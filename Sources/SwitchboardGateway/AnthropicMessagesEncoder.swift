import Switchboard
import SwitchboardKit

/// Writes answers in Anthropic's Messages shape: a `message` object, or the `message_start`,
/// `content_block_start` / `content_block_delta` / `content_block_stop`, `message_delta`, `message_stop` events.
struct AnthropicMessagesEncoder: ChatStreamEncoder {
    /// The message id, `msg_…`.
    let id: String
    private var model: String
    private var started = false
    /// The open content blocks: by block index, what the block holds.
    private var open: [Int: Block] = [:]
    /// The next content block index.
    private var nextIndex = 0
    /// The block of each tool call, by the stream's tool call index.
    private var toolBlocks: [Int: Int] = [:]
    /// The block text and thinking deltas go to, while it is the latest one opened.
    private var current: (index: Int, block: Block)?

    private enum Block: Equatable {
        case text, thinking, toolUse
    }

    /// Creates an encoder for one answer.
    init(id: String, model: String) {
        self.id = id
        self.model = model
    }

    /// The whole answer as a `message` object.
    static func response(_ result: StrategyResult, id: String) -> JSONValue {
        let response = result.response
        let content: [JSONValue] = response.content.compactMap { part in
            switch part {
            case .text(let text): text.isEmpty ? nil : ["type": "text", "text": .string(text)]
            case .thinking(let thinking):
                [
                    "type": "thinking", "thinking": .string(thinking.text),
                    "signature": .string(thinking.signature ?? ""),
                ]
            case .toolCall(let call):
                [
                    "type": "tool_use", "id": .string(call.id), "name": .string(call.name),
                    "input": input(call.arguments),
                ]
            case .image, .toolResult: nil
            }
        }
        return [
            "id": .string(id), "type": "message", "role": "assistant", "model": .string(response.model),
            "content": .array(content),
            "stop_reason": .string(stopReason(response.finishReason)), "stop_sequence": .null,
            "usage": usageObject(response.usage),
        ]
    }

    /// Anthropic's stop reason for a finish reason.
    static func stopReason(_ reason: FinishReason) -> String {
        switch reason {
        case .stop: "end_turn"
        case .length: "max_tokens"
        case .toolCalls: "tool_use"
        case .contentFilter: "refusal"
        default: reason.rawValue
        }
    }

    /// A tool call's arguments as the object `input` must be; arguments that are not a JSON object become `{}`.
    static func input(_ arguments: String) -> JSONValue {
        guard let value = try? JSONParser.parse(arguments), case .object = value else { return [:] }
        return value
    }

    private static func usageObject(_ usage: Usage) -> JSONValue {
        [
            "input_tokens": .number(Double(usage.inputUncached)), "output_tokens": .number(Double(usage.outputTokens)),
            "cache_creation_input_tokens": .number(Double(usage.inputCacheWrite)),
            "cache_read_input_tokens": .number(Double(usage.inputCacheRead)),
        ]
    }

    mutating func encode(_ event: StreamEvent) -> [UInt8] {
        switch event {
        case .start(_, let answering):
            if !started && !answering.isEmpty { model = answering }
            return start()
        case .textDelta(let text) where text.isEmpty:
            // Providers send an empty text delta to keep two thinking blocks apart: the next thinking opens a new block.
            guard let current, current.block == .thinking else { return [] }
            return close(current.index)
        case .textDelta(let text):
            let (bytes, index) = block(.text, start: ["type": "text", "text": ""])
            return bytes + delta(index, ["type": "text_delta", "text": .string(text)])
        case .thinkingDelta(let text, let signature):
            let (bytes, index) = block(.thinking, start: ["type": "thinking", "thinking": ""])
            var out = bytes
            if !text.isEmpty { out += delta(index, ["type": "thinking_delta", "thinking": .string(text)]) }
            if let signature { out += delta(index, ["type": "signature_delta", "signature": .string(signature)]) }
            return out
        case .toolCallStart(let toolIndex, let callID, let name):
            var bytes = start()
            for (index, block) in open.sorted(by: { $0.key < $1.key }) where block != .toolUse { bytes += close(index) }
            let index = nextIndex
            nextIndex += 1
            toolBlocks[toolIndex] = index
            open[index] = .toolUse
            current = (index, .toolUse)
            bytes += ServerSentEvent.frame(
                [
                    "type": "content_block_start", "index": .number(Double(index)),
                    "content_block": ["type": "tool_use", "id": .string(callID), "name": .string(name), "input": [:]],
                ], event: "content_block_start")
            return bytes
        case .toolCallDelta(let toolIndex, let arguments):
            guard let index = toolBlocks[toolIndex] else { return [] }
            return delta(index, ["type": "input_json_delta", "partial_json": .string(arguments)])
        case .toolCallEnd(let toolIndex):
            guard let index = toolBlocks[toolIndex] else { return [] }
            return close(index)
        case .usage, .finish, .error:
            return []
        }
    }

    mutating func finish(_ result: StrategyResult) -> [UInt8] {
        var bytes = start() + closeAll()
        bytes += ServerSentEvent.frame(
            [
                "type": "message_delta",
                "delta": [
                    "stop_reason": .string(Self.stopReason(result.response.finishReason)), "stop_sequence": .null,
                ],
                "usage": Self.usageObject(result.response.usage),
            ], event: "message_delta")
        return bytes + ServerSentEvent.frame(["type": "message_stop"], event: "message_stop")
    }

    func fail(_ failure: APIFailure) -> [UInt8] {
        ServerSentEvent.frame(failure.anthropicBody, event: "error")
    }

    private mutating func start() -> [UInt8] {
        guard !started else { return [] }
        started = true
        let message: JSONValue = [
            "id": .string(id), "type": "message", "role": "assistant", "model": .string(model), "content": [],
            "stop_reason": .null, "stop_sequence": .null, "usage": ["input_tokens": 0, "output_tokens": 0],
        ]
        return ServerSentEvent.frame(["type": "message_start", "message": message], event: "message_start")
    }

    /// The block deltas of `kind` go to: the current one when it holds `kind`, else a new one (closing the others).
    private mutating func block(_ kind: Block, start content: JSONValue) -> ([UInt8], Int) {
        var bytes = start()
        if let current, current.block == kind, open[current.index] != nil { return (bytes, current.index) }
        bytes += closeAll()
        let index = nextIndex
        nextIndex += 1
        open[index] = kind
        current = (index, kind)
        bytes += ServerSentEvent.frame(
            ["type": "content_block_start", "index": .number(Double(index)), "content_block": content],
            event: "content_block_start")
        return (bytes, index)
    }

    private func delta(_ index: Int, _ delta: JSONValue) -> [UInt8] {
        ServerSentEvent.frame(
            ["type": "content_block_delta", "index": .number(Double(index)), "delta": delta],
            event: "content_block_delta")
    }

    private mutating func close(_ index: Int) -> [UInt8] {
        guard open.removeValue(forKey: index) != nil else { return [] }
        return ServerSentEvent.frame(
            ["type": "content_block_stop", "index": .number(Double(index))], event: "content_block_stop")
    }

    private mutating func closeAll() -> [UInt8] {
        open.keys.sorted().flatMap { close($0) }
    }
}
