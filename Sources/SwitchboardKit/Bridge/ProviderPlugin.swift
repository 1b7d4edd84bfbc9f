/// What a plugin author writes: a manifest and a factory. ``PluginExport`` turns it into the C table.
///
/// ```swift
/// enum EchoPlugin: ProviderPlugin {
///     static let manifest = PluginManifest(id: "echo", name: "Echo", version: "1.0.0")
///     static func makeProvider(_ context: ProviderContext) throws -> any Provider { EchoProvider(context) }
/// }
///
/// @_cdecl("switchboard_plugin_entry_v1")
/// public func entry(_ host: UnsafeRawPointer) -> UnsafeRawPointer? { PluginExport.entry(host, EchoPlugin.self) }
/// ```
public protocol ProviderPlugin {
    /// What the plugin offers, readable without creating an instance.
    static var manifest: PluginManifest { get }

    /// Creates a provider instance.
    /// - Throws: ``ProviderError`` (usually `invalid_request`) when the settings are unusable; the message names the
    ///   setting and says what was expected.
    static func makeProvider(_ context: ProviderContext) throws -> any Provider
}

/// Everything a provider instance is created from.
public struct ProviderContext: Sendable {
    /// The instance's name in the host's configuration (e.g. `lmstudio`).
    public var name: String
    /// The instance's settings object.
    public var settings: JSONValue
    /// The host's services.
    public var host: HostServices

    /// Creates a context.
    public init(name: String, settings: JSONValue = [:], host: HostServices) {
        self.name = name
        self.settings = settings
        self.host = host
    }

    /// An HTTP client over the host's transport whose errors name this instance.
    public func httpClient(errorMapper: ProviderHTTPClient.ErrorMapper? = nil) -> ProviderHTTPClient {
        ProviderHTTPClient(transport: host.transport, provider: name, errorMapper: errorMapper)
    }
}

extension JSONValue {
    /// "a string", "a number", … for error messages (never the value itself, which may be a secret).
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
