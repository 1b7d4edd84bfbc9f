import ArgumentParser
import Foundation
import Switchboard
import SwitchboardKit

#if canImport(Glibc)
    import Glibc
#endif

/// `switchboard plugins install PATH.so`: checks a built plugin by loading it, then copies it into the plugins
/// directory.
struct PluginsInstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Check a plugin .so by loading it, then copy it into the plugins directory.",
        discussion: """
            The file is loaded once, with every check the host makes (ELF, entry point, ABI, Swift compiler, \
            manifest); a refused file is not installed. The copy is atomic: a host scanning the directory sees the \
            old file or the new one, never half of one. Another plugin with the same id is not replaced without \
            --force.
            """
    )

    @Argument(help: "The plugin's shared object (e.g. .build/debug/libAcmePlugin.so).")
    var path: String

    @Option(
        name: .customLong("plugins-dir"), help: "The directory to install into (default: $HOME/.switchboard/plugins).")
    var pluginsDirectory: String?

    @Flag(help: "Replace installed files that hold another build of a plugin with the same id.")
    var force = false

    func run() async throws {
        let workingDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let source = URL(fileURLWithPath: path, relativeTo: workingDirectory).standardizedFileURL
        let plugin: LoadedPlugin
        switch PluginLoader(configuration: .init(optionalDirectories: [])).load(source.path) {
        case .success(let loaded): plugin = loaded
        case .failure(let error):
            printError("error: not installed: \(error)")
            throw ExitCode(1)
        }
        let directory = URL(
            fileURLWithPath: pluginsDirectory ?? ConfigurationLoader().homeDirectory + "/.switchboard/plugins",
            relativeTo: workingDirectory
        ).standardizedFileURL
        let destination = directory.appendingPathComponent(source.lastPathComponent)
        let conflicts = try installedFiles(in: directory).filter { installed in
            installed.path == destination.path
                ? !FileManager.default.contentsEqual(atPath: installed.path, andPath: source.path)
                : Self.pluginID(of: installed.path) == plugin.id
        }
        if FileManager.default.contentsEqual(atPath: destination.path, andPath: source.path) && conflicts.isEmpty {
            print("\(plugin.id) \(plugin.manifest.version) is already installed as \(destination.path)")
            return
        }
        if !conflicts.isEmpty && !force {
            printError(
                "error: not installed: \(directory.path) already holds plugin id \"\(plugin.id)\" in "
                    + conflicts.map(\.lastPathComponent).joined(separator: ", ")
                    + ", a different file; pass --force to replace it with \(source.path)"
            )
            throw ExitCode(1)
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Self.copyAtomically(source, to: destination)
            for conflict in conflicts where conflict.path != destination.path {
                try FileManager.default.removeItem(at: conflict)
            }
        } catch {
            printError("error: not installed: cannot write \(destination.path): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        let models = plugin.manifest.models.count
        print(
            "Installed \(plugin.id) \(plugin.manifest.version) (ABI \(plugin.abiVersion.major).\(plugin.abiVersion.minor), "
                + "\(models) model\(models == 1 ? "" : "s")) as \(destination.path)"
        )
        for warning in plugin.warnings { print("warning: \(warning)") }
    }

    /// The `.so` files in `directory`; none when it does not exist yet.
    private func installedFiles(in directory: URL) throws -> [URL] {
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".so") }
            .sorted()
            .map { directory.appendingPathComponent($0) }
    }

    /// The id of the plugin in an installed file, when the host can load it.
    private static func pluginID(of path: String) -> String? {
        try? PluginLoader(configuration: .init(optionalDirectories: [])).load(path).get().id
    }

    /// Copies `source` to a hidden file beside `destination`, then renames it over `destination` in one step.
    private static func copyAtomically(_ source: URL, to destination: URL) throws {
        let staging = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).partial")
        do {
            try FileManager.default.copyItem(at: source, to: staging)
            chmod(staging.path, 0o755)
            guard rename(staging.path, destination.path) == 0 else {
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
    }
}
