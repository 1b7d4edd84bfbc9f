extension ConfigurationDecoder {
    /// The `plugins` keys about which files may be loaded.
    static let pluginSecurityKeys = ["allow_untrusted_paths", "checksums", "scan_timeout_ms", "cache"]

    /// Decodes `plugins.allow_untrusted_paths`, `plugins.checksums` (plugin id or file name → SHA-256 hex), and the
    /// scanner's `plugins.scan_timeout_ms` and `plugins.cache` (a path, relative to the file's directory, kept with a leading `~/` that the loader expands,
    /// or `off`).
    func decodePluginSecurity(_ fields: Fields, _ path: String, into plugins: inout SwitchboardConfiguration.Plugins) {
        if let node = fields["scan_timeout_ms"],
            let value = integer(node, Self.child(path, "scan_timeout_ms"), minimum: 1)
        {
            plugins.scanTimeoutMs = value
        }
        if let node = fields["cache"], let value = string(node, Self.child(path, "cache")) {
            if value == "off" || value.isEmpty {
                plugins.cache = nil
            } else if value.hasPrefix("~/") || value.hasPrefix("/") {
                plugins.cache = value
            } else {
                plugins.cache = ConfigurationLoader.join(configurationDirectory ?? ".", value)
            }
        }
        if let node = fields["allow_untrusted_paths"],
            let value = boolean(node, Self.child(path, "allow_untrusted_paths"))
        {
            plugins.allowUntrustedPaths = value
        }
        guard let node = fields["checksums"] else { return }
        let checksumsPath = Self.child(path, "checksums")
        guard
            let entries = self.fields(
                node, checksumsPath, allowed: nil, what: "SHA-256 digests (plugin id or file name: hex digest)")
        else { return }
        for key in entries.order {
            let entryPath = Self.child(checksumsPath, key)
            guard let value = entries[key], let digest = string(value, entryPath) else {
                fail(
                    .type, "expected a SHA-256 digest (64 hex digits, as `sha256sum` prints), found nothing",
                    at: entries.keyMarks[key], entryPath)
                continue
            }
            let normalized = digest.lowercased()
            guard normalized.count == 64, normalized.allSatisfy(\.isHexDigit) else {
                fail(
                    .invalidValue,
                    "expected a SHA-256 digest of 64 hex digits (as `sha256sum FILE` prints), found \(normalized.count) characters",
                    at: value.mark, entryPath)
                continue
            }
            plugins.checksums[key] = normalized
        }
    }

    /// Decodes a provider's `isolation` (`in_process` or `process`).
    func isolation(_ node: YAMLNode, _ path: String) -> SwitchboardConfiguration.Isolation {
        enumeration(node, path, as: SwitchboardConfiguration.Isolation.self, what: "isolation") ?? .inProcess
    }
}
