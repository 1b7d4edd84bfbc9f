public import Foundation

extension ServerSentEvent {
    /// The event's data decoded as JSON, with snake_case keys read into camelCase properties (`finish_reason` fills
    /// `finishReason`), so a vendor's chunk type needs no coding keys.
    /// - Parameters:
    ///   - type: the chunk type.
    ///   - provider: the provider instance, named in the error.
    /// - Throws: `server` when the data is not the JSON expected, quoting its first 200 characters.
    public func json<Value: Decodable>(_ type: Value.Type, provider: String) throws -> Value {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(type, from: Data(data.utf8))
        } catch {
            throw ProviderError(
                .server,
                "the stream sent an event that is not the JSON expected (\(error.briefDescription)): \(data.prefix(200))",
                provider: provider
            )
        }
    }
}
