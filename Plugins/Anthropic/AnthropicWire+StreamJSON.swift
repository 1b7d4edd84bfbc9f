import SwitchboardKit

// The stream's events and whole responses read from a parsed `JSONValue` (SwitchboardKit's `JSONParser` and
// `JSONFields`) rather than through Foundation's `JSONDecoder`, with `Decodable`'s rules: an absent or null member is
// nil, a member of another type is an error.

extension AnthropicWire.StreamPayload {
    /// Reads the `data:` payload of one server-sent event.
    /// - Throws: ``JSONFields/ShapeError`` when it is not an object, has no `type`, or a member has the wrong type.
    init(json: JSONValue) throws(JSONFields.ShapeError) {
        let object = try JSONFields(json, at: "the event")
        type = try object.required("type", object.string)
        message = try object.value("message").map(AnthropicWire.MessageStart.init(json:))
        index = try object.integer("index")
        contentBlock = try object.value("content_block").map { json throws(JSONFields.ShapeError) in
            try AnthropicWire.ContentBlockStart(json: json, at: "content_block")
        }
        delta = try object.value("delta").map(AnthropicWire.Delta.init(json:))
        usage = try object.value("usage").map(AnthropicWire.UsageReport.init(json:))
        error = try object.value("error").map(AnthropicWire.ErrorDetail.init(json:))
    }
}

extension AnthropicWire.MessageStart {
    init(json: JSONValue) throws(JSONFields.ShapeError) {
        let object = try JSONFields(json, at: "message")
        id = try object.string("id")
        model = try object.string("model")
        usage = try object.value("usage").map(AnthropicWire.UsageReport.init(json:))
    }
}

extension AnthropicWire.ContentBlockStart {
    init(json: JSONValue, at path: String) throws(JSONFields.ShapeError) {
        let object = try JSONFields(json, at: path)
        type = try object.required("type", object.string)
        text = try object.string("text")
        thinking = try object.string("thinking")
        signature = try object.string("signature")
        data = try object.string("data")
        id = try object.string("id")
        name = try object.string("name")
        input = object.value("input")
    }
}

extension AnthropicWire.Delta {
    init(json: JSONValue) throws(JSONFields.ShapeError) {
        let object = try JSONFields(json, at: "delta")
        type = try object.string("type")
        text = try object.string("text")
        thinking = try object.string("thinking")
        signature = try object.string("signature")
        partialJSON = try object.string("partial_json")
        stopReason = try object.string("stop_reason")
    }
}

extension AnthropicWire.UsageReport {
    init(json: JSONValue) throws(JSONFields.ShapeError) {
        let object = try JSONFields(json, at: "usage")
        inputTokens = try object.integer("input_tokens")
        outputTokens = try object.integer("output_tokens")
        cacheCreationInputTokens = try object.integer("cache_creation_input_tokens")
        cacheReadInputTokens = try object.integer("cache_read_input_tokens")
        oneHourCacheWriteTokens = try object.object("cache_creation")?.integer("ephemeral_1h_input_tokens")
        serviceTier = try object.string("service_tier")
    }
}

extension AnthropicWire.ErrorDetail {
    init(json: JSONValue) throws(JSONFields.ShapeError) {
        let object = try JSONFields(json, at: "error")
        type = try object.string("type")
        message = try object.string("message")
    }
}

extension AnthropicWire.MessageResponse {
    /// Reads a whole Messages response, or an error document.
    init(json: JSONValue) throws(JSONFields.ShapeError) {
        let object = try JSONFields(json, at: "the response")
        type = try object.string("type")
        id = try object.string("id")
        model = try object.string("model")
        var blocks: [AnthropicWire.ContentBlockStart] = []
        for (index, block) in (try object.array("content") ?? []).enumerated() {
            blocks.append(try AnthropicWire.ContentBlockStart(json: block, at: "content[\(index)]"))
        }
        content = object.value("content") == nil ? nil : blocks
        stopReason = try object.string("stop_reason")
        usage = try object.value("usage").map(AnthropicWire.UsageReport.init(json:))
        error = try object.value("error").map(AnthropicWire.ErrorDetail.init(json:))
    }
}

extension AnthropicWire.ErrorBody {
    /// Reads an error document's `error`; nil members where it has none.
    init(json: JSONValue) throws(JSONFields.ShapeError) {
        error = try JSONFields(json, at: "the error document").value("error").map(AnthropicWire.ErrorDetail.init(json:))
    }
}
