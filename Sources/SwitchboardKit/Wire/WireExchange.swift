/// One request a ``WireProtocol`` sends beside the chat stream (embeddings, the model list): the client, the
/// absolute URL and what every request of the instance carries.
public struct WireExchange: Sendable {
    /// The instance's HTTP client, whose errors go through the wire's error mapper.
    public let http: ProviderHTTPClient
    /// The absolute URL of the endpoint.
    public let url: String
    /// The instance's headers: authentication, the wire's own and the configured ones.
    public let headers: [HTTPHeader]
    /// The longest the exchange may take; nil for the host's default.
    public let timeout: Duration?
    /// The instance.
    public let context: WireContext
}
