import Foundation
import Switchboard
import SwitchboardKit
import Testing

/// Every way a plugin file can be broken, each built as a real file, each refused with a message that names the file
/// and the remedy — while the loader goes on with the other plugins.
@Suite("Plugin loader")
struct PluginLoaderTests {
    private func scan(_ directory: String, allowCompilerMismatch: Bool = false) -> PluginLoader.Scan {
        PluginLoader(
            configuration: .init(
                directories: [directory],
                optionalDirectories: [],
                allowCompilerMismatch: allowCompilerMismatch
            )
        ).scan()
    }

    private func withDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
        let directory = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeDirectory(directory) }
        return try await body(directory)
    }

    /// Builds one working C plugin next to a broken file, scans, and returns the broken file's error.
    private func refusal(
        file: String,
        build: (String) throws -> Void,
        allowCompilerMismatch: Bool = false
    ) async throws -> PluginLoadError {
        try await withDirectory { directory in
            let goodID = TestSupport.uniqueID("good")
            try TestSupport.buildCPlugin(
                named: "good-\(goodID).so", in: directory, defines: ["PLUGIN_ID=\"\(goodID)\""])
            try build(directory)
            let result = scan(directory, allowCompilerMismatch: allowCompilerMismatch)
            #expect(result.loaded.map(\.id) == [goodID], "the working plugin beside the broken one still loads")
            let failure = try #require(result.failures.first { $0.path.hasSuffix(file) })
            #expect(result.failures.count == 1)
            #expect(failure.description.hasPrefix("plugin \(directory)/\(file): "))
            return failure
        }
    }

    @Test func aFileThatIsNotAnELFIsRefused() async throws {
        let error = try await refusal(file: "notes.so") { directory in
            try "this is a text file".write(toFile: "\(directory)/notes.so", atomically: true, encoding: .utf8)
        }
        #expect(error.code == .notSharedObject)
        #expect(error.message.contains("expected an ELF shared object"))
        #expect(error.message.contains("remove it from the plugin directory"))
    }

    @Test func anELFWithoutTheEntrySymbolIsRefused() async throws {
        let error = try await refusal(file: "noentry.so") { directory in
            try TestSupport.buildCPlugin(named: "noentry.so", in: directory, defines: ["NO_ENTRY"])
        }
        #expect(error.code == .missingEntryPoint)
        #expect(error.message.contains("expected the entry symbol switchboard_plugin_entry_v1, found none"))
    }

    @Test func anELFWithAnUnresolvedSymbolIsRefusedWithTheLoadersReason() async throws {
        let error = try await refusal(file: "unresolved.so") { directory in
            try TestSupport.buildCPlugin(named: "unresolved.so", in: directory, defines: ["UNRESOLVED"])
        }
        #expect(error.code == .loadFailed)
        #expect(error.message.contains("switchboard_symbol_that_does_not_exist"))
    }

    @Test func anEntryReturningNullIsRefused() async throws {
        let error = try await refusal(file: "null.so") { directory in
            try TestSupport.buildCPlugin(named: "null.so", in: directory, defines: ["RETURN_NULL"])
        }
        #expect(error.code == .entryReturnedNull)
        #expect(error.message.contains("returned NULL"))
        #expect(error.message.contains("ABI 1.3"))
    }

    @Test func aTableOfAnotherABIMajorIsRefused() async throws {
        let error = try await refusal(file: "major2.so") { directory in
            try TestSupport.buildCPlugin(named: "major2.so", in: directory, defines: ["ABI_MAJOR=2", "ABI_MINOR=0"])
        }
        #expect(error.code == .abiMismatch)
        #expect(
            error.message == "expected Switchboard ABI 1.x, found 2.0; rebuild the plugin against Switchboard ABI 1.x")
    }

    @Test func aPluginExportingOnlyAnotherMajorsEntryIsRefused() async throws {
        let error = try await refusal(file: "v2only.so") { directory in
            try TestSupport.buildCPlugin(
                named: "v2only.so",
                in: directory,
                defines: ["ENTRY_NAME=switchboard_plugin_entry_v2"]
            )
        }
        #expect(error.code == .abiMismatch)
        #expect(error.message.contains("found a plugin for ABI 2 (it exports switchboard_plugin_entry_v2)"))
    }

    @Test func aTableSmallerThanItsDeclaredVersionRequiresIsRefused() async throws {
        let error = try await refusal(file: "small.so") { directory in
            try TestSupport.buildCPlugin(
                named: "small.so",
                in: directory,
                defines: ["ABI_MINOR=1", "STRUCT_SIZE=SWB_PLUGIN_API_SIZE_V1_0"]
            )
        }
        #expect(error.code == .tableTooSmall)
        #expect(error.message.contains("ABI 1.1 requires a plugin table of at least 72 bytes, found 56"))
    }

    @Test func anOlderMinorLoadsAndUsesOnlyWhatThatMinorHad() async throws {
        try await withDirectory { directory in
            let id = TestSupport.uniqueID("older")
            let path = try TestSupport.buildCPlugin(
                named: "older.so",
                in: directory,
                defines: ["PLUGIN_ID=\"\(id)\"", "ABI_MINOR=0", "STRUCT_SIZE=SWB_PLUGIN_API_SIZE_V1_0"]
            )
            let plugin = try PluginLoader(configuration: .init(optionalDirectories: [])).load(path).get()
            #expect(plugin.abiVersion.major == 1 && plugin.abiVersion.minor == 0)
            #expect(plugin.swiftCompiler == nil)
            let provider = try plugin.makeProvider(name: "older")
            // ABI 1.0 has no list_models or check_health: the catalog and "assumed available" stand in.
            #expect(try await provider.models().map(\.id) == ["c-model"])
            #expect(await provider.health().status == .ok)
            let response = try await provider.complete(ChatRequest(model: "c-model", messages: [.user("hi")]))
            #expect(response.text == "hello from C")
            // Nor embed: the fixture sets it past the 56 bytes the table declares, and the host does not read it.
            let error = await #expect(throws: ProviderError.self) {
                try await provider.embed(EmbeddingRequest(model: "c-embed", inputs: ["hi"]))
            }
            #expect(error?.kind == .unsupported)
            #expect(error?.message.contains("(ABI 1.0) has no embeddings") == true)
        }
    }

    @Test func aCurrentMinorPluginAnswersDiscoveryAndHealth() async throws {
        try await withDirectory { directory in
            let id = TestSupport.uniqueID("current")
            let path = try TestSupport.buildCPlugin(
                named: "current.so", in: directory, defines: ["PLUGIN_ID=\"\(id)\""])
            let provider = try PluginLoader(configuration: .init(optionalDirectories: [])).load(path).get()
                .makeProvider(name: "current")
            #expect(try await provider.models().map(\.id) == ["c-live-model"])
            let health = await provider.health()
            #expect(health.status == .degraded)
            #expect(health.message == "C says degraded")
        }
    }

    @Test func aCurrentMinorPluginAnswersEmbeddings() async throws {
        try await withDirectory { directory in
            let id = TestSupport.uniqueID("embedder")
            let path = try TestSupport.buildCPlugin(
                named: "embedder.so", in: directory, defines: ["PLUGIN_ID=\"\(id)\""])
            let provider = try PluginLoader(configuration: .init(optionalDirectories: [])).load(path).get()
                .makeProvider(name: "embedder")
            let response = try await provider.embed(EmbeddingRequest(model: "c-embed", inputs: ["hi"]))
            #expect(response.embeddings == [[1, 0.5]])
            #expect(response.usage == Usage(inputUncached: 2))
            #expect(response.provider == "embedder")
        }
    }

    @Test func anABI1_2PluginKeepsLoadingAndHasNoEmbeddings() async throws {
        try await withDirectory { directory in
            let id = TestSupport.uniqueID("minor2")
            // A real 1.2 table: 80 bytes, minor 2. The fixture sets `embed` past its end anyway; the host must not
            // read it.
            let path = try TestSupport.buildCPlugin(
                named: "minor2.so",
                in: directory,
                defines: ["PLUGIN_ID=\"\(id)\"", "ABI_MINOR=2", "STRUCT_SIZE=SWB_PLUGIN_API_SIZE_V1_2"]
            )
            let plugin = try PluginLoader(configuration: .init(optionalDirectories: [])).load(path).get()
            #expect(plugin.abiVersion.major == 1 && plugin.abiVersion.minor == 2)
            let provider = try plugin.makeProvider(name: "minor2")
            let answer = try await provider.complete(ChatRequest(model: "c-model", messages: [.user("hi")]))
            #expect(answer.text == "hello from C")
            let error = await #expect(throws: ProviderError.self) {
                try await provider.embed(EmbeddingRequest(model: "c-embed", inputs: ["hi"]))
            }
            #expect(error?.kind == .unsupported)
            #expect(error?.provider == "minor2")
            #expect(
                error?.message
                    == "plugin \(path) (ABI 1.2) has no embeddings; they need a plugin built against Switchboard ABI 1.3 "
                    + "that implements them")
        }
    }

    @Test func anABI1_3TableOfTheOldSizeIsRefused() async throws {
        let error = try await refusal(file: "short13.so") { directory in
            try TestSupport.buildCPlugin(
                named: "short13.so", in: directory, defines: ["ABI_MINOR=3", "STRUCT_SIZE=SWB_PLUGIN_API_SIZE_V1_2"])
        }
        #expect(error.code == .tableTooSmall)
        #expect(error.message.contains("ABI 1.3 requires a plugin table of at least 88 bytes, found 80"))
    }

    @Test(arguments: [
        ("not json", "the manifest is not valid"),
        (#"{"name":"x"}"#, "missing key \"id\""),
        (#"{"id":"Bad ID","version":"1"}"#, "\"id\" must be lowercase letters"),
        (
            #"{"id":"neg","version":"1","models":[{"id":"m","pricing":{"input":-1,"output":1}}]}"#,
            "models[0].pricing.input must be a non-negative number; found -1.0"
        ),
        (#"{"id":"dupm","version":"1","models":[{"id":"m"},{"id":"m"}]}"#, "models[1].id \"m\" appears twice"),
        (
            #"{"id":"ctx","version":"1","models":[{"id":"m","context_window":0}]}"#,
            "models[0].context_window must be positive"
        ),
    ])
    func anInvalidManifestIsRefused(manifest: String, expected: String) async throws {
        let escaped = manifest.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        let error = try await refusal(file: "manifest.so") { directory in
            try TestSupport.buildCPlugin(named: "manifest.so", in: directory, defines: ["MANIFEST=\"\(escaped)\""])
        }
        #expect(error.code == .invalidManifest)
        #expect(error.message.contains(expected), "\(error.message)")
        #expect(error.message.contains("docs/plugin-abi.md"))
    }

    @Test func twoPluginsWithTheSameIDLoadOnlyTheFirst() async throws {
        try await withDirectory { directory in
            let id = TestSupport.uniqueID("twin")
            try TestSupport.buildCPlugin(named: "a-twin.so", in: directory, defines: ["PLUGIN_ID=\"\(id)\""])
            try TestSupport.buildCPlugin(named: "b-twin.so", in: directory, defines: ["PLUGIN_ID=\"\(id)\""])
            let result = scan(directory)
            #expect(result.loaded.map(\.path) == ["\(directory)/a-twin.so"])
            let failure = try #require(result.failures.first)
            #expect(failure.code == .duplicateID)
            #expect(failure.path == "\(directory)/b-twin.so")
            #expect(failure.message.contains("plugin id \"\(id)\" is already provided by \(directory)/a-twin.so"))
        }
    }

    @Test func aPluginBuiltByAnotherSwiftCompilerIsRefused() async throws {
        let error = try await refusal(file: "oldswift.so") { directory in
            try TestSupport.buildCPlugin(named: "oldswift.so", in: directory, defines: ["SWIFT_COMPILER=\"5.9\""])
        }
        #expect(error.code == .compilerMismatch)
        #expect(error.message.contains("expected a plugin built with Swift \(SwiftCompiler.version)"))
        #expect(error.message.contains("built with Swift 5.9"))
        #expect(error.message.contains("rebuild the plugin with Swift \(SwiftCompiler.version)"))
    }

    @Test func aCompilerMismatchLoadsWithAWarningWhenAllowed() async throws {
        try await withDirectory { directory in
            let id = TestSupport.uniqueID("allowed")
            try TestSupport.buildCPlugin(
                named: "allowed.so",
                in: directory,
                defines: ["PLUGIN_ID=\"\(id)\"", "SWIFT_COMPILER=\"5.8\""]
            )
            let result = scan(directory, allowCompilerMismatch: true)
            let plugin = try #require(result.loaded.first)
            #expect(plugin.swiftCompiler == "5.8")
            #expect(plugin.warnings.first?.contains("loaded anyway") == true)
        }
    }

    @Test func anUnreadableFileIsRefused() async throws {
        let error = try await refusal(file: "dangling.so") { directory in
            try FileManager.default.createSymbolicLink(
                atPath: "\(directory)/dangling.so", withDestinationPath: "/nonexistent/plugin.so")
        }
        #expect(error.code == .unreadable)
        #expect(error.message.contains("cannot read the file: No such file or directory"))
    }

    @Test(.enabled(if: getuid() != 0, "root reads files whatever their mode"))
    func aFileWithoutReadPermissionIsRefused() async throws {
        let error = try await refusal(file: "secret.so") { directory in
            let path = try TestSupport.buildCPlugin(named: "secret.so", in: directory)
            chmod(path, 0)
        }
        #expect(error.code == .unreadable)
        #expect(error.message.contains("Permission denied"))
    }

    @Test func aMissingDirectoryIsReportedAndTheOthersStillLoad() async throws {
        try await withDirectory { directory in
            let id = TestSupport.uniqueID("present")
            try TestSupport.buildCPlugin(named: "present.so", in: directory, defines: ["PLUGIN_ID=\"\(id)\""])
            let result = PluginLoader(
                configuration: .init(
                    directories: ["/nonexistent/plugins", directory], optionalDirectories: ["/also/missing"])
            ).scan()
            #expect(result.loaded.map(\.id) == [id])
            #expect(result.failures.count == 1, "a missing optional (default) directory is not an error")
            let failure = try #require(result.failures.first)
            #expect(failure.code == .directoryNotFound)
            #expect(
                failure.description
                    == "plugin /nonexistent/plugins: the plugin directory does not exist; create it, or remove it from plugins.directories"
            )
        }
    }

    @Test func oneFileIsNeverLoadedTwice() async throws {
        try await withDirectory { directory in
            let id = TestSupport.uniqueID("once")
            let path = try TestSupport.buildCPlugin(named: "once.so", in: directory, defines: ["PLUGIN_ID=\"\(id)\""])
            try FileManager.default.createSymbolicLink(atPath: "\(directory)/link.so", withDestinationPath: path)
            let loader = PluginLoader(configuration: .init(optionalDirectories: []))
            let first = try loader.load(path).get()
            let second = try loader.load("\(directory)/link.so").get()
            #expect(first === second)
            let result = scan(directory)
            #expect(result.loaded.count == 1, "the symlink is the same file: one plugin, no duplicate-id error")
            #expect(result.failures.isEmpty)
        }
    }

    @Test func disabledPluginsAreNotOpened() async throws {
        try await withDirectory { directory in
            try "not even an ELF".write(
                toFile: "\(directory)/libSwitchboardSkippedPlugin.so", atomically: true, encoding: .utf8)
            let result = PluginLoader(
                configuration: .init(directories: [directory], optionalDirectories: [], isEnabled: { $0 != "skipped" })
            ).scan()
            #expect(result.skipped == ["\(directory)/libSwitchboardSkippedPlugin.so"])
            #expect(result.failures.isEmpty, "a disabled file is never opened, so its brokenness is never seen")
        }
    }

    @Test(arguments: [
        ("libSwitchboardOpenAIPlugin.so", "openai"),
        ("libSwitchboardOllamaPlugin.so", "ollama"),
        ("my-provider.so", "my-provider"),
        ("libfoo.so", "foo"),
    ])
    func pluginIDsFollowFromFileNames(fileName: String, id: String) {
        #expect(PluginLoader.pluginID(forFileName: fileName) == id)
    }

    @Test func theBundledPluginsLoadFromTheBuildDirectory() async throws {
        for name in ["OpenAI", "Ollama", "Echo"] {
            let plugin = try TestSupport.loadPlugin(name)
            #expect(plugin.id == PluginLoader.pluginID(forFileName: "libSwitchboard\(name)Plugin.so"))
            #expect(plugin.swiftCompiler == SwiftCompiler.version)
            #expect(plugin.abiVersion.major == 1)
        }
    }
}
