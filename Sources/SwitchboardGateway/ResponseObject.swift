import Switchboard
import SwitchboardKit

/// The Responses API's `response` object and its output items (`message`, `reasoning`, `function_call`), as the
/// whole answer and the streamed events carry them.
///
/// Item ids are the request id with the item's output index (`msg_<request>_0`, `fc_<request>_1`, `rs_…`), so the
/// items of a streamed answer and of its final `response.completed` agree.
struct ResponseObject: Sendable {
    /// The response id, `resp_<request>`.
    let id: String
    /// The gateway's request id, which the item ids carry.
    let requestID: String
    /// Seconds since 1970 when the request arrived.
    let createdAt: Int
    /// The model the object names: the request's, until the answer names the one that answered.
    var model: String
    /// The request's settings the object repeats (``ResponsesCall/settings``).
    let settings: [String: JSONValue]

    /// Creates the object of one request's answer.
    init(requestID: String, createdAt: Int, model: String, settings: [String: JSONValue]) {
        self.id = "resp_\(requestID)"
        self.requestID = requestID
        self.createdAt = createdAt
        self.model = model
        self.settings = settings
    }

    /// The object with `status` (`in_progress`, `completed`, `incomplete`, `failed`) and what is known so far.
    func json(
        status: String, output: [JSONValue] = [], usage: Usage? = nil, error: APIFailure? = nil,
        incompleteReason: String? = nil
    ) -> JSONValue {
        var object = settings
        object["id"] = .string(id)
        object["object"] = "response"
        object["created_at"] = .number(Double(createdAt))
        object["status"] = .string(status)
        object["model"] = .string(model)
        object["output"] = .array(output)
        object["usage"] = usage.map(Self.usage) ?? .null
        object["error"] =
            error.map { ["code": .string(Self.errorCode($0)), "message": .string($0.message)] } ?? .null
        object["incomplete_details"] = incompleteReason.map { ["reason": .string($0)] } ?? .null
        return .object(object)
    }

    /// The whole answer: its content parts as output items, in order (consecutive text parts form one message; empty
    /// text makes none).
    static func response(_ result: StrategyResult, requestID: String, createdAt: Int, settings: [String: JSONValue])
        -> JSONValue
    {
        let response = result.response
        let object = ResponseObject(
            requestID: requestID, createdAt: createdAt, model: response.model, settings: settings)
        var output: [JSONValue] = []
        var text: String?
        func flushText() {
            guard let pending = text else { return }
            output.append(object.message(index: output.count, text: pending, status: "completed"))
            text = nil
        }
        for part in response.content {
            switch part {
            case .text(let piece) where !piece.isEmpty:
                text = (text ?? "") + piece
            case .thinking(let thinking):
                flushText()
                output.append(object.reasoning(index: output.count, thinking: thinking, status: "completed"))
            case .toolCall(let call):
                flushText()
                output.append(object.functionCall(index: output.count, call: call, status: "completed"))
            case .text, .image, .toolResult:
                continue
            }
        }
        flushText()
        let outcome = outcome(response.finishReason)
        return object.json(
            status: outcome.status, output: output, usage: response.usage, incompleteReason: outcome.incompleteReason)
    }

    /// The object's status for a finish reason: `incomplete` (with the reason) when the answer was cut short.
    static func outcome(_ reason: FinishReason) -> (status: String, incompleteReason: String?) {
        switch reason {
        case .length: ("incomplete", "max_output_tokens")
        case .contentFilter: ("incomplete", "content_filter")
        default: ("completed", nil)
        }
    }

    /// A `message` item's id.
    func messageID(_ index: Int) -> String { "msg_\(requestID)_\(index)" }

    /// A `reasoning` item's id.
    func reasoningID(_ index: Int) -> String { "rs_\(requestID)_\(index)" }

    /// A `function_call` item's id.
    func functionCallID(_ index: Int) -> String { "fc_\(requestID)_\(index)" }

    /// An assistant `message` item at output index `index`, with one `output_text` part (none while it is empty and
    /// in progress).
    func message(index: Int, text: String?, status: String) -> JSONValue {
        [
            "id": .string(messageID(index)), "type": "message", "role": "assistant", "status": .string(status),
            "content": .array(text.map { [Self.outputText($0)] } ?? []),
        ]
    }

    /// An `output_text` content part.
    static func outputText(_ text: String) -> JSONValue {
        ["type": "output_text", "text": .string(text), "annotations": [], "logprobs": []]
    }

    /// A `reasoning_text` content part.
    static func reasoningText(_ text: String) -> JSONValue {
        ["type": "reasoning_text", "text": .string(text)]
    }

    /// A `reasoning` item: the thinking as `reasoning_text` content, its signature as `encrypted_content`.
    func reasoning(index: Int, thinking: Thinking?, status: String) -> JSONValue {
        var item: [String: JSONValue] = [
            "id": .string(reasoningID(index)), "type": "reasoning", "status": .string(status), "summary": [],
            "content": .array(thinking.map { [Self.reasoningText($0.text)] } ?? []),
        ]
        if let signature = thinking?.signature { item["encrypted_content"] = .string(signature) }
        return .object(item)
    }

    /// A `function_call` item.
    func functionCall(index: Int, call: ToolCall, status: String) -> JSONValue {
        [
            "id": .string(functionCallID(index)), "type": "function_call", "status": .string(status),
            "call_id": .string(call.id), "name": .string(call.name), "arguments": .string(call.arguments),
        ]
    }

    /// The Responses API's usage object.
    static func usage(_ usage: Usage) -> JSONValue {
        [
            "input_tokens": .number(Double(usage.inputTokens)),
            "input_tokens_details": [
                "cached_tokens": .number(Double(usage.inputCacheRead)),
                "cache_write_tokens": .number(Double(usage.inputCacheWrite)),
            ],
            "output_tokens": .number(Double(usage.outputTokens)),
            "output_tokens_details": ["reasoning_tokens": .number(Double(usage.outputReasoning))],
            "total_tokens": .number(Double(usage.totalTokens)),
        ]
    }

    /// A failed response's `error.code`, one of the codes OpenAI gives a failed response.
    static func errorCode(_ failure: APIFailure) -> String {
        switch failure.kind {
        case .rateLimited, .budgetExceeded: "rate_limit_exceeded"
        case .invalidRequest, .contextWindowExceeded, .contentPolicy: "invalid_prompt"
        default: "server_error"
        }
    }
}
