extension WireHTTPRequest {
    /// The request's JSON form, `{"method":…,"url":…,"headers":[[name,value],…],"timeout_ms":…}`, written
    /// without Foundation: every exchange a plugin starts crosses the boundary this way.
    package func jsonBytes() -> [UInt8] {
        var writer = JSONWriter(capacity: 256)
        writer.raw("{")
        writer.key("method"); writer.string(method)
        writer.key("url"); writer.string(url)
        writer.key("headers"); Self.write(headers, to: &writer)
        if let timeoutMilliseconds { writer.key("timeout_ms"); writer.integer(timeoutMilliseconds) }
        writer.raw("}")
        return writer.bytes
    }

    /// Reads a request from its JSON form.
    /// - Throws: ``JSONParser/Error`` for malformed JSON, ``ProviderError`` (`invalid_request`) for a document that
    ///   is not a request.
    package init(jsonBytes bytes: UnsafeRawBufferPointer) throws {
        let json = try JSONParser.parse(bytes)
        guard let method = json["method"]?.stringValue, let url = json["url"]?.stringValue else {
            throw ProviderError(.invalidRequest, "an HTTP request needs a string \"method\" and \"url\"")
        }
        self.method = method
        self.url = url
        headers = try Self.headers(json["headers"] ?? .array([])).map { [$0.name, $0.value] }
        switch json["timeout_ms"] {
        case nil, .null?: timeoutMilliseconds = nil
        case let value?:
            guard let milliseconds = value.intValue else {
                throw ProviderError(.invalidRequest, "an HTTP request's \"timeout_ms\" must be an integer")
            }
            timeoutMilliseconds = milliseconds
        }
    }

    /// `[[name,value],…]`: the JSON form of a header list, in requests and response heads.
    package static func headersJSON(_ headers: [HTTPHeader]) -> [UInt8] {
        var writer = JSONWriter(capacity: 64 * max(1, headers.count))
        write(headers.map { [$0.name, $0.value] }, to: &writer)
        return writer.bytes
    }

    /// Reads a header list from its JSON form; entries that are not `[name, value]` string pairs are skipped.
    /// - Throws: ``JSONParser/Error`` for malformed JSON, ``ProviderError`` (`invalid_request`) for a document that
    ///   is not an array.
    package static func headers(jsonBytes bytes: UnsafeRawBufferPointer) throws -> [HTTPHeader] {
        try headers(JSONParser.parse(bytes))
    }

    private static func headers(_ json: JSONValue) throws -> [HTTPHeader] {
        guard let entries = json.arrayValue else {
            throw ProviderError(.invalidRequest, "HTTP headers must be an array of [name, value] pairs")
        }
        return entries.compactMap { entry in
            guard let pair = entry.arrayValue, pair.count == 2, let name = pair[0].stringValue,
                let value = pair[1].stringValue
            else { return nil }
            return HTTPHeader(name, value)
        }
    }

    private static func write(_ pairs: [[String]], to writer: inout JSONWriter) {
        writer.raw("[")
        for (index, pair) in pairs.enumerated() {
            if index > 0 { writer.raw(",") }
            writer.raw("[")
            for (position, part) in pair.enumerated() {
                if position > 0 { writer.raw(",") }
                writer.string(part)
            }
            writer.raw("]")
        }
        writer.raw("]")
    }
}
