import Switchboard
import SwitchboardKit

/// Writes a streamed answer as the Responses API's server-sent events, each named by its `type` and numbered by
/// `sequence_number`: `response.created` and `response.in_progress`; for each output item `response.output_item.added`,
/// its content (`response.content_part.added`, `response.output_text.delta` / `response.reasoning_text.delta`, their
/// `….done` and `response.content_part.done`, or `response.function_call_arguments.delta` / `.done`) and
/// `response.output_item.done`; then `response.completed` (`response.incomplete` when the answer was cut short)
/// with the whole response and its usage, or `response.failed` with the error when the answer fails after it began.
///
/// Text and thinking each open an item that lasts until something else arrives (an empty text delta, which providers
/// send to keep two thinking blocks apart, ends a reasoning item); each tool call is its own `function_call` item.
struct ResponsesStreamEncoder: ChatStreamEncoder {
    private var object: ResponseObject
    private var sequence = 0
    private var started = false
    /// Every output item by output index: its latest state (in progress while open, then done).
    private var items: [JSONValue] = []
    private var text: (index: Int, text: String)?
    private var reasoning: (index: Int, text: String, signature: String?)?
    /// The open function calls by the stream's tool call index.
    private var calls: [Int: (index: Int, call: ToolCall)] = [:]

    /// Creates an encoder for the answer that `object` describes.
    init(_ object: ResponseObject) {
        self.object = object
    }

    mutating func encode(_ event: StreamEvent) -> [UInt8] {
        switch event {
        case .start(_, let answering):
            if !started && !answering.isEmpty { object.model = answering }
            return start()
        case .textDelta(let delta) where delta.isEmpty:
            return start() + closeReasoning()
        case .textDelta(let delta):
            var bytes = start() + closeReasoning()
            let index: Int
            if let open = text {
                index = open.index
            } else {
                index = items.count
                bytes += addItem(object.message(index: index, text: nil, status: "in_progress"))
                bytes += part(
                    "response.content_part.added", index, object.messageID(index), ResponseObject.outputText(""))
                text = (index, "")
            }
            text?.text += delta
            return bytes
                + emit(
                    "response.output_text.delta",
                    [
                        "item_id": .string(object.messageID(index)), "output_index": .number(Double(index)),
                        "content_index": 0, "delta": .string(delta), "logprobs": [],
                    ])
        case .thinkingDelta(let delta, let signature):
            var bytes = start() + closeText()
            let index: Int
            if let open = reasoning {
                index = open.index
            } else {
                index = items.count
                bytes += addItem(object.reasoning(index: index, thinking: nil, status: "in_progress"))
                bytes += part(
                    "response.content_part.added", index, object.reasoningID(index), ResponseObject.reasoningText(""))
                reasoning = (index, "", nil)
            }
            reasoning?.text += delta
            if let signature { reasoning?.signature = signature }
            guard !delta.isEmpty else { return bytes }
            return bytes
                + emit(
                    "response.reasoning_text.delta",
                    [
                        "item_id": .string(object.reasoningID(index)), "output_index": .number(Double(index)),
                        "content_index": 0, "delta": .string(delta),
                    ])
        case .toolCallStart(let toolIndex, let callID, let name):
            var bytes = start() + closeText() + closeReasoning() + closeCall(toolIndex)
            let index = items.count
            let call = ToolCall(id: callID, name: name, arguments: "")
            calls[toolIndex] = (index, call)
            bytes += addItem(object.functionCall(index: index, call: call, status: "in_progress"))
            return bytes
        case .toolCallDelta(let toolIndex, let arguments):
            guard let open = calls[toolIndex] else { return [] }
            calls[toolIndex]?.call.arguments += arguments
            return emit(
                "response.function_call_arguments.delta",
                [
                    "item_id": .string(object.functionCallID(open.index)), "output_index": .number(Double(open.index)),
                    "delta": .string(arguments),
                ])
        case .toolCallEnd(let toolIndex):
            return closeCall(toolIndex)
        case .usage, .finish, .error:
            return []
        }
    }

    mutating func finish(_ result: StrategyResult) -> [UInt8] {
        let response = result.response
        var bytes = start() + closeAll()
        if !response.model.isEmpty { object.model = response.model }
        let outcome = ResponseObject.outcome(response.finishReason)
        let type = outcome.status == "completed" ? "response.completed" : "response.incomplete"
        bytes += emit(
            type,
            [
                "response": object.json(
                    status: outcome.status, output: items, usage: response.usage,
                    incompleteReason: outcome.incompleteReason)
            ])
        return bytes
    }

    func fail(_ failure: APIFailure) -> [UInt8] {
        var encoder = self
        return encoder.start()
            + encoder.emit(
                "response.failed", ["response": encoder.object.json(status: "failed", output: items, error: failure)])
    }

    /// `response.created` and `response.in_progress`, once.
    private mutating func start() -> [UInt8] {
        guard !started else { return [] }
        started = true
        let snapshot = object.json(status: "in_progress")
        return emit("response.created", ["response": snapshot]) + emit("response.in_progress", ["response": snapshot])
    }

    /// One event: `fields` with its `type` and the next `sequence_number`.
    private mutating func emit(_ type: String, _ fields: [String: JSONValue]) -> [UInt8] {
        var event = fields
        event["type"] = .string(type)
        event["sequence_number"] = .number(Double(sequence))
        sequence += 1
        return ServerSentEvent.frame(.object(event), event: type)
    }

    /// `response.output_item.added` for a new item at the end of the output.
    private mutating func addItem(_ item: JSONValue) -> [UInt8] {
        items.append(item)
        return emit("response.output_item.added", ["output_index": .number(Double(items.count - 1)), "item": item])
    }

    /// `response.output_item.done` for the item at `index`, now `item`.
    private mutating func finishItem(_ index: Int, _ item: JSONValue) -> [UInt8] {
        items[index] = item
        return emit("response.output_item.done", ["output_index": .number(Double(index)), "item": item])
    }

    /// `response.content_part.added` or `.done` for the only content part of the item at `index`.
    private mutating func part(_ type: String, _ index: Int, _ itemID: String, _ part: JSONValue) -> [UInt8] {
        emit(
            type,
            ["item_id": .string(itemID), "output_index": .number(Double(index)), "content_index": 0, "part": part])
    }

    private mutating func closeText() -> [UInt8] {
        guard let open = text else { return [] }
        self.text = nil
        let (index, text) = open
        let itemID = object.messageID(index)
        return emit(
            "response.output_text.done",
            [
                "item_id": .string(itemID), "output_index": .number(Double(index)), "content_index": 0,
                "text": .string(text), "logprobs": [],
            ])
            + part("response.content_part.done", index, itemID, ResponseObject.outputText(text))
            + finishItem(index, object.message(index: index, text: text, status: "completed"))
    }

    private mutating func closeReasoning() -> [UInt8] {
        guard let open = reasoning else { return [] }
        reasoning = nil
        let (index, text, signature) = open
        let itemID = object.reasoningID(index)
        let thinking = Thinking(text: text, signature: signature)
        return emit(
            "response.reasoning_text.done",
            [
                "item_id": .string(itemID), "output_index": .number(Double(index)), "content_index": 0,
                "text": .string(text),
            ])
            + part("response.content_part.done", index, itemID, ResponseObject.reasoningText(text))
            + finishItem(index, object.reasoning(index: index, thinking: thinking, status: "completed"))
    }

    private mutating func closeCall(_ toolIndex: Int) -> [UInt8] {
        guard let open = calls.removeValue(forKey: toolIndex) else { return [] }
        let (index, call) = open
        return emit(
            "response.function_call_arguments.done",
            [
                "item_id": .string(object.functionCallID(index)), "output_index": .number(Double(index)),
                "name": .string(call.name), "arguments": .string(call.arguments),
            ])
            + finishItem(index, object.functionCall(index: index, call: call, status: "completed"))
    }

    /// Closes every open item, in output order.
    private mutating func closeAll() -> [UInt8] {
        var open: [(index: Int, close: Close)] = calls.map { ($0.value.index, .call($0.key)) }
        if let text { open.append((text.index, .text)) }
        if let reasoning { open.append((reasoning.index, .reasoning)) }
        var bytes: [UInt8] = []
        for (_, item) in open.sorted(by: { $0.index < $1.index }) {
            switch item {
            case .text: bytes += closeText()
            case .reasoning: bytes += closeReasoning()
            case .call(let toolIndex): bytes += closeCall(toolIndex)
            }
        }
        return bytes
    }

    /// An open item to close.
    private enum Close {
        case text, reasoning
        case call(Int)
    }
}
