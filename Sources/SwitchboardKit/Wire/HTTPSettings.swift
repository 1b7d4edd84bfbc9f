public import Foundation

/// The settings every HTTP provider takes, declared once: `base_url`, `api_key` and `api_key_env`, `headers` and
/// `timeout_seconds`. ``WireProvider/init(_:wire:settings:catalog:)`` reads them all.
public struct HTTPSettings: DeclaredSetting {
    /// `base_url`: the API root the wire's paths hang off.
    public let baseURL: Setting<URL>
    /// `api_key` and `api_key_env`: the key, sent as the wire's ``WireProtocol/authentication``.
    public let apiKey: Setting<String?>
    /// `headers`: extra headers, replacing built-in ones of the same name.
    public let headers: Setting<[HTTPHeader]>
    /// `timeout_seconds`: the longest one exchange may take.
    public let timeout: Setting<Duration?>

    /// The settings of an API rooted at `defaultURL` whose key, when no setting gives it, is in `apiKeyVariable`.
    public init(baseURL defaultURL: String, apiKeyVariable: String) {
        baseURL = .baseURL(default: defaultURL)
        apiKey = .apiKey(variable: apiKeyVariable)
        headers = .headers
        timeout = .timeout
    }

    public var descriptors: [SettingDescriptor] {
        .declaring(baseURL, apiKey, headers, timeout)
    }
}
