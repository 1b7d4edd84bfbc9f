/// One request a ``WireProtocol`` sends beside the chat stream (embeddings, the model list): the client, the
/// absolute URL and what every request of the instance carries.
public struct WireExchange: Sendable {
    /// The instance's HTTP client, whose errors go through the wire's error mapper.
    public let http: ProviderHTTPClient
    /// The absolute URL of the endpoint.
    public let url: String
    /// The absolute URL of another path under the API root (Ollama's `api/show` beside `api/tags`).
    public let address: @Sendable (String) -> String
    /// The instance's headers: authentication, the wire's own and the configured ones.
    public let headers: [HTTPHeader]
    /// The longest the exchange may take; nil for the host's default.
    public let timeout: Duration?
    /// The instance.
    public let context: WireContext
    /// The model a listed id is: the provider's catalog entry for it, or a chat model with that id.
    public let describe: @Sendable (String) -> ModelInfo
}
