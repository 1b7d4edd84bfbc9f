public import SwitchboardKit

/// What the scanner process found in one plugin file: what the host needs to list, route to and later open the
/// plugin, without mapping the file itself.
package struct PluginScanResult: Codable, Sendable, Equatable {
    /// The plugin's manifest, validated.
    package var manifest: PluginManifest
    /// The ABI version the plugin's table declares.
    package var abiMajor: Int
    package var abiMinor: Int
    /// The Swift compiler the plugin was built with, or nil for a plugin without Swift code. The host applies its
    /// compiler policy to it (``PluginOpener/checkCompiler(_:path:allowMismatch:)``); the scanner accepts any.
    package var swiftCompiler: String?

    enum CodingKeys: String, CodingKey {
        case manifest
        case abiMajor = "abi_major"
        case abiMinor = "abi_minor"
        case swiftCompiler = "swift_compiler"
    }
}

/// One file's scan: the plugin, or why it was refused. What the scanner prints, one JSON line per file, and what
/// the cache keeps.
package enum PluginScanOutcome: Codable, Sendable, Equatable {
    /// The file is a plugin.
    case plugin(PluginScanResult)
    /// The file was refused: a ``PluginLoadError/Code-swift.struct`` raw value and its message.
    case refused(code: String, message: String)

    enum CodingKeys: String, CodingKey { case plugin, refused }
    enum RefusalKeys: String, CodingKey { case code, message }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let plugin = try container.decodeIfPresent(PluginScanResult.self, forKey: .plugin) {
            self = .plugin(plugin)
            return
        }
        let refusal = try container.nestedContainer(keyedBy: RefusalKeys.self, forKey: .refused)
        self = .refused(
            code: try refusal.decode(String.self, forKey: .code),
            message: try refusal.decode(String.self, forKey: .message))
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .plugin(let plugin):
            try container.encode(plugin, forKey: .plugin)
        case .refused(let code, let message):
            var refusal = container.nestedContainer(keyedBy: RefusalKeys.self, forKey: .refused)
            try refusal.encode(code, forKey: .code)
            try refusal.encode(message, forKey: .message)
        }
    }

    /// The scan of the file at `path`, done in this process: every check of an in-process opening but the compiler
    /// policy. What `switchboard plugin-scan` runs, in the scanner process.
    package static func scanning(_ path: String, transport: any HTTPTransport) -> PluginScanOutcome {
        let configuration = PluginLoader.Configuration(
            optionalDirectories: [], allowCompilerMismatch: true, transport: transport,
            trust: PluginTrustPolicy(allowUntrustedPaths: true))
        switch PluginOpener(path: path, configuration: configuration).open() {
        case .success(let plugin):
            return .plugin(
                PluginScanResult(
                    manifest: plugin.manifest, abiMajor: plugin.abiVersion.major, abiMinor: plugin.abiVersion.minor,
                    swiftCompiler: plugin.swiftCompiler))
        case .failure(let error):
            return .refused(code: error.code.rawValue, message: error.message)
        }
    }
}
