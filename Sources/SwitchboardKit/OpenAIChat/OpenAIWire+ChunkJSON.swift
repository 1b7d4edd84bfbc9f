// The stream's chunks read from a parsed `JSONValue` (SwitchboardKit's `JSONParser`) rather than through Foundation's
// `JSONDecoder`, which costs more than the rest of a chunk's handling together. Reading follows `Decodable`'s rules:
// an absent or null field is nil, a field of another type is an error.

extension OpenAIWire.Chunk {
    /// Reads a chunk from the `data:` payload of one server-sent event.
    /// - Throws: ``JSONFields/ShapeError`` when the payload is not an object or a field has the wrong type.
    init(json: JSONValue) throws {
        let object = try JSONFields(json, at: "the chunk")
        id = try object.string("id")
        model = try object.string("model")
        choices = try object.array("choices")?.map { try OpenAIWire.Choice(json: $0) }
        usage = try object.value("usage").map(OpenAIWire.UsageReport.init(json:))
        xGroq = try object.value("x_groq").map(OpenAIWire.GroqExtension.init(json:))
        serviceTier = try object.string("service_tier")
        error = object.value("error")
    }
}

extension OpenAIWire.Chunk {
    /// Reads a whole, non-streamed `chat.completion` as one chunk: each choice's `message` as its delta.
    /// - Throws: ``JSONFields/ShapeError`` when the document is not an object or a field has the wrong type.
    init(completion json: JSONValue) throws {
        let object = try JSONFields(json, at: "the chat completion")
        id = try object.string("id")
        model = try object.string("model")
        choices = try object.array("choices")?.map { try OpenAIWire.Choice(json: $0, deltaKey: "message") }
        usage = try object.value("usage").map(OpenAIWire.UsageReport.init(json:))
        xGroq = try object.value("x_groq").map(OpenAIWire.GroqExtension.init(json:))
        serviceTier = try object.string("service_tier")
        error = object.value("error")
    }
}

extension OpenAIWire.Choice {
    /// - Parameter deltaKey: `delta` in a chunk, `message` in a whole completion (the two have the same fields).
    init(json: JSONValue, deltaKey: String = "delta") throws {
        let object = try JSONFields(json, at: "choices[]")
        index = try object.integer("index")
        delta = try object.value(deltaKey).map(OpenAIWire.Delta.init(json:))
        finishReason = try object.string("finish_reason")
    }
}

extension OpenAIWire.Delta {
    init(json: JSONValue) throws {
        let object = try JSONFields(json, at: "delta")
        content = object.value("content")
        reasoningContent = try object.string("reasoning_content")
        reasoning = try object.string("reasoning")
        toolCalls = try object.array("tool_calls")?.map(OpenAIWire.ToolCallDelta.init(json:))
    }
}

extension OpenAIWire.ToolCallDelta {
    init(json: JSONValue) throws {
        let object = try JSONFields(json, at: "tool_calls[]")
        index = try object.integer("index")
        id = try object.string("id")
        function = try object.value("function").map(OpenAIWire.FunctionDelta.init(json:))
    }
}

extension OpenAIWire.FunctionDelta {
    init(json: JSONValue) throws {
        let object = try JSONFields(json, at: "function")
        name = try object.string("name")
        arguments = try object.string("arguments")
    }
}

extension OpenAIWire.UsageReport {
    init(json: JSONValue) throws {
        let object = try JSONFields(json, at: "usage")
        promptTokens = try object.integer("prompt_tokens")
        completionTokens = try object.integer("completion_tokens")
        promptCacheHitTokens = try object.integer("prompt_cache_hit_tokens")
        promptTokensDetails = try object.value("prompt_tokens_details").map { details in
            OpenAIWire.PromptTokensDetails(
                cachedTokens: try JSONFields(details, at: "prompt_tokens_details").integer("cached_tokens"))
        }
        completionTokensDetails = try object.value("completion_tokens_details").map { details in
            OpenAIWire.CompletionTokensDetails(
                reasoningTokens: try JSONFields(details, at: "completion_tokens_details").integer(
                    "reasoning_tokens"))
        }
    }
}

extension OpenAIWire.GroqExtension {
    init(json: JSONValue) throws {
        usage = try JSONFields(json, at: "x_groq").value("usage").map(OpenAIWire.UsageReport.init(json:))
    }
}
