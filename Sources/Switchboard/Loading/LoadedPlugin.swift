public import SwitchboardKit
package import SwitchboardABI

/// A plugin file the host has found and checked: its manifest, its ABI version and a factory for provider instances.
///
/// The file is mapped into the process (`dlopen`) only when it has to be: when a provider instance of it is created
/// (``makeProvider(name:settings:)``). A plugin the scanner process read (``PluginScanner``) carries what the scan
/// found and opens its file on first use; one opened in process at scan time carries its library from the start.
///
/// `@unchecked Sendable`: the plugin's table is immutable and lives for the whole process (plugins are never
/// unloaded), the ABI requires its functions to be callable from any thread, and the opening is behind a lock.
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

    private enum Opening {
        case open(PluginLibrary)
        case deferred(PluginOpener)
        case failed(PluginLoadError)
    }

    private let opening: Locked<Opening>

    /// A plugin whose file is open already.
    init(
        path: String, manifest: PluginManifest, abiVersion: (major: Int, minor: Int), swiftCompiler: String?,
        warnings: [String], library: PluginLibrary
    ) {
        self.path = path
        self.manifest = manifest
        self.abiVersion = abiVersion
        self.swiftCompiler = swiftCompiler
        self.warnings = warnings
        self.opening = Locked(.open(library))
    }

    /// A plugin the scanner read, whose file `opener` opens on first use.
    init(scanned: PluginScanResult, warnings: [String], opener: PluginOpener) {
        self.path = opener.path
        self.manifest = scanned.manifest
        self.abiVersion = (scanned.abiMajor, scanned.abiMinor)
        self.swiftCompiler = scanned.swiftCompiler
        self.warnings = warnings
        self.opening = Locked(.deferred(opener))
    }

    /// Whether the file is mapped into this process.
    package var isOpen: Bool {
        opening.withLock { if case .open = $0 { true } else { false } }
    }

    /// The plugin's C table, its file opened now if it was not yet (see ``library()``).
    package func table() throws(PluginLoadError) -> UnsafePointer<swb_plugin_api> {
        try library().table
    }

    /// The plugin's library, opened now if it was not yet: the trust checks run again (the file may have changed
    /// since it was scanned), then every check of an in-process opening. A failure is kept: the file is not opened
    /// twice.
    func library() throws(PluginLoadError) -> PluginLibrary {
        let result = opening.withLock { opening -> Result<PluginLibrary, PluginLoadError> in
            switch opening {
            case .open(let library): return .success(library)
            case .failed(let error): return .failure(error)
            case .deferred(let opener):
                let result = opener.openScanned(expecting: manifest.id)
                switch result {
                case .success(let library): opening = .open(library)
                case .failure(let error): opening = .failed(error)
                }
                return result
            }
        }
        return try result.get()
    }

    /// The plugin's id, from its manifest.
    public var id: String { manifest.id }

    /// Creates a provider instance named `name` from `settings`.
    ///
    /// The result is an ordinary `any Provider`: host code cannot tell it from an in-process provider.
    /// - Throws: the plugin's ``ProviderError`` (usually `invalid_request`, naming the setting) when it refuses.
    package func makeProvider(name: String, settings: JSONValue = [:]) throws -> any Provider {
        try makeInstance(name: name, settings: settings)
    }

    /// ``makeProvider(name:settings:)``'s provider as what it is, for the `plugin-host` child's relay.
    func makeInstance(name: String, settings: JSONValue) throws -> PluginProvider {
        let library = try library()
        let table = library.table
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
                        JSONCoding.decodeError(from: $0.baseAddress, count: $0.count)
                    }
                }
            }
            var refusal =
                error
                ?? ProviderError(.invalidRequest, "plugin \(path) refused to create \"\(name)\" without saying why")
            refusal.provider = name
            throw refusal
        }
        return PluginProvider(name: name, plugin: self, library: library, instance: instance)
    }
}

/// An opened plugin file: its C table and the host services lent to it.
///
/// `@unchecked Sendable`: the table is immutable and lives for the whole process.
struct PluginLibrary: @unchecked Sendable {
    let table: UnsafePointer<swb_plugin_api>
    let services: HostServicesTable

    /// Whether the plugin's table has the ABI 1.1 fields (live model discovery and health checks).
    var hasDiscovery: Bool { swb_plugin_api_has_discovery(table) != 0 }

    /// Whether the plugin's table has `resume` (ABI 1.2), so the host may ask it to pause a request's events.
    var canResume: Bool { swb_plugin_api_has_resume(table) != 0 }

    /// Whether the plugin's table has `embed` (ABI 1.3), so its instances may be asked for embeddings.
    var hasEmbed: Bool { swb_plugin_api_has_embed(table) != 0 }
}
