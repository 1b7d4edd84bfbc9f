import SwitchboardKit

// The stream's chunks read from a parsed `JSONValue` (SwitchboardKit's `JSONParser`) rather than through Foundation's
// `JSONDecoder`, which costs more than the rest of a chunk's handling together. Reading follows `Decodable`'s rules:
// an absent or null field is nil, a field of another type is an error.

extension OpenAIWire.Chunk {
    /// Reads a chunk from the `data:` payload of one server-sent event.
    /// - Throws: ``OpenAIWire/ShapeError`` when the payload is not an object or a field has the wrong type.
    init(json: JSONValue) throws {
        let object = try OpenAIWire.Fields(json, at: "the chunk")
        id = try object.string("id")
        model = try object.string("model")
        choices = try object.array("choices")?.map { try OpenAIWire.Choice(json: $0) }
        usage = try object.value("usage").map(OpenAIWire.UsageReport.init(json:))
        xGroq = try object.value("x_groq").map(OpenAIWire.GroqExtension.init(json:))
        error = object.value("error")
    }
}

extension OpenAIWire.Chunk {
    /// Reads a whole, non-streamed `chat.completion` as one chunk: each choice's `message` as its delta.
    /// - Throws: ``OpenAIWire/ShapeError`` when the document is not an object or a field has the wrong type.
    init(completion json: JSONValue) throws {
        let object = try OpenAIWire.Fields(json, at: "the chat completion")
        id = try object.string("id")
        model = try object.string("model")
        choices = try object.array("choices")?.map { try OpenAIWire.Choice(json: $0, deltaKey: "message") }
        usage = try object.value("usage").map(OpenAIWire.UsageReport.init(json:))
        xGroq = try object.value("x_groq").map(OpenAIWire.GroqExtension.init(json:))
        error = object.value("error")
    }
}

extension OpenAIWire.Choice {
    /// - Parameter deltaKey: `delta` in a chunk, `message` in a whole completion (the two have the same fields).
    init(json: JSONValue, deltaKey: String = "delta") throws {
        let object = try OpenAIWire.Fields(json, at: "choices[]")
        index = try object.integer("index")
        delta = try object.value(deltaKey).map(OpenAIWire.Delta.init(json:))
        finishReason = try object.string("finish_reason")
    }
}

extension OpenAIWire.Delta {
    init(json: JSONValue) throws {
        let object = try OpenAIWire.Fields(json, at: "delta")
        content = object.value("content")
        reasoningContent = try object.string("reasoning_content")
        reasoning = try object.string("reasoning")
        toolCalls = try object.array("tool_calls")?.map(OpenAIWire.ToolCallDelta.init(json:))
    }
}

extension OpenAIWire.ToolCallDelta {
    init(json: JSONValue) throws {
        let object = try OpenAIWire.Fields(json, at: "tool_calls[]")
        index = try object.integer("index")
        id = try object.string("id")
        function = try object.value("function").map(OpenAIWire.FunctionDelta.init(json:))
    }
}

extension OpenAIWire.FunctionDelta {
    init(json: JSONValue) throws {
        let object = try OpenAIWire.Fields(json, at: "function")
        name = try object.string("name")
        arguments = try object.string("arguments")
    }
}

extension OpenAIWire.UsageReport {
    init(json: JSONValue) throws {
        let object = try OpenAIWire.Fields(json, at: "usage")
        promptTokens = try object.integer("prompt_tokens")
        completionTokens = try object.integer("completion_tokens")
        promptTokensDetails = try object.value("prompt_tokens_details").map { details in
            OpenAIWire.PromptTokensDetails(
                cachedTokens: try OpenAIWire.Fields(details, at: "prompt_tokens_details").integer("cached_tokens"))
        }
        completionTokensDetails = try object.value("completion_tokens_details").map { details in
            OpenAIWire.CompletionTokensDetails(
                reasoningTokens: try OpenAIWire.Fields(details, at: "completion_tokens_details").integer(
                    "reasoning_tokens"))
        }
    }
}

extension OpenAIWire.GroqExtension {
    init(json: JSONValue) throws {
        usage = try OpenAIWire.Fields(json, at: "x_groq").value("usage").map(OpenAIWire.UsageReport.init(json:))
    }
}

extension OpenAIWire {
    /// A chunk whose JSON is not shaped as the API documents it.
    struct ShapeError: Error, CustomStringConvertible {
        var description: String
    }

    /// The members of one JSON object of a chunk, read with `Decodable`'s rules for optional fields.
    struct Fields {
        private let members: [String: JSONValue]
        private let path: String

        /// - Throws: ``ShapeError`` when `json` is not an object.
        init(_ json: JSONValue, at path: String) throws {
            guard case .object(let members) = json else {
                throw ShapeError(description: "expected an object at \(path)")
            }
            self.members = members
            self.path = path
        }

        /// The member, unless it is absent or null.
        func value(_ key: String) -> JSONValue? {
            guard let value = members[key], value != .null else { return nil }
            return value
        }

        func string(_ key: String) throws -> String? {
            guard let value = value(key) else { return nil }
            guard case .string(let string) = value else { throw mismatch(key, "a string") }
            return string
        }

        func integer(_ key: String) throws -> Int? {
            guard let value = value(key) else { return nil }
            guard let integer = value.intValue else { throw mismatch(key, "an integer") }
            return integer
        }

        func array(_ key: String) throws -> [JSONValue]? {
            guard let value = value(key) else { return nil }
            guard case .array(let elements) = value else { throw mismatch(key, "an array") }
            return elements
        }

        private func mismatch(_ key: String, _ expected: String) -> ShapeError {
            ShapeError(description: "expected \(expected) at \(path).\(key)")
        }
    }
}
