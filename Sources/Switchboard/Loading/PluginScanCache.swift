#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
import Foundation
import SwitchboardABI
import SwitchboardKit

/// The scanner's results kept between runs, in one file (`plugins.cache`, by default `~/.switchboard/plugin-cache`),
/// each keyed by its file's path, device, inode, size and modification time: a file that changed in any of them is
/// scanned again, and a refusal is kept until its file changes.
///
/// The file is written atomically (a temporary file, then `rename`). One that is missing, unreadable, not this
/// format, or written by another host build (Swift compiler or ABI) is ignored and rebuilt; nothing in it is used
/// without its key matching the file as it is now, and the trust checks run before any of it is used.
struct PluginScanCache {
    /// What identifies one version of one file.
    struct Key: Codable, Hashable {
        var path: String
        var file: FileIdentity

        /// The key of the file at `path` as it is now, or nil when it cannot be read.
        static func of(_ path: String) -> Key? {
            guard case .success(let file) = FileIdentity.of(path) else { return nil }
            return Key(path: path, file: file)
        }
    }

    private struct Entry: Codable {
        var key: Key
        var outcome: PluginScanOutcome
    }

    private struct Document: Codable {
        var format: String
        var host: String
        var entries: [Entry]
    }

    /// The format tag at the top of every cache file.
    static let format = "switchboard-plugin-cache/1"
    /// The host build a cache file belongs to: results from another compiler or ABI are not trusted.
    static let host = "Swift \(SwiftCompiler.version); ABI \(SWB_ABI_MAJOR).\(SWB_ABI_MINOR)"

    /// The cache file.
    let path: String
    private var entries: [String: Entry] = [:]
    /// Whether the entries differ from the file (new results, or a file that had to be rebuilt).
    private(set) var isChanged = false

    /// The cache in the file at `path`; empty when the file is missing, and empty and marked for rewriting when it
    /// is corrupt or foreign.
    init(path: String) {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path) else { return }
        guard let document = try? JSONDecoder().decode(Document.self, from: data), document.format == Self.format,
            document.host == Self.host
        else {
            isChanged = true
            return
        }
        for entry in document.entries { entries[entry.key.path] = entry }
    }

    /// The kept result for the file `key` describes, when the file has not changed since.
    func outcome(for key: Key) -> PluginScanOutcome? {
        guard let entry = entries[key.path], entry.key == key else { return nil }
        return entry.outcome
    }

    /// Keeps `outcome` for the file `key` describes, replacing what was kept for its path.
    mutating func record(_ outcome: PluginScanOutcome, for key: Key) {
        entries[key.path] = Entry(key: key, outcome: outcome)
        isChanged = true
    }

    /// Writes the cache atomically, creating its directory (mode 0700) when needed.
    func save() throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let document = Document(
            format: Self.format, host: Self.host, entries: entries.values.sorted { $0.key.path < $1.key.path })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let temporary = path + ".tmp-\(getpid())"
        try encoder.encode(document).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path) == 0 else {
            let failure = SystemFailure.current()
            unlink(temporary)
            throw failure
        }
    }
}
