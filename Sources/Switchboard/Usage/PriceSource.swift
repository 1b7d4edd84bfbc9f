/// Where the price of a request came from, so every cost can be traced to the figure it used.
public enum PriceSource: Sendable, Hashable, CustomStringConvertible {
    /// The catalog in a plugin's manifest: the plugin id and its version.
    case manifest(plugin: String, version: String)
    /// A configuration override, by its key path (`providers.openai.models.gpt-4o.pricing`).
    case configuration(keyPath: String)
    /// The catalog of a provider registered in-process by host code (or of an executor without a host).
    case catalog(provider: String)
    /// A local model: free per token.
    case local
    /// Switchboard's response cache answered; no provider was called.
    case responseCache
    /// No price is known for the model; it is counted as costing nothing.
    case unpriced

    /// The form the ledger stores: `manifest:openai@1.0.0`, `config:providers.openai.models.gpt-4o.pricing`,
    /// `catalog:my-provider`, `local`, `response_cache`, `unpriced`.
    public var description: String {
        switch self {
        case .manifest(let plugin, let version): "manifest:\(plugin)@\(version)"
        case .configuration(let keyPath): "config:\(keyPath)"
        case .catalog(let provider): "catalog:\(provider)"
        case .local: "local"
        case .responseCache: "response_cache"
        case .unpriced: "unpriced"
        }
    }
}
