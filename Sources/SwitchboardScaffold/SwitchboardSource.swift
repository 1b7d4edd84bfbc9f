import Foundation

/// Where a scaffolded plugin package gets Switchboard from: a local checkout or a git URL.
public enum SwitchboardSource: Sendable, Hashable {
    /// A checkout on this machine, by absolute path.
    case path(String)
    /// A git repository, used at its `main` branch.
    case url(String)

    /// Reads `--switchboard`: a URL (`https://…`, `ssh://…`, `file://…`, `git@host:…`) or a path, relative paths
    /// taken from `directory`.
    /// - Throws: ``ScaffoldError`` when the path is not a Switchboard checkout.
    public init(_ text: String, relativeTo directory: String) throws(ScaffoldError) {
        if text.contains("://") || text.hasPrefix("git@") {
            self = .url(text)
            return
        }
        let absolute = URL(fileURLWithPath: text, relativeTo: URL(fileURLWithPath: directory, isDirectory: true))
            .standardizedFileURL.path
        guard Self.isCheckout(absolute) else {
            throw ScaffoldError(
                "--switchboard \(text): expected a Switchboard checkout (a directory with Package.swift, "
                    + "Sources/SwitchboardKit and PluginKit/Package.swift) at \(absolute), found none; pass the path of your checkout or a git URL"
            )
        }
        self = .path(absolute)
    }

    /// The checkout a `switchboard` executable was built in (`CHECKOUT/.build/…/switchboard`), if it was.
    /// - Parameter executable: the running executable's path, symlinks resolved.
    public static func checkout(containing executable: String) -> SwitchboardSource? {
        var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        while directory.path != "/" {
            if directory.lastPathComponent.hasPrefix(".build") {
                let root = directory.deletingLastPathComponent().path
                return isCheckout(root) ? .path(root) : nil
            }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    /// The package directory of a checkout that holds only what a plugin package uses (SwitchboardKit and
    /// SwitchboardConformanceKit), so SwiftPM resolves none of the host's dependencies for it.
    public static let pluginKitDirectory = "PluginKit"

    /// The `.package(…)` line of the scaffolded `Package.swift`: a checkout's ``pluginKitDirectory``, or the git
    /// repository (whose root package vends the same products).
    public var dependency: String {
        switch self {
        case .path(let path): ".package(path: \(Self.quoted(path + "/" + Self.pluginKitDirectory)))"
        case .url(let url): ".package(url: \(Self.quoted(url)), branch: \"main\")"
        }
    }

    /// The package identity SwiftPM gives the dependency: its last path component, without `.git`, lowercased.
    public var packageIdentity: String {
        let location: String
        switch self {
        case .path: location = Self.pluginKitDirectory
        case .url(let url): location = url
        }
        var last = location.split(whereSeparator: { $0 == "/" || $0 == ":" }).last.map(String.init) ?? location
        if last.hasSuffix(".git") { last.removeLast(4) }
        return last.lowercased()
    }

    private static func isCheckout(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path + "/Package.swift")
            && FileManager.default.fileExists(atPath: path + "/Sources/SwitchboardKit")
            && FileManager.default.fileExists(atPath: path + "/" + pluginKitDirectory + "/Package.swift")
    }

    /// `text` as a Swift string literal.
    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
