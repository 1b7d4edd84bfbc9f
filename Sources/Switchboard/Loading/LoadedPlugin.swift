public import SwitchboardKit
package import SwitchboardABI

/// A plugin file the host has loaded: its manifest, its ABI version and a factory for provider instances.
///
/// `@unchecked Sendable`: the plugin's table is immutable and lives for the whole process (plugins are never
/// unloaded), and the ABI requires its functions to be callable from any thread.
public final class LoadedPlugin: @unchecked Sendable {
    /// The file it was loaded from (as found, before symlinks were followed).
    public let path: String
    /// What the plugin offers.
    public let manifest: PluginManifest
    /// The ABI version the plugin declares, `major.minor`.
    package let abiVersion: (major: Int, minor: Int)
    /// The Swift compiler the plugin was built with, or nil for a plugin without Swift code.
    package let swiftCompiler: String?
    /// Things the host tolerated but an operator should know (e.g. a compiler mismatch allowed by configuration).
    public let warnings: [String]

    package let table: UnsafePointer<swb_plugin_api>
    let services: HostServicesTable

    init(
        path: String,
        manifest: PluginManifest,
        abiVersion: (major: Int, minor: Int),
        swiftCompiler: String?,
        warnings: [String],
        table: UnsafePointer<swb_plugin_api>,
        services: HostServicesTable
    ) {
        self.path = path
        self.manifest = manifest
        self.abiVersion = abiVersion
        self.swiftCompiler = swiftCompiler
        self.warnings = warnings
        self.table = table
        self.services = services
    }

    /// The plugin's id, from its manifest.
    public var id: String { manifest.id }

    /// Whether the plugin's table has the ABI 1.1 fields (live model discovery and health checks).
    var hasDiscovery: Bool {
        abiVersion.minor >= 1 && Int(table.pointee.struct_size) >= MemoryLayout<swb_plugin_api>.size
    }

    /// Creates a provider instance named `name` from `settings`.
    ///
    /// The result is an ordinary `any Provider`: host code cannot tell it from an in-process provider.
    /// - Throws: the plugin's ``ProviderError`` (usually `invalid_request`, naming the setting) when it refuses.
    package func makeProvider(name: String, settings: JSONValue = [:]) throws -> any Provider {
        try makeInstance(name: name, settings: settings)
    }

    /// ``makeProvider(name:settings:)``'s provider as what it is, for the `plugin-host` child's relay.
    func makeInstance(name: String, settings: JSONValue) throws -> PluginProvider {
        let document: JSONValue = ["name": .string(name), "settings": settings]
        let json = try JSONCoding.encode(document)
        final class ErrorBox { var bytes: [UInt8]? }
        let errorBox = ErrorBox()
        let instance = withExtendedLifetime(errorBox) {
            JSONCoding.withBuffer(json) { pointer, length in
                table.pointee.create(pointer, length, Unmanaged.passUnretained(errorBox).toOpaque()) {
                    context, error, length in
                    guard let context, let error else { return }
                    let box = Unmanaged<ErrorBox>.fromOpaque(context).takeUnretainedValue()
                    box.bytes = Array(UnsafeRawBufferPointer(start: error, count: length))
                }
            }
        }
        guard let instance else {
            let error = errorBox.bytes.flatMap { bytes in
                bytes.withUnsafeBufferPointer { buffer in
                    buffer.withMemoryRebound(to: CChar.self) {
                        try? JSONCoding.decode(ProviderError.self, from: $0.baseAddress, count: $0.count)
                    }
                }
            }
            var refusal =
                error
                ?? ProviderError(.invalidRequest, "plugin \(path) refused to create \"\(name)\" without saying why")
            refusal.provider = name
            throw refusal
        }
        return PluginProvider(name: name, plugin: self, instance: instance)
    }
}
