/// Where the price of a request came from, so every cost can be traced to the figure it used.
public enum PriceSource: Sendable, Hashable, CustomStringConvertible {
    /// The catalog in a plugin's manifest: the plugin id and its version.
    case manifest(plugin: String, version: String)
    /// A configuration override, by its key path (`providers.openai.models.gpt-4o.pricing`).
    case configuration(keyPath: String)
    /// A price file named in `pricing.files`, by its absolute path.
    case priceFile(path: String)
    /// The catalog of a provider registered in-process by host code (or of an executor without a host).
    case catalog(provider: String)
    /// A local model: free per token.
    case local
    /// Switchboard's response cache answered; no provider was called.
    case responseCache
    /// No price is known for the model; it is counted as costing nothing.
    case unpriced

    /// The source whose stored form (``description``) is `text`, or nil when `text` is no such form.
    public init?(stored text: String) {
        switch text {
        case "local": self = .local
        case "response_cache": self = .responseCache
        case "unpriced": self = .unpriced
        default:
            if text.hasPrefix("manifest:"), let at = text.lastIndex(of: "@"),
                at > text.index(text.startIndex, offsetBy: 9)
            {
                self = .manifest(
                    plugin: String(text[text.index(text.startIndex, offsetBy: 9)..<at]),
                    version: String(text[text.index(after: at)...]))
            } else if text.hasPrefix("config:"), text.count > 7 {
                self = .configuration(keyPath: String(text.dropFirst(7)))
            } else if text.hasPrefix("file:"), text.count > 5 {
                self = .priceFile(path: String(text.dropFirst(5)))
            } else if text.hasPrefix("catalog:"), text.count > 8 {
                self = .catalog(provider: String(text.dropFirst(8)))
            } else {
                return nil
            }
        }
    }

    /// The form the ledger stores: `manifest:openai@1.0.0`, `config:providers.openai.models.gpt-4o.pricing`,
    /// `file:/etc/switchboard/prices.yaml`, `catalog:my-provider`, `local`, `response_cache`, `unpriced`.
    public var description: String {
        switch self {
        case .manifest(let plugin, let version): "manifest:\(plugin)@\(version)"
        case .configuration(let keyPath): "config:\(keyPath)"
        case .priceFile(let path): "file:\(path)"
        case .catalog(let provider): "catalog:\(provider)"
        case .local: "local"
        case .responseCache: "response_cache"
        case .unpriced: "unpriced"
        }
    }
}
