/// A recorded HTTP response in the vendor's wire format, which the conformance runner's local server replays to the
/// plugin: status, headers, and the body as the chunks it arrives in.
public struct ReplayedResponse: Codable, Sendable, Hashable {
    /// One response header.
    public struct Header: Codable, Sendable, Hashable {
        /// The header's name, e.g. `content-type`.
        public var name: String
        /// The header's value.
        public var value: String
    }

    /// A piece of the body, sent as it is, or a pause or a dropped connection between pieces.
    public enum Chunk: Codable, Sendable, Hashable {
        /// Bytes written and flushed at once.
        case bytes([UInt8])
        /// A pause before the next chunk.
        case delay(milliseconds: Int)
        /// The connection closed without finishing the body.
        case drop

        /// `text` as UTF-8 bytes.
        public static func text(_ text: String) -> Chunk { .bytes(Array(text.utf8)) }
    }

    /// The HTTP status.
    public var status: Int
    /// The headers, in order.
    public var headers: [Header]
    /// The body, chunk by chunk.
    public var chunks: [Chunk]

    /// Creates a response.
    public init(status: Int, headers: [(String, String)] = [], chunks: [Chunk]) {
        self.status = status
        self.headers = headers.map { Header(name: $0.0, value: $0.1) }
        self.chunks = chunks
    }

    /// A JSON body in one chunk, with `content-type: application/json`.
    public static func json(_ status: Int = 200, _ body: String, headers: [(String, String)] = []) -> Self {
        Self(status: status, headers: [("content-type", "application/json")] + headers, chunks: [.text(body)])
    }

    /// A `text/event-stream` body cut into chunks of `chunkSize` bytes, so the plugin's parser meets every boundary
    /// (an event, a line, a UTF-8 sequence split across reads).
    public static func events(_ body: String, chunkSize: Int = 17) -> Self {
        let bytes = Array(body.utf8)
        let size = max(chunkSize, 1)
        let chunks = stride(from: 0, to: bytes.count, by: size).map {
            Chunk.bytes(Array(bytes[$0..<min($0 + size, bytes.count)]))
        }
        return Self(status: 200, headers: [("content-type", "text/event-stream")], chunks: chunks)
    }
}
