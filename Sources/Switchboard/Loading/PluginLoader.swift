public import Foundation
public import SwitchboardKit
import SwitchboardABI

/// Finds plugin files, loads them through the C entry point and checks every promise the ABI makes.
///
/// A broken plugin is reported and skipped; the loader goes on with the rest. With a ``Configuration/scanner``, files
/// are read in a scanner process (and its cache) and opened in this process only when a provider instance of them is
/// created; without one, they are opened at once. Files are opened with `RTLD_NOW | RTLD_LOCAL`, never closed, and
/// never loaded twice (compared by device and inode, process-wide).
public struct PluginLoader: Sendable {
    /// Where to look and what to accept.
    public struct Configuration: Sendable {
        /// Directories whose absence is an error worth reporting (those named in configuration).
        public var directories: [String]
        /// Directories searched when they exist (defaults such as `~/.switchboard/plugins`).
        package var optionalDirectories: [String]
        /// Whether a plugin built by another Swift compiler loads with a warning instead of being refused.
        package var allowCompilerMismatch: Bool
        /// Decides from a file's plugin id (see ``PluginLoader/pluginID(forFileName:)``) whether to open it at all.
        package var isEnabled: @Sendable (String) -> Bool
        /// The HTTP transport lent to plugins.
        public var transport: any HTTPTransport
        /// Answers plugins' secret lookups; by default the process environment.
        public var secrets: @Sendable (String) -> String?
        /// The path and checksum checks every file passes before it is opened.
        public var trust: PluginTrustPolicy
        /// Reads plugin files in a scanner process, with a cache; nil reads them in this process (opening them).
        public var scanner: PluginScanner?

        /// Creates a configuration.
        public init(
            directories: [String] = [],
            optionalDirectories: [String] = PluginLoader.defaultDirectories,
            allowCompilerMismatch: Bool = false,
            isEnabled: @escaping @Sendable (String) -> Bool = { _ in true },
            transport: any HTTPTransport = AsyncHTTPClientTransport.shared,
            secrets: @escaping @Sendable (String) -> String? = { ProcessInfo.processInfo.environment[$0] },
            trust: PluginTrustPolicy = PluginTrustPolicy(),
            scanner: PluginScanner? = nil
        ) {
            self.directories = directories
            self.optionalDirectories = optionalDirectories
            self.allowCompilerMismatch = allowCompilerMismatch
            self.isEnabled = isEnabled
            self.transport = transport
            self.secrets = secrets
            self.trust = trust
            self.scanner = scanner
        }
    }

    /// What a scan found.
    public struct Scan: Sendable {
        /// Plugins loaded, in directory order.
        public var loaded: [LoadedPlugin] = []
        /// Files and directories refused, each with its reason.
        public var failures: [PluginLoadError] = []
        /// Files not opened because configuration disabled their plugin id.
        public var skipped: [String] = []
        /// How many scanner processes the scan started: 0 when every file came from the scanner's cache (or there
        /// is no scanner).
        public var scannerProcesses = 0
        /// Why the scanner's cache could not be written, when it could not.
        public var cacheProblem: String?
    }

    /// The configuration in force.
    public let configuration: Configuration

    /// Creates a loader.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// `$SWITCHBOARD_PLUGIN_PATH` (colon-separated), `~/.switchboard/plugins`, and the directory of the running
    /// executable (where `swift build` puts the bundled plugins).
    public static var defaultDirectories: [String] {
        var directories: [String] = []
        if let path = ProcessInfo.processInfo.environment["SWITCHBOARD_PLUGIN_PATH"] {
            directories += path.split(separator: ":").map(String.init)
        }
        directories.append(NSHomeDirectory() + "/.switchboard/plugins")
        if let bundled = bundledPluginDirectory { directories.append(bundled) }
        return directories
    }

    /// The directory of the running executable, where `swift build` puts the bundled plugins next to `switchboard`.
    /// Only `libSwitchboard*Plugin.so` files are taken from it.
    package static var bundledPluginDirectory: String? {
        Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent().path
    }

    /// The plugin id a file name implies, used to skip disabled plugins without opening them:
    /// `libSwitchboardOpenAIPlugin.so` → `openai`, `my-provider.so` → `my-provider`.
    package static func pluginID(forFileName fileName: String) -> String {
        var name = Substring(fileName)
        if name.hasSuffix(".so") { name = name.dropLast(3) }
        if name.hasPrefix("lib") { name = name.dropFirst(3) }
        if name.hasPrefix("Switchboard") { name = name.dropFirst("Switchboard".count) }
        if name.hasSuffix("Plugin") && name.count > "Plugin".count { name = name.dropLast("Plugin".count) }
        return name.lowercased()
    }

    /// Loads every plugin in the configured directories.
    public func scan() -> Scan {
        var scan = Scan()
        var seenFiles: Set<FileIdentity> = []
        var seenDirectories: Set<String> = []
        var owners: [String: String] = [:]
        var candidates: [String] = []
        let directories =
            configuration.directories.map { ($0, true) } + configuration.optionalDirectories.map { ($0, false) }
        for (directory, required) in directories {
            let resolved = URL(fileURLWithPath: directory).standardizedFileURL.resolvingSymlinksInPath().path
            guard seenDirectories.insert(resolved).inserted else { continue }
            let files: [String]
            do {
                files = try Self.pluginFiles(in: resolved, bundledOnly: !required && isExecutableDirectory(resolved))
            } catch let error as PluginLoadError {
                if required { scan.failures.append(PluginLoadError(error.code, path: directory, error.message)) }
                continue
            } catch {
                continue
            }
            for path in files {
                if case .success(let identity) = FileIdentity.of(path), !seenFiles.insert(identity).inserted {
                    continue
                }
                guard configuration.isEnabled(Self.pluginID(forFileName: (path as NSString).lastPathComponent)) else {
                    scan.skipped.append(path)
                    continue
                }
                candidates.append(path)
            }
        }
        let scanned = prescan(candidates, into: &scan)
        for path in candidates {
            switch load(path, scanned: scanned[path]) {
            case .success(let plugin):
                if let owner = owners[plugin.id] {
                    scan.failures.append(
                        PluginLoadError(
                            .duplicateID,
                            path: path,
                            "plugin id \"\(plugin.id)\" is already provided by \(owner); remove one of the two files or give one plugin another id"
                        )
                    )
                    continue
                }
                owners[plugin.id] = path
                scan.loaded.append(plugin)
            case .failure(let error):
                scan.failures.append(error)
            }
        }
        return scan
    }

    /// The scanner's outcomes for the `candidates` it has to read: those that pass the trust checks and are not
    /// loaded in this process yet. Empty without a scanner.
    private func prescan(_ candidates: [String], into scan: inout Scan) -> [String: PluginScanOutcome] {
        guard let scanner = configuration.scanner else { return [:] }
        let unread = candidates.filter { path in
            guard configuration.trust.check(path) == nil, case .success(let identity) = FileIdentity.of(path) else {
                return false
            }
            return Self.registry.withLock { $0[identity] == nil }
        }
        guard !unread.isEmpty else { return [:] }
        let report = scanner.scan(unread)
        scan.scannerProcesses = report.processes
        scan.cacheProblem = report.cacheProblem
        return report.outcomes
    }

    private func isExecutableDirectory(_ path: String) -> Bool {
        Self.bundledPluginDirectory == path
    }

    /// The `.so` files in `directory`, sorted; only `libSwitchboard*Plugin.so` when `bundledOnly`.
    static func pluginFiles(in directory: String, bundledOnly: Bool) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw PluginLoadError(
                .directoryNotFound,
                path: directory,
                "the plugin directory does not exist; create it, or remove it from plugins.directories"
            )
        }
        guard isDirectory.boolValue else {
            throw PluginLoadError(.directoryNotFound, path: directory, "expected a directory of plugins, found a file")
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { name in
            name.hasSuffix(".so") && (!bundledOnly || (name.hasPrefix("libSwitchboard") && name.hasSuffix("Plugin.so")))
        }
        .sorted()
        .map { directory + "/" + $0 }
    }

    /// Loads one plugin file, or says why not.
    ///
    /// The file must pass ``Configuration/trust`` first, even when it is already loaded. Loading the same file again
    /// (by any path) returns the plugin loaded the first time.
    public func load(_ path: String) -> Result<LoadedPlugin, PluginLoadError> {
        load(path, scanned: nil)
    }

    /// ``load(_:)`` with the scanner's outcome for the file when ``scan()`` has it already.
    private func load(_ path: String, scanned: PluginScanOutcome?) -> Result<LoadedPlugin, PluginLoadError> {
        if let refusal = configuration.trust.check(path) { return .failure(refusal) }
        let identity: FileIdentity
        switch FileIdentity.of(path) {
        case .success(let found): identity = found
        case .failure(let failure):
            return .failure(
                PluginLoadError(
                    .unreadable, path: path,
                    "cannot read the file: \(failure.text); check that it exists and is readable"))
        }
        return Self.registry.withLock { registry in
            if let plugin = registry[identity] { return .success(plugin) }
            let opener = PluginOpener(path: path, configuration: configuration)
            let result: Result<LoadedPlugin, PluginLoadError>
            if let scanner = configuration.scanner {
                result = Self.plugin(scanned ?? scanner.scan([path]).outcomes[path], opener: opener)
            } else {
                result = opener.open()
            }
            if case .success(let plugin) = result { registry[identity] = plugin }
            return result
        }
    }

    /// The plugin the scanner's `outcome` describes, under this host's compiler policy; it opens its file on first use.
    private static func plugin(_ outcome: PluginScanOutcome?, opener: PluginOpener) -> Result<
        LoadedPlugin, PluginLoadError
    > {
        switch outcome {
        case .plugin(let result):
            return PluginOpener.checkCompiler(
                result.swiftCompiler, path: opener.path, allowMismatch: opener.configuration.allowCompilerMismatch
            )
            .map { LoadedPlugin(scanned: result, warnings: $0, opener: opener) }
        case .refused(let code, let message):
            return .failure(PluginLoadError(PluginLoadError.Code(rawValue: code), path: opener.path, message))
        case nil:
            return .failure(
                PluginLoadError(.crashedWhileLoading, path: opener.path, "the plugin scanner gave no result for it"))
        }
    }

    /// Every plugin file loaded in this process, by identity.
    private static let registry = Locked<[FileIdentity: LoadedPlugin]>([:])
}
