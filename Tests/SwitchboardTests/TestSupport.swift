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

    /// A unique plugin id, so tests sharing the process-wide loader never collide.
    static func uniqueID(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }
}

struct TestSupportError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Transcripts of vendors' wire formats, kept beside the tests.
enum Fixture {
    /// The bytes of `Fixtures/<name>`.
    static func bytes(_ name: String) throws -> [UInt8] {
        let path = TestSupport.packageRoot + "/Tests/SwitchboardTests/Fixtures/" + name
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TestSupportError("missing fixture \(path)")
        }
        return Array(data)
    }

    /// The text of `Fixtures/<name>`.
    static func text(_ name: String) throws -> String {
        String(decoding: try bytes(name), as: UTF8.self)
    }

    /// A 200 response of `content-type` `contentType` whose body is `Fixtures/<name>` in chunks of `size` bytes.
    static func response(_ name: String, contentType: String, size: Int = 37) throws -> MockHTTPServer.Response {
        MockHTTPServer.Response(
            status: 200, headers: [("content-type", contentType)], chunks: try chunks(name, size: size))
    }

    /// `Fixtures/<name>` cut into chunks of `size` bytes, so parsers meet every kind of boundary.
    static func chunks(_ name: String, size: Int = 37) throws -> [MockHTTPServer.Step] {
        let bytes = try bytes(name)
        return stride(from: 0, to: bytes.count, by: size).map { .bytes(Array(bytes[$0..<min($0 + size, bytes.count)])) }
    }
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
        let server = try await MockHTTPServer.start(handler)
        do {
            let provider = try TestSupport.loadPlugin(plugin).makeProvider(
                name: name, settings: .object(settings(server)))
            try await body(provider, server)
        } catch {
            try await server.shutdown()
            throw error
        }
        try await server.shutdown()
    }
}

/// A fake CLI: a bash script in a fresh temporary directory that records its arguments, stdin, working directory
/// and PID there (`$dir` in the body names the directory), then runs `body`.
struct FakeCLI {
    let directory: String
    var path: String { directory + "/cli" }

    /// Writes the script; with `readingInput` false it leaves stdin unread.
    init(_ body: String, readingInput: Bool = true) throws {
        directory = try TestSupport.makeTemporaryDirectory()
        let script = """
            #!/bin/bash
            dir='\(directory)'
            echo $$ > "$dir/pid.partial" && mv "$dir/pid.partial" "$dir/pid"
            printf '%s\\0' "$@" > "$dir/argv"
            pwd > "$dir/cwd"
            \(readingInput ? #"cat > "$dir/stdin""# : "")
            \(body)

            """
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
    }

    /// The absolute path of `Fixtures/<name>`.
    static func fixture(_ name: String) -> String {
        TestSupport.packageRoot + "/Tests/SwitchboardTests/Fixtures/" + name
    }

    /// The arguments the CLI received, in order.
    func arguments() throws -> [String] {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: directory + "/argv"))
        return bytes.split(separator: 0, omittingEmptySubsequences: false).dropLast().map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    /// What the CLI read from stdin.
    func stdin() throws -> String {
        try String(contentsOfFile: directory + "/stdin", encoding: .utf8)
    }

    /// The directory the CLI ran in.
    func workingDirectory() throws -> String {
        try String(contentsOfFile: directory + "/cwd", encoding: .utf8).trimmingCharacters(in: .newlines)
    }

    /// The CLI's PID, once it has started.
    func pid() -> pid_t? { Self.readPID(directory + "/pid") }

    /// The PID of the CLI's own child, for bodies that write it to `$dir/grandchild`.
    func grandchild() -> pid_t? { Self.readPID(directory + "/grandchild") }

    func remove() { TestSupport.removeDirectory(directory) }

    /// Whether `pid` is a live process (not gone, not a zombie waiting for a parent that is not ours).
    static func isRunning(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return stat[stat.index(close, offsetBy: 2)] != "Z"
    }

    private static func readPID(_ file: String) -> pid_t? {
        (try? String(contentsOfFile: file, encoding: .utf8)).flatMap {
            pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}
