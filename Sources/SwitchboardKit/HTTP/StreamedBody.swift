/// The 2xx body of a streamed request: its elements parsed as they arrive, or the whole JSON document a server sent
/// instead of a stream.
///
/// Real servers sometimes answer `stream: true` with their non-streamed JSON response (the LiteLLM proxy in mock
/// mode, OpenAI-compatible servers for some models or tool calls). ``ProviderHTTPClient/postSSE(_:headers:body:timeout:)``
/// and ``ProviderHTTPClient/postNDJSON(_:headers:body:timeout:)`` recognise such a body once, by the rule
/// ``StreamedBody/Framing/isDocument(contentType:)`` states, and hand it over here as ``document``;
/// ``_Concurrency/AsyncThrowingStream/decoding(_:with:)`` then gives it to the decoder's
/// ``StreamDecoder/decode(document:)`` in place of the stream.
///
/// Iterating yields the stream's elements; iterating a document throws `server`, since it has no elements.
public struct StreamedBody<Element>: AsyncSequence {
    public typealias Failure = any Error

    /// The stream's elements; nil for a document.
    public let elements: AsyncThrowingStream<Element, any Error>?
    /// The whole JSON document, when the server answered with one instead of a stream.
    public let document: [UInt8]?

    /// A body that is a stream of `elements`.
    public init(_ elements: AsyncThrowingStream<Element, any Error>) {
        self.elements = elements
        self.document = nil
    }

    /// A body that is one whole JSON document.
    public static func document(_ bytes: [UInt8]) -> StreamedBody {
        StreamedBody(elements: nil, document: bytes)
    }

    private init(elements: AsyncThrowingStream<Element, any Error>?, document: [UInt8]?) {
        self.elements = elements
        self.document = document
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(elements: elements?.makeAsyncIterator())
    }

    /// Yields the stream's elements, or throws for a document.
    public struct Iterator: AsyncIteratorProtocol {
        private var elements: AsyncThrowingStream<Element, any Error>.Iterator?
        private var threw = false

        fileprivate init(elements: AsyncThrowingStream<Element, any Error>.Iterator?) {
            self.elements = elements
        }

        /// - Throws: `server` for a document: read it from ``StreamedBody/document`` instead.
        public mutating func next() async throws -> Element? {
            guard elements != nil else {
                guard !threw else { return nil }
                threw = true
                throw ProviderError(
                    .server,
                    "the server answered a streamed request with a whole JSON document, which has no stream elements; "
                        + "read StreamedBody.document, or decode with a StreamDecoder that implements decode(document:)"
                )
            }
            return try await elements?.next()
        }
    }
}

extension StreamedBody: Sendable where Element: Sendable {}

extension StreamedBody {
    /// How a streamed body is framed, and so how a whole JSON document is told apart from it.
    public enum Framing: Sendable {
        /// `text/event-stream`.
        case serverSentEvents
        /// Newline-delimited JSON (`application/x-ndjson`).
        case jsonLines

        /// Whether a body with this `Content-Type` is a whole JSON document (true), a stream (false), or cannot be
        /// told by its type (nil), in which case its first bytes decide (``isDocument(firstBytes:complete:)``).
        ///
        /// A JSON media type (`application/json`, `application/*+json`) is a document; the framing's own media type
        /// (`text/event-stream`; `application/x-ndjson`, `application/ndjson`, `application/jsonl`,
        /// `application/x-jsonlines`) is a stream; anything else, or no `Content-Type`, is undecided.
        public func isDocument(contentType: String?) -> Bool? {
            guard let contentType else { return nil }
            let mediaType = Self.mediaType(of: contentType)
            if streamMediaTypes.contains(mediaType) { return false }
            if mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
            {
                return true
            }
            return nil
        }

        /// The media types this framing is sent with.
        private var streamMediaTypes: [String] {
            switch self {
            case .serverSentEvents: ["text/event-stream"]
            case .jsonLines:
                ["application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines"]
            }
        }

        /// The media type of a `Content-Type` value, lowercased, without its parameters and the blanks around it.
        /// Read without Foundation: every streamed answer asks.
        private static func mediaType(of contentType: String) -> String {
            var type = contentType.utf8.prefix { $0 != UInt8(ascii: ";") }
            while let first = type.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
                type.removeFirst()
            }
            while let last = type.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") {
                type.removeLast()
            }
            return String(decoding: type, as: UTF8.self).lowercased()
        }

        /// Whether a body whose `Content-Type` decides nothing is a whole JSON document, from its first bytes; nil
        /// while more bytes are needed.
        ///
        /// A document starts (after whitespace) with `{` or `[`; no event stream does. A JSON-lines stream starts
        /// with `{` too, so for ``jsonLines`` such a body is a document only when its first line is not
        /// a complete JSON value on its own (a pretty-printed object); a one-line object reads the same either way.
        /// - Parameters:
        ///   - bytes: the body's bytes so far.
        ///   - complete: whether `bytes` is the whole body.
        public func isDocument(firstBytes bytes: [UInt8], complete: Bool) -> Bool? {
            guard let first = bytes.firstIndex(where: { !Self.isWhitespace($0) }) else {
                return complete ? false : nil
            }
            guard bytes[first] == UInt8(ascii: "{") || bytes[first] == UInt8(ascii: "[") else { return false }
            switch self {
            case .serverSentEvents:
                return true
            case .jsonLines:
                guard let newline = bytes[first...].firstIndex(of: UInt8(ascii: "\n")) else {
                    return complete ? false : nil
                }
                return (try? JSONParser.parse(Array(bytes[first..<newline]))) == nil
            }
        }

        private static func isWhitespace(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
                || byte == UInt8(ascii: "\r")
        }
    }
}
