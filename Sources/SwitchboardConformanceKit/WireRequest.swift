public import Foundation

/// A request the plugin sent to the runner's local server, as it arrived on the wire.
public struct WireRequest: Codable, Sendable, Hashable {
    /// One request header.
    public struct Header: Codable, Sendable, Hashable {
        /// The header's name as sent.
        public var name: String
        /// The header's value.
        public var value: String
    }

    /// The method, e.g. `POST`.
    public var method: String
    /// The request target: path and query, e.g. `/v1/chat?stream=true`.
    public var uri: String
    /// The headers, in order.
    public var headers: [Header]
    /// The body's bytes.
    public var body: [UInt8]

    /// Creates a request record.
    public init(method: String, uri: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        self.uri = uri
        self.headers = headers.map { Header(name: $0.name, value: $0.value) }
        self.body = body
    }

    /// The first value of the header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The body as UTF-8 text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The body, decoded as `type` from JSON.
    /// - Throws: the decoder's error when the body is not that JSON.
    public func json<Value: Decodable>(_ type: Value.Type = Value.self) throws -> Value {
        try JSONDecoder().decode(type, from: Data(body))
    }
}
