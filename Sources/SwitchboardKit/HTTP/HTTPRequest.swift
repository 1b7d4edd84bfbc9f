/// One HTTP request a provider sends through the host's transport.
public struct HTTPRequest: Sendable, Hashable {
    /// `GET`, `POST`, …
    public var method: String
    /// The absolute URL.
    public var url: String
    /// Header fields in order; names are case-insensitive.
    public var headers: [HTTPHeader]
    /// The body bytes.
    public var body: [UInt8]
    /// The longest the whole exchange may take; nil for the host's default.
    public var timeout: Duration?

    /// Creates a request.
    public init(method: String, url: String, headers: [HTTPHeader] = [], body: [UInt8] = [], timeout: Duration? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// One header field.
public struct HTTPHeader: Sendable, Hashable {
    /// The field name.
    public var name: String
    /// The field value.
    public var value: String

    /// Creates a header field.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// The status line and headers of a response.
public struct HTTPResponseHead: Sendable, Hashable {
    /// The status code.
    public var status: Int
    /// Header fields in wire order.
    public var headers: [HTTPHeader]

    /// Creates a response head.
    public init(status: Int, headers: [HTTPHeader]) {
        self.status = status
        self.headers = headers
    }

    /// The first value of the header `name`, compared case-insensitively.
    public subscript(header name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }
}

/// A response whose body is still arriving.
public struct HTTPStreamingResponse: Sendable {
    /// Status and headers.
    public var head: HTTPResponseHead
    /// The body, chunk by chunk. Dropping or cancelling it cancels the exchange.
    public var body: AsyncThrowingStream<[UInt8], any Error>

    /// Creates a streaming response.
    public init(head: HTTPResponseHead, body: AsyncThrowingStream<[UInt8], any Error>) {
        self.head = head
        self.body = body
    }

    /// Reads the whole body, refusing more than `limit` bytes.
    public func collect(upTo limit: Int = 16 * 1024 * 1024) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in body {
            bytes += chunk
            if bytes.count > limit {
                throw ProviderError(.server, "response body exceeds \(limit) bytes")
            }
        }
        return bytes
    }
}

/// Something that performs HTTP exchanges: the host's AsyncHTTPClient, or the host's services seen from a plugin.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns once the response head has arrived.
    ///
    /// - Throws: ``ProviderError`` of kind `connection`, `timeout` or `cancelled` when no response arrived.
    func execute(_ request: HTTPRequest) async throws -> HTTPStreamingResponse
}
