import Foundation
import SwitchboardKit

// Helpers shared by the SwitchboardKit test files: JSON views of encoded values, a seeded random generator for
// chunkings, and a scripted in-memory HTTP transport.

/// Encodes `value` with `JSONEncoder` and reads the bytes back as a ``JSONValue``, so tests compare the JSON
/// structure (keys and values) independently of key order.
func encodedJSON(_ value: some Encodable) throws -> JSONValue {
    try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
}

/// The JSON text of `value` with sorted keys, for exact-text comparisons.
func encodedText(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// Decodes `type` from a JSON text.
func decoded<Value: Decodable>(_ type: Value.Type, _ json: String) throws -> Value {
    try JSONDecoder().decode(type, from: Data(json.utf8))
}

/// Encodes then decodes `value`.
func roundTripped<Value: Codable>(_ value: Value) throws -> Value {
    try JSONDecoder().decode(Value.self, from: JSONEncoder().encode(value))
}

/// The sorted keys of a JSON object, empty for anything else.
func keys(of json: JSONValue) -> [String] {
    json.objectValue.map { $0.keys.sorted() } ?? []
}

/// The debug description of a `DecodingError.dataCorrupted` or `typeMismatch` thrown by `body`, nil otherwise.
func decodingFailure(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch DecodingError.dataCorrupted(let context) {
        return context.debugDescription
    } catch DecodingError.typeMismatch(_, let context) {
        return context.debugDescription
    } catch {
        return nil
    }
}

/// SplitMix64: a tiny deterministic generator, so random chunkings are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// `bytes` cut into chunks of 1...`maximumChunk` bytes (empty chunks included now and then).
func randomChunks(_ bytes: [UInt8], maximumChunk: Int, using generator: inout SeededGenerator) -> [[UInt8]] {
    var chunks: [[UInt8]] = []
    var start = 0
    while start < bytes.count {
        let length = Int.random(in: 0...maximumChunk, using: &generator)
        let end = min(bytes.count, start + length)
        chunks.append(Array(bytes[start..<end]))
        start = end
    }
    return chunks
}

/// `bytes` split into two chunks at every possible position (including the empty ends).
func everyTwoWaySplit(_ bytes: [UInt8]) -> [[[UInt8]]] {
    (0...bytes.count).map { [Array(bytes[..<$0]), Array(bytes[$0...])] }
}

/// A body stream that yields `chunks` and then ends, with `error` when given.
func bodyStream(_ chunks: [[UInt8]], endingWith error: (any Error)? = nil) -> AsyncThrowingStream<[UInt8], any Error> {
    AsyncThrowingStream { continuation in
        for chunk in chunks { continuation.yield(chunk) }
        continuation.finish(throwing: error)
    }
}

/// A body stream of UTF-8 text chunks.
func bodyStream(_ chunks: [String], endingWith error: (any Error)? = nil) -> AsyncThrowingStream<[UInt8], any Error> {
    bodyStream(chunks.map { Array($0.utf8) }, endingWith: error)
}

/// The requests a ``ScriptedTransport`` received, in order.
final class RequestLog: Sendable {
    private let storage = Locked<[HTTPRequest]>([])

    func append(_ request: HTTPRequest) { storage.withLock { $0.append(request) } }
    var requests: [HTTPRequest] { storage.withLock { $0 } }
}

/// An in-memory ``HTTPTransport``: records every request and answers with whatever `respond` scripts.
struct ScriptedTransport: HTTPTransport {
    let log = RequestLog()
    let respond: @Sendable (HTTPRequest) async throws -> HTTPStreamingResponse

    init(respond: @escaping @Sendable (HTTPRequest) async throws -> HTTPStreamingResponse) {
        self.respond = respond
    }

    /// Answers every request with `status`, `headers` and a body of `chunks` (then `error`, when given).
    init(
        status: Int = 200, headers: [HTTPHeader] = [], chunks: [String] = [],
        endingWith error: (any Error & Sendable)? = nil
    ) {
        self.init { _ in
            HTTPStreamingResponse(
                head: HTTPResponseHead(status: status, headers: headers), body: bodyStream(chunks, endingWith: error))
        }
    }

    /// Fails every request with `error` before any response.
    static func failing(with error: any Error & Sendable) -> ScriptedTransport {
        ScriptedTransport { _ in throw error }
    }

    func execute(_ request: HTTPRequest) async throws -> HTTPStreamingResponse {
        log.append(request)
        return try await respond(request)
    }

    var requests: [HTTPRequest] { log.requests }
}

/// A plain error that is not a ``ProviderError``.
struct PlainError: Error, Equatable {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}

/// Whether `actual` is within a billionth (relative) of `expected`.
func isClose(_ actual: Double, _ expected: Double) -> Bool {
    abs(actual - expected) <= 1e-9 * max(1, abs(expected))
}
