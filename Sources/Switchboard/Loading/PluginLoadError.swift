/// Why a plugin file was refused. The message says what was expected, what was found and what to do.
public struct PluginLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of refusal. Extensible: new codes break no one.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A plugin directory does not exist.
        package static let directoryNotFound = Code(rawValue: "directory_not_found")
        /// The file cannot be opened or read.
        package static let unreadable = Code(rawValue: "unreadable")
        /// The file is not an ELF shared object.
        package static let notSharedObject = Code(rawValue: "not_shared_object")
        /// The dynamic loader refused the file (missing dependency, unresolved symbol, wrong architecture).
        package static let loadFailed = Code(rawValue: "load_failed")
        /// The file exports no `switchboard_plugin_entry_v1`.
        package static let missingEntryPoint = Code(rawValue: "missing_entry_point")
        /// The entry point returned NULL.
        package static let entryReturnedNull = Code(rawValue: "entry_returned_null")
        /// The plugin speaks another ABI major version.
        package static let abiMismatch = Code(rawValue: "abi_mismatch")
        /// The plugin's table is smaller than its declared version requires.
        package static let tableTooSmall = Code(rawValue: "table_too_small")
        /// The plugin was built by another Swift compiler.
        package static let compilerMismatch = Code(rawValue: "compiler_mismatch")
        /// The manifest is not valid JSON or violates its schema.
        package static let invalidManifest = Code(rawValue: "invalid_manifest")
        /// Another loaded plugin already has this id.
        package static let duplicateID = Code(rawValue: "duplicate_id")
        /// The file or its directory is writable by group or others, or owned by another user (see ``PluginTrustPolicy``).
        package static let untrustedPath = Code(rawValue: "untrusted_path")
        /// The file's SHA-256 differs from the digest pinned in `plugins.checksums`.
        package static let checksumMismatch = Code(rawValue: "checksum_mismatch")
        /// The plugin crashed, aborted or exited in the scanner process while its entry point or `manifest` ran.
        package static let crashedWhileLoading = Code(rawValue: "crashed_while_loading")
        /// The plugin's entry point or `manifest` did not return within `plugins.scan_timeout_ms`.
        package static let loadTimedOut = Code(rawValue: "load_timed_out")
    }

    /// The kind of refusal.
    public var code: Code
    /// The file or directory refused.
    public var path: String
    /// What was expected, what was found and what to do.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, path: String, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { "plugin \(path): \(message)" }
}
