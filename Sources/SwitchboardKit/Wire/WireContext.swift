/// What a ``WireProtocol``'s functions know of the provider instance they run for.
public struct WireContext: Sendable {
    /// The instance's name, which every ``ProviderError`` names.
    public let provider: String
    /// Values never to show in a message: the API key and the credentials among the configured headers.
    public let secrets: [String]

    /// Creates a context.
    public init(provider: String, secrets: [String] = []) {
        self.provider = provider
        self.secrets = secrets
    }

    /// The ``ProviderError`` for a non-2xx response: the status's kind refined by the vendor's error `codes`, the
    /// vendor's message with every secret redacted (see ``HTTPErrorMapping/error(head:body:provider:codes:secrets:)``).
    public func error(
        _ head: HTTPResponseHead, _ body: [UInt8], codes: [String: ProviderError.Kind] = [:]
    ) -> ProviderError {
        HTTPErrorMapping.error(head: head, body: body, provider: provider, codes: codes, secrets: secrets)
    }
}
