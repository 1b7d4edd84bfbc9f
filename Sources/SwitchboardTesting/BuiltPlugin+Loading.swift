public import Switchboard
public import SwitchboardKit

extension BuiltPlugin {
    /// Loads `lib<product>.so` of the build directory (``path(product:)``) through the host's real loader.
    /// - Parameter product: the dynamic-library product's name, e.g. `SwitchboardOpenAIPlugin`.
    /// - Returns: the loaded plugin, ready to make providers.
    /// - Throws: ``BuiltPluginError`` when it was not built, or the loader's error when the host refuses it.
    public static func load(product: String) throws -> LoadedPlugin {
        try PluginLoader(configuration: .init(optionalDirectories: [])).load(try path(product: product)).get()
    }

    /// Starts a ``MockHTTPServer`` answering with `handler`, creates a provider of the plugin `product` named `name`
    /// with the settings `settings` makes for that server, runs `body`, and shuts the server down whether or not
    /// `body` throws.
    public static func withProvider(
        product: String,
        name: String,
        settings: (MockHTTPServer) -> [String: JSONValue],
        _ handler: @escaping MockHTTPServer.Handler,
        _ body: (any Provider, MockHTTPServer) async throws -> Void
    ) async throws {
        let server = try await MockHTTPServer.start(handler)
        try await server.whileRunning {
            let provider = try load(product: product).makeProvider(name: name, settings: .object(settings(server)))
            try await body(provider, server)
        }
    }
}
