public import Foundation

/// Finds, reads and decodes the Switchboard configuration.
///
/// Discovery order (the first that applies wins):
/// 1. the path given explicitly (`--config`), which must exist;
/// 2. `$SWITCHBOARD_CONFIG`, which must exist when set;
/// 3. `./switchboard.yaml` in the current directory;
/// 4. `~/.switchboard/config.yaml`;
/// 5. otherwise ``SwitchboardConfiguration/builtInDefaults(environment:)``.
///
/// The profile is the one passed explicitly, else `$SWITCHBOARD_PROFILE`. The environment, current and home
/// directories are injected so that tests (and embedders) control them.
public struct ConfigurationLoader: Sendable {
    /// The environment used for `${VAR}` expansion, discovery and the profile.
    public var environment: [String: String]
    /// The directory `./switchboard.yaml` and relative `--config` paths are resolved against.
    public var currentDirectory: String
    /// The home directory (for `~/.switchboard/...`).
    public var homeDirectory: String
    /// The YAML reader's limits.
    public var limits: Limits
    /// The sections other modules registered (such as the gateway's `gateway`), read after the host's own; a
    /// top-level key no section declares is an unknown key.
    public var sections: [ConfigurationSection]

    /// Creates a loader.
    /// - Parameters:
    ///   - environment: The environment; default: the process's.
    ///   - currentDirectory: The current directory; default: the process's.
    ///   - homeDirectory: The home directory; default: `$HOME`, else the user's home.
    ///   - limits: The YAML reader's limits.
    ///   - sections: The sections other modules registered, such as `[.gateway]` from `SwitchboardGateway`.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        homeDirectory: String? = nil,
        limits: Limits = .default,
        sections: [ConfigurationSection] = []
    ) {
        self.environment = environment
        self.currentDirectory = currentDirectory
        self.homeDirectory = homeDirectory ?? environment["HOME"] ?? NSHomeDirectory()
        self.limits = limits
        self.sections = sections
    }

    /// Finds where the configuration comes from, without reading it.
    /// - Parameter explicitPath: The path given with `--config`, if any.
    /// - Returns: `.file(path)` (absolute) or `.builtIn`.
    /// - Throws: ``ConfigurationError`` (`.io`) when an explicitly named file (argument or `$SWITCHBOARD_CONFIG`) does not exist.
    public func locate(explicitPath: String? = nil) throws -> SwitchboardConfiguration.Source {
        let named: [(path: String?, origin: String)] = [
            (explicitPath, "given with --config"),
            (environment["SWITCHBOARD_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }, "named by $SWITCHBOARD_CONFIG"),
        ]
        for candidate in named {
            guard let path = candidate.path else { continue }
            let resolved = resolve(path)
            guard FileManager.default.fileExists(atPath: resolved) else {
                throw ConfigurationError(
                    code: .io,
                    message: "configuration file \(resolved) (\(candidate.origin)) does not exist; "
                        + "check the path, or create it with `switchboard init`",
                    file: resolved)
            }
            return .file(resolved)
        }
        for path in [
            Self.join(currentDirectory, "switchboard.yaml"), Self.join(homeDirectory, ".switchboard/config.yaml"),
        ] {
            if FileManager.default.fileExists(atPath: path) { return .file(path) }
        }
        return .builtIn
    }

    /// Finds and loads the configuration (see the discovery order above).
    /// - Parameters:
    ///   - explicitPath: The path given with `--config`, if any.
    ///   - profile: The profile to apply; default: `$SWITCHBOARD_PROFILE`, if set.
    /// - Returns: The decoded configuration, with ``SwitchboardConfiguration/source`` saying where it came from.
    /// - Throws: ``ConfigurationError``; when several problems are found, the first is thrown and the others are in
    ///   ``ConfigurationError/otherErrors``.
    public func load(explicitPath: String? = nil, profile: String? = nil) throws -> SwitchboardConfiguration {
        switch try locate(explicitPath: explicitPath) {
        case .file(let path):
            return try load(file: path, profile: profile)
        case .builtIn, .text:
            guard let name = profileName(profile) else {
                var defaults = SwitchboardConfiguration.builtInDefaults(environment: environment)
                defaults.sections.entries = sections.map { ($0.name, $0.defaultValue) }
                defaults.pluginSearchPaths = defaults.plugins.searchPaths(
                    configurationDirectory: nil, homeDirectory: homeDirectory, environment: environment)
                return defaults
            }
            // The built-in defaults are what the template says, so its profiles apply to them.
            var configuration = try decode(
                bytes: Array(ConfigurationTemplate.yaml(sections: sections).utf8), file: nil, source: .builtIn,
                configurationDirectory: nil, profile: name)
            configuration.addBuiltInCloudProviders(environment: environment)
            return configuration
        }
    }

    /// Reads and decodes one configuration file.
    /// - Parameters:
    ///   - path: The file; relative paths resolve against ``currentDirectory``.
    ///   - profile: The profile to apply; default: `$SWITCHBOARD_PROFILE`, if set.
    /// - Returns: The decoded configuration.
    /// - Throws: ``ConfigurationError`` (`.io` when the file cannot be read, `.limits` when it is too large, and the
    ///   syntax and validation errors of ``decode(yaml:name:profile:)``).
    public func load(file path: String, profile: String? = nil) throws -> SwitchboardConfiguration {
        let resolved = resolve(path)
        let size: Int
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: resolved)
            size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            throw ConfigurationError(
                code: .io,
                message: "cannot read the configuration file: it does not exist or is not accessible; check the path",
                file: resolved, cause: error)
        }
        if size > limits.maxFileSize {
            throw ConfigurationError(
                code: .limits,
                message:
                    "file is \(YAMLReader.formatSize(size)), larger than the \(YAMLReader.formatSize(limits.maxFileSize)) "
                    + "limit for configuration files; check that this is the right file",
                file: resolved)
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: resolved))
        } catch {
            throw ConfigurationError(
                code: .io,
                message: "cannot read the configuration file (\(error.localizedDescription)); check its permissions",
                file: resolved, cause: error)
        }
        let directory = URL(fileURLWithPath: resolved).deletingLastPathComponent().path
        return try decode(
            bytes: [UInt8](data), file: resolved, source: .file(resolved), configurationDirectory: directory,
            profile: profile)
    }

    /// Decodes configuration text that did not come from a file (tests, `switchboard init`).
    /// - Parameters:
    ///   - yaml: The YAML text.
    ///   - name: The name to use in errors and as the source, such as `<template>`.
    ///   - profile: The profile to apply; default: `$SWITCHBOARD_PROFILE`, if set.
    /// - Returns: The decoded configuration; relative plugin directories resolve against ``currentDirectory``.
    /// - Throws: ``ConfigurationError``.
    public func decode(yaml: String, name: String = "<string>", profile: String? = nil) throws
        -> SwitchboardConfiguration
    {
        try decode(
            bytes: Array(yaml.utf8), file: name, source: .text(name), configurationDirectory: currentDirectory,
            profile: profile)
    }

    func decode(
        bytes: [UInt8], file: String?, source: SwitchboardConfiguration.Source, configurationDirectory: String?,
        profile: String?
    ) throws -> SwitchboardConfiguration {
        let parsed = try YAMLReader(limits: limits).parse(bytes: bytes, file: file)
        let (root, profiles) = try ProfileOverlay.apply(profileName(profile), to: parsed, file: file)
        let decoder = ConfigurationDecoder(
            file: file, environment: environment, configurationDirectory: configurationDirectory,
            homeDirectory: homeDirectory)
        decoder.sections = sections
        var configuration = decoder.decode(root)
        var errors = decoder.errors
        configuration.pricing.loaded = configuration.pricing.files.compactMap { path in
            do {
                return try PriceFile(contentsOf: path)
            } catch {
                errors += (error as? ConfigurationError)?.allErrors ?? []
                return nil
            }
        }
        if let error = ConfigurationError.combined(errors) { throw error }
        configuration.source = source
        configuration.activeProfile = profileName(profile)
        configuration.availableProfiles = profiles
        configuration.pluginSearchPaths = configuration.plugins.searchPaths(
            configurationDirectory: configurationDirectory, homeDirectory: homeDirectory, environment: environment)
        return configuration
    }

    /// The explicit profile, else `$SWITCHBOARD_PROFILE` when set and not empty.
    func profileName(_ explicit: String?) -> String? {
        if let explicit, !explicit.isEmpty { return explicit }
        if let name = environment["SWITCHBOARD_PROFILE"], !name.isEmpty { return name }
        return nil
    }

    /// `path` made absolute against ``currentDirectory``, with `~/` expanded.
    func resolve(_ path: String) -> String {
        if path == "~" { return homeDirectory }
        if path.hasPrefix("~/") { return Self.join(homeDirectory, String(path.dropFirst(2))) }
        return Self.join(currentDirectory, path)
    }

    /// `path` when absolute, else `directory/path`, standardized (`.` and `..` removed).
    static func join(_ directory: String, _ path: String) -> String {
        let url =
            path.hasPrefix("/")
            ? URL(fileURLWithPath: path)
            : URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: directory, isDirectory: true))
        return url.standardizedFileURL.path
    }

    /// Bounds on what the YAML reader accepts: configuration files come from users.
    public struct Limits: Sendable, Hashable {
        /// The largest input, in bytes. Default: 4 MiB.
        public var maxFileSize: Int
        /// The deepest nesting of sequences and mappings. Default: 64.
        public var maxDepth: Int
        /// The most nodes the document may expand to, aliases included. Default: 100 000.
        public var maxNodes: Int

        /// Creates limits.
        /// - Parameters:
        ///   - maxFileSize: The largest input, in bytes.
        ///   - maxDepth: The deepest nesting of collections.
        ///   - maxNodes: The most nodes after alias expansion.
        public init(maxFileSize: Int = 4 << 20, maxDepth: Int = 64, maxNodes: Int = 100_000) {
            self.maxFileSize = maxFileSize
            self.maxDepth = maxDepth
            self.maxNodes = maxNodes
        }

        /// 4 MiB, 64 levels, 100 000 nodes.
        public static let `default` = Limits()
    }
}
