import Foundation

/// Encoding and decoding of the JSON payloads that cross the plugin boundary.
package enum JSONCoding {
    /// Encodes `value` as compact JSON bytes.
    package static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    /// Decodes `type` from borrowed bytes.
    package static func decode<Value: Decodable>(_ type: Value.Type, from pointer: UnsafePointer<CChar>?, count: Int)
        throws
        -> Value
    {
        guard let pointer, count > 0 else {
            throw ProviderError(.invalidRequest, "expected a JSON document, found nothing")
        }
        let data = Data(bytes: pointer, count: count)
        return try JSONDecoder().decode(type, from: data)
    }

    /// Calls `body` with `bytes` as a borrowed C buffer.
    package static func withBuffer<Result>(
        _ bytes: [UInt8],
        _ body: (UnsafePointer<CChar>, Int) -> Result
    ) -> Result {
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                // An empty array has no base address; hand over a valid empty string instead.
                guard let base = chars.baseAddress else { return "".withCString { body($0, 0) } }
                return body(base, chars.count)
            }
        }
    }

    /// The JSON form of an error crossing the boundary, written without Foundation's encoder: an exchange the
    /// plugin ended early ends with one on every request.
    package static func encodeError(_ error: any Error, provider: String?) -> [UInt8] {
        var writer = JSONWriter()
        ProviderError(error, provider: provider).write(to: &writer)
        return writer.bytes
    }

    /// Reads an error in the form ``encodeError(_:provider:)`` writes from borrowed bytes; nil when they are not one.
    package static func decodeError(from pointer: UnsafePointer<CChar>?, count: Int) -> ProviderError? {
        guard let pointer, count > 0 else { return nil }
        let json = try? JSONParser.parse(UnsafeRawBufferPointer(start: pointer, count: count))
        return json.flatMap(ProviderError.init(json:))
    }
}

extension ProviderError {
    /// Wraps any error in the taxonomy: a ``ProviderError`` stays as it is, cancellation becomes `cancelled`,
    /// anything else becomes `server`.
    public init(_ error: any Error, provider: String?) {
        if var error = error as? ProviderError {
            error.provider = error.provider ?? provider
            self = error
        } else if error is CancellationError {
            self = ProviderError(.cancelled, "the request was cancelled", provider: provider)
        } else if error is DecodingError {
            self = ProviderError(.server, "could not decode: \(error.briefDescription)", provider: provider)
        } else {
            self = ProviderError(.server, String(describing: error), provider: provider)
        }
    }
}
