import Foundation

/// The HTTP client a provider uses: JSON, server-sent events and NDJSON over whatever transport the host lends.
///
/// ```swift
/// let events = try await http.postSSE(url, headers: headers, body: body)
/// for try await event in events { … }
/// ```
/// Non-2xx answers become ``ProviderError``s through the provider's error mapper before any body is parsed.
public struct ProviderHTTPClient: Sendable {
    /// Maps a failed response (status, headers, whole body) into the taxonomy.
    public typealias ErrorMapper = @Sendable (_ head: HTTPResponseHead, _ body: [UInt8]) -> ProviderError

    /// The transport the exchanges run on.
    public let transport: any HTTPTransport
    /// The provider instance, named in every error.
    public let provider: String
    private let errorMapper: ErrorMapper

    /// Creates a client.
    /// - Parameters:
    ///   - transport: where requests go (in a plugin, the host's transport).
    ///   - provider: the provider instance's name, for errors.
    ///   - errorMapper: turns a non-2xx response into an error; defaults to ``HTTPErrorMapping/error(head:body:provider:kind:)``.
    public init(transport: any HTTPTransport, provider: String, errorMapper: ErrorMapper? = nil) {
        self.transport = transport
        self.provider = provider
        self.errorMapper =
            errorMapper ?? { [provider] head, body in HTTPErrorMapping.error(head: head, body: body, provider: provider)
            }
    }

    /// Sends a request and returns the streaming response once its head arrived with a 2xx status.
    /// - Throws: the mapped ``ProviderError`` for a non-2xx status, or the transport's error.
    public func send(_ request: HTTPRequest) async throws -> HTTPStreamingResponse {
        let response: HTTPStreamingResponse
        do {
            response = try await transport.execute(request)
        } catch var error as ProviderError {
            error.provider = error.provider ?? provider
            throw error
        }
        guard response.head.isSuccess else {
            let body = (try? await response.collect(upTo: 1024 * 1024)) ?? []
            throw errorMapper(response.head, body)
        }
        return response
    }

    /// Sends a request and reads the whole 2xx body.
    public func data(_ request: HTTPRequest) async throws -> (head: HTTPResponseHead, body: [UInt8]) {
        let response = try await send(request)
        return (response.head, try await collect(response.body))
    }

    /// Sends a request and decodes its 2xx body as JSON.
    public func json<Response: Decodable>(_ type: Response.Type, _ request: HTTPRequest) async throws -> Response {
        let (_, body) = try await data(request)
        do {
            return try JSONDecoder().decode(type, from: Data(body))
        } catch {
            throw ProviderError(
                .server, "the response is not the JSON expected: \(error.briefDescription)", provider: provider)
        }
    }

    /// POSTs `json` (encoded by its own coding keys) and decodes the 2xx answer's JSON as `type`: a request that is
    /// answered whole, such as embeddings. `accept` and `content-type` are added unless `headers` has them.
    /// - Throws: `invalid_request` when `json` cannot be encoded; otherwise what ``json(_:_:)`` throws.
    public func postJSON<Response: Decodable>(
        _ type: Response.Type,
        _ url: String,
        headers: [HTTPHeader] = [],
        json: some Encodable,
        timeout: Duration? = nil
    ) async throws -> Response {
        let body: [UInt8]
        do {
            body = Array(try JSONEncoder().encode(json))
        } catch {
            throw ProviderError(.invalidRequest, "the request cannot be encoded as JSON: \(error)", provider: provider)
        }
        return try await self.json(type, Self.documentRequest(url, headers: headers, body: body, timeout: timeout))
    }

    /// POSTs the JSON `body` and returns the whole 2xx answer: a request answered with one JSON document (Gemini's
    /// `generateContent`). `accept` and `content-type` are added unless `headers` has them.
    /// - Throws: what ``data(_:)`` throws.
    public func postDocument(
        _ url: String, headers: [HTTPHeader] = [], body: [UInt8], timeout: Duration? = nil
    ) async throws -> [UInt8] {
        try await data(Self.documentRequest(url, headers: headers, body: body, timeout: timeout)).body
    }

    /// The POST of a JSON `body` answered with one JSON document: `accept` and `content-type` are added unless
    /// `headers` has them.
    private static func documentRequest(
        _ url: String, headers: [HTTPHeader], body: [UInt8], timeout: Duration?
    ) -> HTTPRequest {
        let accept =
            headers.contains { $0.name.lowercased() == "accept" } ? [] : [HTTPHeader("accept", "application/json")]
        return HTTPRequest(
            method: "POST", url: url, headers: headers + accept + jsonContentType(headers), body: body,
            timeout: timeout)
    }

    /// POSTs `body` and returns the answer's server-sent events, parsed in the task that reads them, or the whole
    /// JSON document the server sent instead of a stream (see ``StreamedBody``).
    public func postSSE(
        _ url: String,
        headers: [HTTPHeader] = [],
        body: [UInt8],
        timeout: Duration? = nil
    ) async throws -> StreamedBody<ServerSentEvent> {
        let headers = headers + [HTTPHeader("accept", "text/event-stream")] + Self.jsonContentType(headers)
        let response = try await send(
            HTTPRequest(method: "POST", url: url, headers: headers, body: body, timeout: timeout))
        return try await streamedBody(response, framing: .serverSentEvents) { body, leading in
            ParsedBody(body, leading: leading, parser: ServerSentEventParser(), provider: provider) { parser, chunk in
                parser.push(chunk)
            }
        }
    }

    /// POSTs `json` encoded as JSON, camelCase properties written as snake_case keys (`maxTokens` as `max_tokens`),
    /// and returns the answer's server-sent events.
    /// - Throws: `invalid_request` when `json` cannot be encoded; otherwise what
    ///   ``postSSE(_:headers:body:timeout:)`` throws.
    public func postSSE(
        _ url: String,
        headers: [HTTPHeader] = [],
        json: some Encodable,
        timeout: Duration? = nil
    ) async throws -> StreamedBody<ServerSentEvent> {
        try await postSSE(url, headers: headers, body: try Self.jsonBody(json, provider: provider), timeout: timeout)
    }

    /// `value` encoded as JSON, camelCase properties written as snake_case keys (`maxTokens` as `max_tokens`): the
    /// body ``postSSE(_:headers:json:timeout:)`` sends, for a ``WireProtocol``'s request mapper.
    /// - Throws: `invalid_request` naming `provider` when `value` cannot be encoded.
    public static func jsonBody(_ value: some Encodable, provider: String) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        do {
            return Array(try encoder.encode(value))
        } catch {
            throw ProviderError(.invalidRequest, "the request cannot be encoded as JSON: \(error)", provider: provider)
        }
    }

    /// POSTs `body` and returns the answer's newline-delimited JSON lines, parsed in the task that reads them, or the
    /// whole JSON document the server sent instead of a stream (see ``StreamedBody``).
    public func postNDJSON(
        _ url: String,
        headers: [HTTPHeader] = [],
        body: [UInt8],
        timeout: Duration? = nil
    ) async throws -> StreamedBody<[UInt8]> {
        let headers = headers + [HTTPHeader("accept", "application/x-ndjson")] + Self.jsonContentType(headers)
        let response = try await send(
            HTTPRequest(method: "POST", url: url, headers: headers, body: body, timeout: timeout))
        return try await streamedBody(response, framing: .jsonLines) { body, leading in
            ParsedBody(
                body,
                leading: leading,
                parser: JSONLinesParser(),
                provider: provider,
                push: { parser, chunk in try parser.push(chunk) },
                finish: { parser in parser.finish() }
            )
        }
    }

    /// The largest whole JSON document accepted in place of a stream.
    static let maximumDocumentSize = 16 * 1024 * 1024

    /// A streamed request's 2xx response as a stream of parsed elements, or as the whole JSON document it is.
    ///
    /// The `Content-Type` decides; when it cannot, the first bytes do, and those bytes go to the parser first.
    /// - Parameter parse: the parsed stream over the body's iterator and the bytes already read from it.
    /// - Throws: the body's error (the provider named) while it is read to decide or as a document; `server` for a
    ///   document larger than ``maximumDocumentSize``.
    private func streamedBody<Parser, Element>(
        _ response: HTTPStreamingResponse,
        framing: StreamedBody<Element>.Framing,
        parse: (AsyncThrowingStream<[UInt8], any Error>.Iterator, [UInt8]) -> ParsedBody<Parser, Element>
    ) async throws -> StreamedBody<Element> {
        var body = response.body.makeAsyncIterator()
        var bytes: [UInt8] = []
        var isDocument = framing.isDocument(contentType: response.head[header: "content-type"])
        do {
            while isDocument == nil {
                guard let chunk = try await body.next() else {
                    isDocument = framing.isDocument(firstBytes: bytes, complete: true)
                    break
                }
                bytes += chunk
                isDocument = framing.isDocument(firstBytes: bytes, complete: false)
                if isDocument == nil && bytes.count > Self.maximumDocumentSize { isDocument = false }
            }
            guard isDocument == true else {
                return StreamedBody(AsyncThrowingStream(unfolding: parse(body, bytes).next))
            }
            while let chunk = try await body.next() {
                bytes += chunk
                if bytes.count > Self.maximumDocumentSize {
                    throw ProviderError(
                        .server,
                        "the server answered a streamed request with a JSON document larger than "
                            + "\(Self.maximumDocumentSize) bytes; ask for less output or check the server",
                        provider: provider
                    )
                }
            }
            return .document(bytes)
        } catch var error as ProviderError {
            error.provider = error.provider ?? provider
            throw error
        }
    }

    private func collect(_ body: AsyncThrowingStream<[UInt8], any Error>) async throws -> [UInt8] {
        do {
            return try await HTTPStreamingResponse(head: HTTPResponseHead(status: 200, headers: []), body: body)
                .collect()
        } catch var error as ProviderError {
            error.provider = error.provider ?? provider
            throw error
        }
    }

    private static func jsonContentType(_ headers: [HTTPHeader]) -> [HTTPHeader] {
        headers.contains { $0.name.lowercased() == "content-type" }
            ? [] : [HTTPHeader("content-type", "application/json")]
    }
}

extension Error {
    /// A one-line description, without Foundation's coding-path noise where possible.
    public var briefDescription: String {
        switch self as (any Error) {
        case DecodingError.keyNotFound(let key, let context):
            return "missing key \"\(key.stringValue)\" at \(context.codingPath.dottedPath)"
        case DecodingError.typeMismatch(let type, let context):
            return "expected \(type) at \(context.codingPath.dottedPath): \(context.debugDescription)"
        case DecodingError.valueNotFound(let type, let context):
            return "expected \(type) at \(context.codingPath.dottedPath), found null"
        case DecodingError.dataCorrupted(let context):
            let underlying = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            let detail = [context.debugDescription, underlying].compactMap { $0 }.joined(separator: ": ")
            return context.codingPath.isEmpty ? detail : "\(detail) at \(context.codingPath.dottedPath)"
        default:
            return String(describing: self)
        }
    }
}

extension [any CodingKey] {
    var dottedPath: String {
        isEmpty ? "the top level" : map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
