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
        // SwitchboardKit's ChildProcess, not Foundation's Process: it reaps its child on a thread of its own, while
        // Foundation's waitUntilExit was seen (under the thread sanitizer, with many children ending at once) to wait
        // for ever on a cc that had exited.
        let compiler = try ChildProcess.spawn(
            ChildProcess.Configuration(
                executable: "/usr/bin/env",
                arguments: [
                    "cc", "-shared", "-fPIC", "-o", output, "-I", packageRoot + "/Sources/SwitchboardABI/include",
                ]
                    + defines.map { "-D" + $0 } + [packageRoot + "/Tests/SwitchboardTests/Fixtures/c_plugin.c"],
                standardInput: .nullDevice, standardOutput: .nullDevice, standardError: .pipe,
                teardown: .gracefulShutdown(allowedDuration: .seconds(5))))
        let errors = FileHandle(fileDescriptor: compiler.standardError!, closeOnDealloc: true).readDataToEndOfFile()
        guard compiler.waitUntilExit() == .exited(0) else {
            throw TestSupportError("cc failed for \(name): \(String(decoding: errors, as: UTF8.self))")
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
