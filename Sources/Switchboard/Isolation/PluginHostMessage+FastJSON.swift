import SwitchboardKit

/// A frame's two parts: a small JSON header, written and read with the fast JSON path, and the raw bytes the case
/// carries (a request's or an event's JSON, an HTTP body, a secret's value), empty for the other cases.
extension PluginHostMessage {
    /// The frame's header (`op` first, then `id`, then the case's fields) and its payload.
    func frameParts() -> (header: [UInt8], payload: [UInt8]) {
        var writer = JSONWriter()
        writer.raw("{")
        writer.key("op")
        writer.string(op)
        var payload: [UInt8] = []
        switch self {
        case .create(let name, let settings):
            writer.key("name")
            writer.string(name)
            writer.key("settings")
            writer.value(settings)
        case .start(let id, let request), .embed(let id, let request):
            Self.write(id: id, to: &writer)
            payload = request
        case .listModels(let id), .checkHealth(let id), .cancel(let id), .httpCancel(let id), .pause(let id),
            .resume(let id), .httpPause(let id), .httpResume(let id):
            Self.write(id: id, to: &writer)
        case .httpHead(let id, let status, let headers):
            Self.write(id: id, to: &writer)
            writer.key("status")
            writer.integer(status)
            writer.key("headers")
            Self.write(headers, to: &writer)
        case .httpBody(let id, let bytes):
            Self.write(id: id, to: &writer)
            payload = bytes
        case .httpEnd(let id, let error), .done(let id, let error):
            Self.write(id: id, to: &writer)
            if let error {
                writer.key("error")
                error.write(to: &writer)
            }
        case .secret(let id, let value):
            Self.write(id: id, to: &writer)
            if let value {
                writer.key("found")
                writer.raw("true")
                payload = Array(value.utf8)
            }
        case .created(let error):
            if let error {
                writer.key("error")
                error.write(to: &writer)
            }
        case .event(let id, let event):
            Self.write(id: id, to: &writer)
            payload = event
        case .httpStart(let id, let request):
            Self.write(id: id, to: &writer)
            writer.key("method")
            writer.string(request.method)
            writer.key("url")
            writer.string(request.url)
            writer.key("headers")
            Self.write(request.headers, to: &writer)
            if let timeout = request.timeout {
                let (seconds, attoseconds) = timeout.components
                writer.key("timeout_ms")
                writer.number(Double(seconds) * 1000 + Double(attoseconds) / 1e15)
            }
            payload = request.body
        case .getSecret(let id, let name):
            Self.write(id: id, to: &writer)
            writer.key("name")
            writer.string(name)
        }
        writer.raw("}")
        return (writer.bytes, payload)
    }

    /// Reads a frame from its header (with ``JSONParser``) and its payload.
    /// - Returns: The frame, or nil for an `op` this version does not know (a newer peer's), which is skipped.
    /// - Throws: ``JSONParser/Error`` for a malformed header; ``ProviderError`` (`server`) for a known `op` whose
    ///   fields are missing or of the wrong type.
    static func decode(header bytes: UnsafeRawBufferPointer, payload: [UInt8]) throws -> PluginHostMessage? {
        let json = try JSONParser.parse(bytes)
        guard let op = json["op"]?.stringValue else { throw shapeError("a frame needs a string \"op\"") }
        func id() throws -> UInt64 {
            guard let number = json["id"]?.doubleValue, number >= 0, number < 0x1p53, number.rounded() == number else {
                throw shapeError("\(op) needs a non-negative integer \"id\"")
            }
            return UInt64(number)
        }
        func string(_ key: String) throws -> String {
            guard let value = json[key]?.stringValue else { throw shapeError("\(op) needs a string \"\(key)\"") }
            return value
        }
        func readError() throws -> ProviderError? {
            guard let value = json["error"], value != .null else { return nil }
            guard let error = ProviderError(json: value) else {
                throw shapeError("\(op) has an \"error\" without a string \"kind\" and \"message\"")
            }
            return error
        }
        func headers() throws -> [HTTPHeader] {
            guard let value = json["headers"], value != .null else { return [] }
            guard let pairs = value.arrayValue else { throw shapeError("\(op) needs \"headers\" as [[name, value]]") }
            return try pairs.map { pair in
                guard let pair = pair.arrayValue, pair.count == 2, let name = pair[0].stringValue,
                    let value = pair[1].stringValue
                else { throw shapeError("\(op) has a header that is not a [name, value] pair of strings") }
                return HTTPHeader(name, value)
            }
        }
        switch op {
        case "create": return .create(name: try string("name"), settings: json["settings"] ?? [:])
        case "start": return .start(id: try id(), request: payload)
        case "embed": return .embed(id: try id(), request: payload)
        case "list_models": return .listModels(id: try id())
        case "check_health": return .checkHealth(id: try id())
        case "cancel": return .cancel(id: try id())
        case "http_head":
            guard let status = json["status"]?.intValue else {
                throw shapeError("http_head needs an integer \"status\"")
            }
            return .httpHead(id: try id(), status: status, headers: try headers())
        case "http_body": return .httpBody(id: try id(), bytes: payload)
        case "http_end": return .httpEnd(id: try id(), error: try readError())
        case "secret":
            let found = json["found"] == .bool(true)
            return .secret(id: try id(), value: found ? String(decoding: payload, as: UTF8.self) : nil)
        case "created": return .created(error: try readError())
        case "event": return .event(id: try id(), payload: payload)
        case "done": return .done(id: try id(), error: try readError())
        case "http_start":
            let timeout = json["timeout_ms"]?.doubleValue.map { Duration.milliseconds($0) }
            let request = HTTPRequest(
                method: try string("method"), url: try string("url"), headers: try headers(), body: payload,
                timeout: timeout)
            return .httpStart(id: try id(), request: request)
        case "http_cancel": return .httpCancel(id: try id())
        case "get_secret": return .getSecret(id: try id(), name: try string("name"))
        case "pause": return .pause(id: try id())
        case "resume": return .resume(id: try id())
        case "http_pause": return .httpPause(id: try id())
        case "http_resume": return .httpResume(id: try id())
        default: return nil
        }
    }

    private static func write(id: UInt64, to writer: inout JSONWriter) {
        writer.key("id")
        writer.integer(Int(id))
    }

    private static func write(_ headers: [HTTPHeader], to writer: inout JSONWriter) {
        writer.value(.array(headers.map { .array([.string($0.name), .string($0.value)]) }))
    }

    private static func shapeError(_ message: String) -> ProviderError {
        ProviderError(.server, "not a plugin-host frame: \(message)")
    }
}
