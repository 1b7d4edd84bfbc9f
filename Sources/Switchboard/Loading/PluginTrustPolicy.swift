#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import Crypto

/// The checks a plugin file passes before the host opens it: a trusted path and, when pinned, its SHA-256.
///
/// A path is trusted when, after symlinks are resolved, neither the file nor the directory it sits in is writable by
/// group or others, and both are owned by the current user or root: whoever can replace a plugin file can run code
/// inside the host.
public struct PluginTrustPolicy: Sendable {
    /// Loads plugins from group- or world-writable paths, or paths owned by other users. Default: false.
    public var allowUntrustedPaths: Bool
    /// Pinned SHA-256 digests (lowercase hex), keyed by plugin id (`openai`) or file name (`libSwitchboardOpenAIPlugin.so`).
    public var checksums: [String: String]
    /// The user id whose files are trusted besides root's; the process's real user id by default.
    public var currentUserID: UInt32

    /// Creates a policy.
    /// - Parameters:
    ///   - allowUntrustedPaths: Whether to skip the permission and ownership checks.
    ///   - checksums: Pinned digests by plugin id or file name.
    ///   - currentUserID: The user whose files are trusted besides root's; nil for the process's real user id.
    public init(allowUntrustedPaths: Bool = false, checksums: [String: String] = [:], currentUserID: UInt32? = nil) {
        self.allowUntrustedPaths = allowUntrustedPaths
        self.checksums = checksums
        self.currentUserID = currentUserID ?? getuid()
    }

    /// Checks the plugin file at `path`, or says why it must not be opened. A file that does not exist passes: the
    /// loader's own readability check reports it.
    public func check(_ path: String) -> PluginLoadError? {
        guard let resolved = Self.resolve(path) else {
            if errno == ENOENT { return nil }
            return PluginLoadError(
                .unreadable, path: path,
                "cannot resolve the path: \(SystemFailure.current().text); check that it exists")
        }
        if !allowUntrustedPaths {
            let directory = resolved.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(
                separator: "/")
            for (candidate, what) in [(resolved, "file"), (directory.isEmpty ? "/" : directory, "directory")] {
                if let problem = trustProblem(candidate, what: what) {
                    return PluginLoadError(.untrustedPath, path: path, problem)
                }
            }
        }
        if let expected = pinnedChecksum(for: path) {
            let found: String
            switch Self.sha256(of: resolved) {
            case .failure(let failure):
                return PluginLoadError(
                    .unreadable, path: path, "cannot read the file to check its SHA-256: \(failure.text)")
            case .success(let digest):
                found = digest
            }
            guard found == expected.lowercased() else {
                return PluginLoadError(
                    .checksumMismatch,
                    path: path,
                    "expected SHA-256 \(expected.lowercased()) (plugins.checksums), found \(found); the file is not the one you pinned: "
                        + "reinstall the plugin you trust, or update plugins.checksums after verifying this one"
                )
            }
        }
        return nil
    }

    /// The pinned digest for a file: by its exact file name, else by the plugin id its name implies.
    func pinnedChecksum(for path: String) -> String? {
        let fileName = String(path.split(separator: "/").last ?? Substring(path))
        if let digest = checksums[fileName] { return digest }
        let key = PluginLoader.Configuration.comparisonKey(PluginLoader.pluginID(forFileName: fileName))
        return checksums.first { PluginLoader.Configuration.comparisonKey($0.key) == key }?.value
    }

    private func trustProblem(_ path: String, what: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else {
            return "cannot inspect the plugin \(what) \(path): \(SystemFailure.current().text)"
        }
        let mode = UInt32(status.st_mode) & 0o7777
        let owner = UInt32(status.st_uid)
        let found = "mode \(String(mode, radix: 8).leftPadded(to: 4)), owner uid \(owner)"
        let override = "or set plugins.allow_untrusted_paths: true to load it anyway"
        var writers: [String] = []
        if mode & 0o020 != 0 { writers.append("group") }
        if mode & 0o002 != 0 { writers.append("others") }
        if !writers.isEmpty {
            return
                "the plugin \(what) \(path) is writable by \(writers.joined(separator: " and ")) (\(found)), so another user could "
                + "replace the code this host runs; run `chmod go-w \(path)`, \(override)"
        }
        if owner != 0 && owner != currentUserID {
            return
                "the plugin \(what) \(path) is owned by uid \(owner), neither this user (uid \(currentUserID)) nor root (\(found)); "
                + "run `chown \(currentUserID) \(path)` if you trust it, \(override)"
        }
        return nil
    }

    /// `path` with every symlink resolved, or nil (with `errno` set) when it cannot be.
    static func resolve(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The SHA-256 of the file at `path`, lowercase hex.
    static func sha256(of path: String) -> Result<String, SystemFailure> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(SystemFailure.current()) }
        defer { close(descriptor) }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(SystemFailure.current())
            }
            if count == 0 { break }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        }
        return .success(hasher.finalize().map { String($0, radix: 16).leftPadded(to: 2) }.joined())
    }
}

extension String {
    /// The string with leading zeros up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
