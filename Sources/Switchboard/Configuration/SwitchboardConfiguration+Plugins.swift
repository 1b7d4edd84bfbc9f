extension SwitchboardConfiguration {
    /// Which plugins to load and where to look for them (the `plugins` section).
    public struct Plugins: Sendable, Equatable {
        /// Extra directories to search, as absolute paths (relative ones in the file resolve against its directory).
        public var directories: [String]
        /// Whether to also search `plugins/` next to the file, `~/.switchboard/plugins` and `$SWITCHBOARD_PLUGIN_PATH`. Default: true.
        public var includeDefaultDirectories: Bool
        /// When set, only these plugin ids are loaded; others are not even opened. Default: `nil` (all).
        public var enable: [String]?
        /// Plugin ids never to load. Default: none.
        public var disable: [String]
        /// Load plugins built by a different Swift compiler than the host. Default: false.
        public var allowCompilerMismatch: Bool
        /// Load plugin files from group- or world-writable paths or paths owned by other users. Default: false.
        public var allowUntrustedPaths: Bool
        /// Pinned SHA-256 digests (lowercase hex) by plugin id or file name; a file that differs is refused. Default: none.
        public var checksums: [String: String]
        /// How long the scanner process may take over one plugin file's entry point and manifest. Default: 5000.
        public var scanTimeoutMs: Int
        /// The scanner's cache file, or nil for none (`cache: off`). Default: `~/.switchboard/plugin-cache`, where `~/`
        /// is the home directory of the process that reads plugins (`$HOME`).
        public var cache: String?

        /// Creates plugin settings; every argument has a default.
        /// - Parameters:
        ///   - directories: Extra directories, absolute.
        ///   - includeDefaultDirectories: Whether to search the default directories too.
        ///   - enable: Only these ids, or `nil` for all.
        ///   - disable: Ids never to load.
        ///   - allowCompilerMismatch: Whether to accept plugins built by another compiler.
        ///   - allowUntrustedPaths: Whether to accept plugin files others could have written.
        ///   - checksums: Pinned SHA-256 digests by plugin id or file name.
        ///   - scanTimeoutMs: How long the scanner may take over one file.
        ///   - cache: The scanner's cache file, or nil for none.
        public init(
            directories: [String] = [],
            includeDefaultDirectories: Bool = true,
            enable: [String]? = nil,
            disable: [String] = [],
            allowCompilerMismatch: Bool = false,
            allowUntrustedPaths: Bool = false,
            checksums: [String: String] = [:],
            scanTimeoutMs: Int = 5000,
            cache: String? = "~/.switchboard/plugin-cache"
        ) {
            self.directories = directories
            self.includeDefaultDirectories = includeDefaultDirectories
            self.enable = enable
            self.disable = disable
            self.allowCompilerMismatch = allowCompilerMismatch
            self.allowUntrustedPaths = allowUntrustedPaths
            self.checksums = checksums
            self.scanTimeoutMs = scanTimeoutMs
            self.cache = cache
        }

        /// Whether the plugin with this id should be loaded: listed in `enable` (when given) and not in `disable`.
        /// - Parameter pluginID: The plugin id, such as `openai`.
        public func shouldLoad(_ pluginID: String) -> Bool {
            if let enable, !enable.contains(pluginID) { return false }
            return !disable.contains(pluginID)
        }

        /// The directories to search, in order.
        /// - Parameters:
        ///   - configurationDirectory: The directory of the configuration file, if there is one.
        ///   - homeDirectory: The user's home directory.
        ///   - environment: The environment (for `SWITCHBOARD_PLUGIN_PATH`, colon-separated).
        /// - Returns: `directories`, then the default directories when `includeDefaultDirectories` is on, without duplicates.
        public func searchPaths(
            configurationDirectory: String?,
            homeDirectory: String,
            environment: [String: String]
        ) -> [String] {
            var paths = directories
            if includeDefaultDirectories {
                if let configurationDirectory {
                    paths.append(ConfigurationLoader.join(configurationDirectory, "plugins"))
                }
                paths.append(ConfigurationLoader.join(homeDirectory, ".switchboard/plugins"))
                if let extra = environment["SWITCHBOARD_PLUGIN_PATH"] {
                    paths += extra.split(separator: ":").map(String.init).filter { !$0.isEmpty }
                }
            }
            var seen: Set<String> = []
            return paths.filter { seen.insert($0).inserted }
        }
    }
}
