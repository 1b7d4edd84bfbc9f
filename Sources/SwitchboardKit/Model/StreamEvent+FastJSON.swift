extension StreamEvent {
    /// The event's JSON form (the same document `Codable` produces), written without Foundation.
    ///
    /// Every streamed event crosses the plugin boundary as JSON; this is that path's encoder.
    package func jsonBytes() -> [UInt8] {
        var writer = JSONWriter()
        writer.raw("{")
        switch self {
        case .start(let id, let model):
            writer.key("type"); writer.raw("\"start\"")
            if let id { writer.key("id"); writer.string(id) }
            writer.key("model"); writer.string(model)
        case .textDelta(let text):
            writer.key("type"); writer.raw("\"text_delta\"")
            writer.key("text"); writer.string(text)
        case .thinkingDelta(let text, let signature):
            writer.key("type"); writer.raw("\"thinking_delta\"")
            writer.key("text"); writer.string(text)
            if let signature { writer.key("signature"); writer.string(signature) }
        case .toolCallStart(let index, let id, let name):
            writer.key("type"); writer.raw("\"tool_call_start\"")
            writer.key("index"); writer.integer(index)
            writer.key("id"); writer.string(id)
            writer.key("name"); writer.string(name)
        case .toolCallDelta(let index, let arguments):
            writer.key("type"); writer.raw("\"tool_call_delta\"")
            writer.key("index"); writer.integer(index)
            writer.key("arguments"); writer.string(arguments)
        case .toolCallEnd(let index):
            writer.key("type"); writer.raw("\"tool_call_end\"")
            writer.key("index"); writer.integer(index)
        case .usage(let usage):
            writer.key("type"); writer.raw("\"usage\"")
            writer.key("usage"); usage.write(to: &writer)
        case .finish(let reason):
            writer.key("type"); writer.raw("\"finish\"")
            writer.key("reason"); writer.string(reason.rawValue)
        case .error(let error):
            writer.key("type"); writer.raw("\"error\"")
            writer.key("error"); error.write(to: &writer)
        }
        writer.raw("}")
        return writer.bytes
    }

    /// Decodes an event from its JSON form without Foundation.
    /// - Throws: ``JSONParser/Error`` for malformed JSON, ``ProviderError`` (`server`) for a document that is not an event.
    public init(jsonBytes bytes: UnsafeRawBufferPointer) throws {
        let json = try JSONParser.parse(bytes)
        guard let type = json["type"]?.stringValue else { throw Self.shapeError("no \"type\"") }
        func string(_ key: String) throws -> String {
            guard let value = json[key]?.stringValue else {
                throw Self.shapeError("\(type) event needs a string \"\(key)\"")
            }
            return value
        }
        func integer(_ key: String) throws -> Int {
            guard let value = json[key]?.intValue else {
                throw Self.shapeError("\(type) event needs an integer \"\(key)\"")
            }
            return value
        }
        switch type {
        case "text_delta": self = .textDelta(try string("text"))
        case "thinking_delta":
            self = .thinkingDelta(text: json["text"]?.stringValue ?? "", signature: json["signature"]?.stringValue)
        case "start": self = .start(id: json["id"]?.stringValue, model: try string("model"))
        case "tool_call_start":
            self = .toolCallStart(index: try integer("index"), id: try string("id"), name: try string("name"))
        case "tool_call_delta": self = .toolCallDelta(index: try integer("index"), arguments: try string("arguments"))
        case "tool_call_end": self = .toolCallEnd(index: try integer("index"))
        case "usage":
            guard let usage = json["usage"] else { throw Self.shapeError("usage event needs \"usage\"") }
            self = .usage(Usage(json: usage))
        case "finish": self = .finish(FinishReason(rawValue: try string("reason")))
        case "error":
            guard let error = json["error"], let parsed = ProviderError(json: error) else {
                throw Self.shapeError("error event needs an \"error\" object with \"kind\" and \"message\"")
            }
            self = .error(parsed)
        default: throw Self.shapeError("unknown stream event type \"\(type)\"")
        }
    }

    private static func shapeError(_ message: String) -> ProviderError {
        ProviderError(.server, "not a stream event: \(message)")
    }
}

extension Usage {
    /// Reads usage from its JSON form; absent counts are 0 and an absent tier is none.
    public init(json: JSONValue) {
        self.init(
            inputUncached: json["input_uncached"]?.intValue ?? 0,
            inputCacheRead: json["input_cache_read"]?.intValue ?? 0,
            inputCacheWrite: json["input_cache_write"]?.intValue ?? 0,
            inputCacheWriteExtended: json["input_cache_write_extended"]?.intValue ?? 0,
            outputText: json["output_text"]?.intValue ?? 0,
            outputReasoning: json["output_reasoning"]?.intValue ?? 0,
            estimated: json["estimated"]?.boolValue ?? false,
            responseCacheHit: json["response_cache_hit"]?.boolValue ?? false,
            serviceTier: json["service_tier"]?.stringValue
        )
    }

    func write(to writer: inout JSONWriter) {
        writer.raw("{")
        writer.key("input_uncached"); writer.integer(inputUncached)
        writer.key("input_cache_read"); writer.integer(inputCacheRead)
        writer.key("input_cache_write"); writer.integer(inputCacheWrite)
        writer.key("input_cache_write_extended"); writer.integer(inputCacheWriteExtended)
        writer.key("output_text"); writer.integer(outputText)
        writer.key("output_reasoning"); writer.integer(outputReasoning)
        writer.key("estimated"); estimated ? writer.raw("true") : writer.raw("false")
        writer.key("response_cache_hit"); responseCacheHit ? writer.raw("true") : writer.raw("false")
        writer.member("service_tier", serviceTier)
        writer.raw("}")
    }
}

extension ProviderError {
    /// Reads an error from its JSON form; nil when `kind` or `message` is missing.
    public init?(json: JSONValue) {
        guard let kind = json["kind"]?.stringValue, let message = json["message"]?.stringValue else { return nil }
        self.init(
            Kind(rawValue: kind),
            message,
            provider: json["provider"]?.stringValue,
            httpStatus: json["http_status"]?.intValue,
            retryAfter: json["retry_after"]?.doubleValue,
            reason: json["reason"]?.stringValue.map(Reason.init(rawValue:))
        )
    }

    /// Appends the error's JSON form (the one `Codable` produces) to `writer`.
    package func write(to writer: inout JSONWriter) {
        writer.raw("{")
        writer.key("kind"); writer.string(kind.rawValue)
        writer.key("message"); writer.string(message)
        if let provider { writer.key("provider"); writer.string(provider) }
        if let httpStatus { writer.key("http_status"); writer.integer(httpStatus) }
        if let retryAfter { writer.key("retry_after"); writer.number(retryAfter) }
        if let reason { writer.key("reason"); writer.string(reason.rawValue) }
        writer.raw("}")
    }
}
