import Switchboard
import SwitchboardKit

/// Writes answers in OpenAI's Chat Completions shape: a `chat.completion` object, or `chat.completion.chunk`
/// events ending with an optional usage chunk and `data: [DONE]`.
///
/// Thinking travels as `reasoning_content` (the field OpenAI-compatible servers use for it); a thinking signature
/// has no place in this shape and is dropped.
struct OpenAIChatEncoder: ChatStreamEncoder {
    /// The completion id, `chatcmpl-…`.
    let id: String
    /// Seconds since 1970 when the request arrived.
    let created: Int
    /// Whether the stream ends with a usage chunk.
    let includeUsage: Bool
    /// The model the chunks name: the request's, until the provider's `start` names the one that answers.
    private var model: String
    private var sentRole = false
    private var sentFinish = false
    /// Tool call ordinals (OpenAI's `index`) by the stream's tool call index.
    private var toolOrdinals: [Int: Int] = [:]

    /// Creates an encoder for one answer.
    init(id: String, created: Int, model: String, includeUsage: Bool) {
        self.id = id
        self.created = created
        self.model = model
        self.includeUsage = includeUsage
    }

    /// The whole answer as a `chat.completion` object.
    static func response(_ result: StrategyResult, id: String, created: Int) -> JSONValue {
        let response = result.response
        var message: [String: JSONValue] = [
            "role": "assistant", "content": response.text.isEmpty ? .null : .string(response.text), "refusal": .null,
        ]
        let thinking = response.content.compactMap { part -> String? in
            if case .thinking(let thinking) = part { thinking.text } else { nil }
        }.joined()
        if !thinking.isEmpty { message["reasoning_content"] = .string(thinking) }
        if !response.toolCalls.isEmpty {
            message["tool_calls"] = .array(
                response.toolCalls.map { call in
                    [
                        "id": .string(call.id), "type": "function",
                        "function": ["name": .string(call.name), "arguments": .string(call.arguments)],
                    ]
                })
        }
        return [
            "id": .string(id), "object": "chat.completion", "created": .number(Double(created)),
            "model": .string(response.model),
            "choices": [
                [
                    "index": 0, "message": .object(message), "logprobs": .null,
                    "finish_reason": .string(response.finishReason.rawValue),
                ]
            ],
            "usage": usage(response.usage),
        ]
    }

    /// OpenAI's usage object.
    static func usage(_ usage: Usage) -> JSONValue {
        [
            "prompt_tokens": .number(Double(usage.inputTokens)),
            "completion_tokens": .number(Double(usage.outputTokens)),
            "total_tokens": .number(Double(usage.totalTokens)),
            "prompt_tokens_details": ["cached_tokens": .number(Double(usage.inputCacheRead))],
            "completion_tokens_details": ["reasoning_tokens": .number(Double(usage.outputReasoning))],
        ]
    }

    mutating func encode(_ event: StreamEvent) -> [UInt8] {
        switch event {
        case .start(_, let started):
            if !sentRole && !started.isEmpty { model = started }
            return roleChunk()
        case .textDelta(let text):
            return roleChunk() + chunk(["content": .string(text)])
        case .thinkingDelta(let text, _):
            guard !text.isEmpty else { return [] }
            return roleChunk() + chunk(["reasoning_content": .string(text)])
        case .toolCallStart(let index, let callID, let name):
            let ordinal = toolOrdinals[index] ?? toolOrdinals.count
            toolOrdinals[index] = ordinal
            let call: JSONValue = [
                "index": .number(Double(ordinal)), "id": .string(callID), "type": "function",
                "function": ["name": .string(name), "arguments": ""],
            ]
            return roleChunk() + chunk(["tool_calls": [call]])
        case .toolCallDelta(let index, let arguments):
            let ordinal = toolOrdinals[index] ?? toolOrdinals.count
            toolOrdinals[index] = ordinal
            let call: JSONValue = ["index": .number(Double(ordinal)), "function": ["arguments": .string(arguments)]]
            return roleChunk() + chunk(["tool_calls": [call]])
        case .finish(let reason):
            return roleChunk() + finishChunk(reason)
        case .toolCallEnd, .usage, .error:
            return []
        }
    }

    mutating func finish(_ result: StrategyResult) -> [UInt8] {
        var bytes = roleChunk() + finishChunk(result.response.finishReason)
        if includeUsage {
            bytes += ServerSentEvent.frame(envelope(choices: [], usage: Self.usage(result.response.usage)))
        }
        return bytes + ServerSentEvent.done
    }

    func fail(_ failure: APIFailure) -> [UInt8] {
        ServerSentEvent.frame(failure.openAIBody)
    }

    private mutating func roleChunk() -> [UInt8] {
        guard !sentRole else { return [] }
        sentRole = true
        return chunk(["role": "assistant", "content": ""])
    }

    private mutating func finishChunk(_ reason: FinishReason) -> [UInt8] {
        guard !sentFinish else { return [] }
        sentFinish = true
        return ServerSentEvent.frame(
            envelope(choices: [
                ["index": 0, "delta": [:], "logprobs": .null, "finish_reason": .string(reason.rawValue)]
            ]))
    }

    private func chunk(_ delta: [String: JSONValue]) -> [UInt8] {
        ServerSentEvent.frame(
            envelope(choices: [["index": 0, "delta": .object(delta), "logprobs": .null, "finish_reason": .null]]))
    }

    private func envelope(choices: [JSONValue], usage: JSONValue = .null) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id), "object": "chat.completion.chunk", "created": .number(Double(created)),
            "model": .string(model),
            "choices": .array(choices),
        ]
        if includeUsage { object["usage"] = usage }
        return .object(object)
    }
}
