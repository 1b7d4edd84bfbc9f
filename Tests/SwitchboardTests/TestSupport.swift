import Foundation
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Where the tests find what they need: the built plugins, the ABI header, fixtures, a C compiler.
enum TestSupport {
    /// The package root.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The directory `swift build` put the plugin `.so` files in: the test bundle's own directory
    /// (``BuiltPlugin/buildDirectory(containing:)``), or `.build/debug` under the package root when nothing was built
    /// yet (the tests that need it then say so).
    static let buildDirectory: String =
        (try? BuiltPlugin.buildDirectory(containing: "libSwitchboardEchoPlugin.so")) ?? packageRoot + "/.build/debug"

    /// The path of a bundled plugin, e.g. `plugin("OpenAI")` → `…/libSwitchboardOpenAIPlugin.so`.
    static func plugin(_ name: String) throws -> String {
        let path = "\(buildDirectory)/libSwitchboard\(name)Plugin.so"
        guard FileManager.default.fileExists(atPath: path) else {
            throw TestSupportError(
                "\(path) does not exist: run `swift build` before `swift test` (the README's test command does)")
        }
        return path
    }

    /// Loads a bundled plugin through the real loader.
    static func loadPlugin(_ name: String) throws -> LoadedPlugin {
        let path = try plugin(name)
        return try PluginLoader(configuration: .init(optionalDirectories: [])).load(path).get()
    }

    /// A fresh temporary directory, removed by the caller with ``removeDirectory(_:)``.
    static func makeTemporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "switchboard-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func removeDirectory(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Compiles the C test plugin (`Fixtures/c_plugin.c`) into `directory/name` with `defines`.
    @discardableResult
    static func buildCPlugin(named name: String, in directory: String, defines: [String] = []) throws -> String {
        let output = "\(directory)/\(name)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["cc", "-shared", "-fPIC", "-o", output, "-I", packageRoot + "/Sources/SwitchboardABI/include"]
            + defines.map { "-D" + $0 } + [packageRoot + "/Tests/SwitchboardTests/Fixtures/c_plugin.c"]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw TestSupportError("cc failed for \(name): \(message)")
        }
        return output
    }

    /// The absolute path of the recorded transcript `name` of the bundled plugin `plugin`, kept beside that plugin's
    /// tests (`Plugins/<plugin>/Tests/Fixtures/<name>`), for ``Fixture`` (SwitchboardTesting).
    static func pluginFixture(_ plugin: String, _ name: String) -> String {
        packageRoot + "/Plugins/\(plugin)/Tests/Fixtures/" + name
    }

    /// A unique plugin id, so tests sharing the process-wide loader never collide.
    static func uniqueID(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }
}

struct TestSupportError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs a bundled HTTP plugin against a ``MockHTTPServer``.
enum PluginHarness {
    /// Starts a server answering with `handler`, creates a provider of the bundled plugin `plugin` (e.g. `OpenAI`)
    /// named `name` with the settings `settings` makes for that server, runs `body`, and shuts the server down
    /// whether or not `body` throws.
    static func withProvider(
        _ plugin: String,
        name: String,
        settings: (MockHTTPServer) -> [String: JSONValue],
        _ handler: @escaping MockHTTPServer.Handler,
        _ body: (any Provider, MockHTTPServer) async throws -> Void
    ) async throws {
        try await BuiltPlugin.withProvider(
            product: "Switchboard\(plugin)Plugin", name: name, settings: settings, handler, body)
    }
}
