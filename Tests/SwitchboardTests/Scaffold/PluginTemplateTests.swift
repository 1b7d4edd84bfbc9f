import Foundation
import SwitchboardScaffold
import Testing

/// The template compiled into `switchboard` is `plugin-template/`, file for file.
///
/// After changing `plugin-template/`, regenerate the compiled copy with
/// `SWITCHBOARD_UPDATE_TEMPLATE=1 swift test --filter PluginTemplateTests`.
@Suite("Plugin template")
struct PluginTemplateTests {
    static let templateDirectory = TestSupport.packageRoot + "/plugin-template"
    static let generatedFile = TestSupport.packageRoot + "/Sources/SwitchboardScaffold/PluginTemplate+Files.swift"

    @Test func theCompiledTemplateIsThePluginTemplateFolder() throws {
        let onDisk = try Self.filesOnDisk()
        if ProcessInfo.processInfo.environment["SWITCHBOARD_UPDATE_TEMPLATE"] == "1" {
            try Self.source(for: onDisk).write(toFile: Self.generatedFile, atomically: true, encoding: .utf8)
        }
        #expect(
            PluginTemplate.files.map(\.path) == onDisk.map(\.path),
            "run SWITCHBOARD_UPDATE_TEMPLATE=1 swift test --filter PluginTemplateTests, then rebuild"
        )
        for file in onDisk {
            let compiled = PluginTemplate.files.first { $0.path == file.path }
            #expect(
                compiled?.contents == file.contents,
                "\(file.path) differs from its compiled copy: run SWITCHBOARD_UPDATE_TEMPLATE=1 swift test --filter PluginTemplateTests, then rebuild"
            )
        }
    }

    @Test func theProviderFileIsUnderAHundredLinesAndEveryPlaceholderIsUsed() throws {
        let provider = try #require(
            PluginTemplate.files.first { $0.path == "Sources/SkeletonPlugin/SkeletonPlugin.swift" })
        let lines = provider.contents.split(separator: "\n", omittingEmptySubsequences: false).dropLast().count
        #expect(lines < 100, "the provider file an author edits has \(lines) lines")
        let everything = PluginTemplate.files.map { $0.path + "\n" + $0.contents }.joined()
        for token in [
            PluginTemplate.typeToken, PluginTemplate.idToken, PluginTemplate.environmentToken,
            PluginTemplate.dependencyToken, PluginTemplate.packageToken, PluginTemplate.executableToken,
        ] {
            #expect(everything.contains(token), "placeholder \(token) appears in the template")
        }
    }

    /// The files of `plugin-template/`, sorted by path, without build products.
    static func filesOnDisk() throws -> [TemplateFile] {
        let root = URL(fileURLWithPath: templateDirectory)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        else {
            throw TestSupportError("cannot list \(templateDirectory)")
        }
        var files: [TemplateFile] = []
        for case let url as URL in walker {
            let name = url.lastPathComponent
            if name.hasPrefix(".build") || name == ".swiftpm" {
                walker.skipDescendants()
                continue
            }
            guard name != "Package.resolved", try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true
            else {
                continue
            }
            let path = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
            files.append(TemplateFile(path: path, contents: try String(contentsOf: url, encoding: .utf8)))
        }
        return files.sorted { $0.path < $1.path }
    }

    /// `PluginTemplate+Files.swift` for `files`.
    static func source(for files: [TemplateFile]) -> String {
        var lines = [
            "// Generated from plugin-template/ by `SWITCHBOARD_UPDATE_TEMPLATE=1 swift test --filter PluginTemplateTests`.",
            "// Do not edit: change plugin-template/ and regenerate.",
            "",
            "extension PluginTemplate {",
            "    /// The template's files, sorted by path.",
            "    public static let files: [TemplateFile] = [",
        ]
        for file in files {
            lines += [
                "        TemplateFile(",
                "            path: \"\(file.path)\",",
                "            contents: ##\"\"\"\n\(file.contents)\n\"\"\"##",
                "        ),",
            ]
        }
        lines += ["    ]", "}", ""]
        return lines.joined(separator: "\n")
    }
}
