public import Foundation

/// The settings every HTTP provider takes, declared once: `base_url`, `api_key` and `api_key_env`, `headers` and
/// `timeout_seconds`. ``WireProvider/init(_:wire:settings:catalog:headers:)`` reads them all.
public struct HTTPSettings: DeclaredSetting {
    /// What an instance that finds no API key does.
    public enum KeyRequirement: Sendable, Hashable {
        /// It sends no key (a local server, or one that answers 401 itself).
        case optional
        /// It is refused: creating it throws `authentication`.
        case required
        /// When `base_url` is on this host (the vendor's own API), each of its requests fails with `authentication`
        /// before anything is sent; elsewhere (a proxy that adds the key) it sends no key.
        case requiredOnHost(String)
    }

    /// `base_url`: the API root the wire's paths hang off.
    public let baseURL: Setting<URL>
    /// `api_key` and `api_key_env`: the key, sent as the wire's ``WireProtocol/authentication``.
    public let apiKey: Setting<String?>
    /// `headers`: extra headers, replacing built-in ones of the same name.
    public let headers: Setting<[HTTPHeader]>
    /// `timeout_seconds`: the longest one exchange may take.
    public let timeout: Setting<Duration?>
    /// What an instance without a key does.
    public let keyRequirement: KeyRequirement
    /// The variables holding the key when no setting gives it, tried in order.
    private let keyVariables: [String]

    /// The settings of an API rooted at `defaultURL`.
    /// - Parameters:
    ///   - apiKeyVariables: the variables holding the key when no setting gives it, tried in order.
    ///   - keyRequirement: what an instance that finds no key does.
    ///   - baseURLDescription: what the manifest says of `base_url` (which paths hang off it).
    public init(
        baseURL defaultURL: String, apiKeyVariables: String..., keyRequirement: KeyRequirement = .optional,
        baseURLDescription: String = "The API root"
    ) {
        let consequence =
            switch keyRequirement {
            case .optional: ""
            case .required: "; without a key the instance is refused"
            case .requiredOnHost(let host): "; without a key every request to \(host) fails"
            }
        baseURL = .baseURL(default: defaultURL, baseURLDescription)
        apiKey = .apiKey(variables: apiKeyVariables, consequence: consequence)
        headers = .headers
        timeout = .timeout
        self.keyRequirement = keyRequirement
        self.keyVariables = apiKeyVariables
    }

    public var descriptors: [SettingDescriptor] {
        .declaring(baseURL, apiKey, headers, timeout)
    }

    /// The `authentication` error of an instance named `provider` that found no key, saying where a key may be given.
    public func missingKey(provider: String) -> ProviderError {
        let variables = keyVariables.joined(separator: " or ")
        return ProviderError(
            .authentication,
            "provider \"\(provider)\" has no API key: set \"api_key\", name a variable in \"api_key_env\""
                + (variables.isEmpty ? "" : ", or set \(variables)"),
            provider: provider)
    }
}
