import Foundation

/// A new provider plugin package, made from ``PluginTemplate`` with the author's names.
public struct ProviderScaffold: Sendable {
    /// The provider's names.
    public var name: ProviderName
    /// Where the package gets Switchboard from.
    public var switchboard: SwitchboardSource
    /// The `switchboard` executable the package's tests run their conformance checks in, recorded in the tests:
    /// the one that scaffolds it.
    public var switchboardExecutable: String

    /// Creates a scaffold.
    public init(name: ProviderName, switchboard: SwitchboardSource, switchboardExecutable: String) {
        self.name = name
        self.switchboard = switchboard
        self.switchboardExecutable = switchboardExecutable
    }

    /// The package's (and the product's) name: `AcmeCloudPlugin`.
    public var packageName: String { name.typeName + "Plugin" }

    /// The shared object `swift build` writes: `libAcmeCloudPlugin.so`.
    public var productFileName: String { "lib\(packageName).so" }

    /// The template's files with every placeholder replaced, in paths and text.
    public func files(from template: [TemplateFile] = PluginTemplate.files) -> [TemplateFile] {
        template.map { file in
            TemplateFile(path: renamed(file.path), contents: renamed(file.contents))
        }
    }

    /// Writes the package into `directory`, which must not exist yet.
    ///
    /// The files are written into a hidden sibling directory first and moved into place in one rename, so a failure
    /// leaves nothing behind.
    /// - Throws: ``ScaffoldError`` when `directory` exists or cannot be written.
    public func write(to directory: String) throws(ScaffoldError) {
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        guard !FileManager.default.fileExists(atPath: target.path) else {
            throw ScaffoldError(
                "\(target.path) already exists; new-provider never overwrites a directory: remove it, or choose "
                    + "another with --output"
            )
        }
        let parent = target.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
            for file in files() {
                let url = staging.appendingPathComponent(file.path)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: url)
            }
            try FileManager.default.moveItem(at: staging, to: target)
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw ScaffoldError("cannot write the package to \(target.path): \(error.localizedDescription)")
        }
    }

    private func renamed(_ text: String) -> String {
        text.replacingOccurrences(of: PluginTemplate.dependencyToken, with: switchboard.dependency)
            .replacingOccurrences(of: PluginTemplate.packageToken, with: switchboard.packageIdentity)
            .replacingOccurrences(of: PluginTemplate.executableToken, with: switchboardExecutable)
            .replacingOccurrences(of: PluginTemplate.environmentToken, with: name.environmentPrefix)
            .replacingOccurrences(of: PluginTemplate.typeToken, with: name.typeName)
            .replacingOccurrences(of: PluginTemplate.idToken, with: name.id)
    }
}
