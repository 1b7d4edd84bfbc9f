import SwitchboardKit

/// One frame between the host and a `switchboard plugin-host` child (see docs/security.md, "Process isolation").
///
/// Host → child: `create`, `start`, `cancel`, `list_models`, `check_health`, and the answers to the child's service
/// calls (`http_head`, `http_body`, `http_end`, `secret`). Child → host: `created`, `event`, `done`, and the service
/// calls `http_start`, `http_cancel`, `get_secret`. Every field but `op` is optional; which ones a frame carries
/// depends on `op`.
struct PluginHostMessage: Codable, Sendable {
    /// What the frame asks or answers.
    var op: String
    /// The request, exchange or secret lookup the frame belongs to.
    var id: UInt64?
    /// `create`: the instance name; `get_secret`: the variable's name.
    var name: String?
    /// `create`: the instance settings; `start`: the ChatRequest; `event`: one event; `http_start`: the request head.
    var payload: JSONValue?
    /// `done`, `http_end`, `created`: the failure, when there was one.
    var error: ProviderError?
    /// `http_head`: the status code.
    var status: Int?
    /// `http_head`: the headers as `[name, value]` pairs.
    var headers: [[String]]?
    /// `http_start`, `http_body`: bytes; `secret`: the value, or nil when unset.
    var bytes: [UInt8]?

    init(
        _ op: String, id: UInt64? = nil, name: String? = nil, payload: JSONValue? = nil, error: ProviderError? = nil,
        status: Int? = nil, headers: [[String]]? = nil, bytes: [UInt8]? = nil
    ) {
        self.op = op
        self.id = id
        self.name = name
        self.payload = payload
        self.error = error
        self.status = status
        self.headers = headers
        self.bytes = bytes
    }
}

extension JSONCoding {
    /// `value` re-decoded as `type` through its JSON form.
    static func convert<Value: Decodable>(_ value: some Encodable, to type: Value.Type) throws -> Value {
        let bytes = try encode(value)
        return try bytes.withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { try decode(type, from: $0.baseAddress, count: $0.count) }
        }
    }
}
