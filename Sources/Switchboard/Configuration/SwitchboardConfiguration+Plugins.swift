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

extension SwitchboardConfiguration.Plugins {
    /// The `plugins` section's keys, each declared once.
    package static let schema = ConfigurationSchema<Self>(
        "plugins", what: "plugin settings", doc: ["Which provider plugins to load, and where to look for them."],
        defaults: Self(),
        keys: [
            ConfigurationKey(
                "directories", type: "list of strings",
                doc: "Extra directories to search. Relative paths resolve against the configuration file's directory;"
                    + " `~/` is the home directory.",
                read: { reader, plugins in
                    plugins.directories = reader.strings(what: "directory paths").map {
                        reader.resolvedPath($0, keepingHome: false)
                    }
                },
                render: { .list($0.directories.map { .string($0) }) }),
            .boolean(
                "include_default_directories", \.includeDefaultDirectories,
                doc: "Also search, in this order: `plugins/` next to the configuration file, `~/.switchboard/plugins`,"
                    + " each entry of `$SWITCHBOARD_PLUGIN_PATH` (colon-separated)."),
            ConfigurationKey(
                "enable", type: "list of ids",
                doc: "When given, only these plugin ids are loaded; others are not even opened (`dlopen`).",
                defaultText: "all", example: ["enable: [openai, ollama, echo]"],
                read: { reader, plugins in
                    plugins.enable = reader.strings(what: "plugin ids")
                    reader.recordLocation()
                },
                render: { $0.enable.map { .list($0.map { .string($0) }) } }),
            .strings("disable", \.disable, what: "plugin ids", doc: "Plugin ids never to load."),
            .boolean(
                "allow_compiler_mismatch", \.allowCompilerMismatch,
                doc: "Load plugins built by a different Swift compiler than the host (at your own risk)."),
            .boolean(
                "allow_untrusted_paths", \.allowUntrustedPaths,
                doc: "Load plugin files that group or others can write (or that sit in such a directory), or that a"
                    + " user other than the current one or root owns; otherwise they are refused with `untrusted_path`"
                    + " (docs/security.md)."),
            .integer(
                "scan_timeout_ms", \.scanTimeoutMs, minimum: 1,
                doc: "How long `switchboard`'s scanner process may take over one plugin file (its entry point and"
                    + " `manifest`), in milliseconds; a file that takes longer is refused with `load_timed_out`."),
            ConfigurationKey(
                "cache", type: "string",
                doc: "The scanner's cache file: what it read from each plugin file, keyed by path, device, inode, size"
                    + " and modification time, so a warm start reads no plugin file. A relative path resolves against"
                    + " the configuration file's directory; `off` keeps nothing.",
                read: { reader, plugins in
                    guard let value = reader.string() else { return }
                    plugins.cache =
                        value == "off" || value.isEmpty ? nil : reader.resolvedPath(value, keepingHome: true)
                },
                render: { .string($0.cache ?? "off") }),
            ConfigurationKey(
                "checksums", type: "mapping",
                doc: "Pinned SHA-256 digests (64 hex digits, as `sha256sum FILE` prints) by plugin id or file name; a"
                    + " file whose digest differs is refused before it is opened (`checksum_mismatch`).",
                example: ["checksums:", "  openai: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"],
                read: { reader, plugins in plugins.checksums = readChecksums(reader) },
                render: { plugins in
                    plugins.checksums.isEmpty
                        ? nil : .map(plugins.checksums.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
                }),
        ])

    private static func readChecksums(_ reader: ConfigurationReader) -> [String: String] {
        var checksums: [String: String] = [:]
        let what = "SHA-256 digests (plugin id or file name: hex digest)"
        for (key, entry) in reader.namedEntries(what: what) ?? [] {
            guard !entry.isNull, let digest = entry.string() else {
                entry.failAtName(
                    .type, "expected a SHA-256 digest (64 hex digits, as `sha256sum` prints), found nothing")
                continue
            }
            let normalized = digest.lowercased()
            guard normalized.count == 64, normalized.allSatisfy(\.isHexDigit) else {
                entry.fail(
                    .invalidValue,
                    "expected a SHA-256 digest of 64 hex digits (as `sha256sum FILE` prints), found \(normalized.count)"
                        + " characters")
                continue
            }
            checksums[key] = normalized
        }
        return checksums
    }
}
