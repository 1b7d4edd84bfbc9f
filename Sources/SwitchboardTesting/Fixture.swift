import Foundation

/// Recorded transcripts kept beside the tests that replay them, in a `Fixtures` directory.
///
/// This is the one fixture lookup of the package and of the plugins made from its template: a name is looked up in
/// the `Fixtures` directory of the calling test file's directory, then of each of its parents, so a test target finds
/// its own fixtures wherever it lives (`Plugins/OpenAI/Tests/Fixtures/`, `Tests/AcmePluginTests/Fixtures/`). An
/// absolute path is taken as it is. Declare the directory as `exclude: ["Fixtures"]` of the test target.
/// ```swift
/// let stream = try Fixture.response("stream-text.sse", contentType: "text/event-stream")
/// ```
public enum Fixture {
    /// The absolute path of the fixture `name`.
    /// - Parameters:
    ///   - name: a path relative to a `Fixtures` directory (e.g. `stream-text.sse`), or an absolute path.
    ///   - file: the calling test file, whose directory the search starts at.
    /// - Returns: the path of the first `Fixtures/<name>` found walking up from the directory of `file`.
    /// - Throws: ``FixtureError`` naming the fixture and the directories searched when none has it.
    public static func path(_ name: String, file: StaticString = #filePath) throws -> String {
        if name.hasPrefix("/") {
            guard FileManager.default.fileExists(atPath: name) else {
                throw FixtureError("missing fixture \(name); record it there or correct the path")
            }
            return name
        }
        var directory = URL(fileURLWithPath: "\(file)").deletingLastPathComponent()
        var searched: [String] = []
        while true {
            let candidate = directory.appendingPathComponent("Fixtures").appendingPathComponent(name).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            searched.append(directory.appendingPathComponent("Fixtures").path)
            if directory.path == "/" { break }
            directory = directory.deletingLastPathComponent()
        }
        throw FixtureError(
            "missing fixture \(name): no Fixtures directory beside \(file) or above it has it (searched "
                + "\(searched.prefix(3).joined(separator: ", ")), …); record it in the test target's Fixtures directory"
        )
    }

    /// The bytes of the fixture `name` (see ``path(_:file:)``).
    public static func bytes(_ name: String, file: StaticString = #filePath) throws -> [UInt8] {
        let path = try path(name, file: file)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FixtureError("fixture \(path) exists but cannot be read; check its permissions")
        }
        return Array(data)
    }

    /// The text of the fixture `name` (see ``path(_:file:)``).
    public static func text(_ name: String, file: StaticString = #filePath) throws -> String {
        String(decoding: try bytes(name, file: file), as: UTF8.self)
    }

    /// The fixture `name` cut into chunks of `size` bytes, so parsers meet every kind of boundary.
    public static func chunks(_ name: String, size: Int = 37, file: StaticString = #filePath) throws
        -> [MockHTTPServer.Step]
    {
        let bytes = try bytes(name, file: file)
        return stride(from: 0, to: bytes.count, by: size).map { .bytes(Array(bytes[$0..<min($0 + size, bytes.count)])) }
    }

    /// A 200 response of `content-type` `contentType` whose body is the fixture `name` in chunks of `size` bytes.
    public static func response(
        _ name: String, contentType: String, size: Int = 37, file: StaticString = #filePath
    ) throws -> MockHTTPServer.Response {
        MockHTTPServer.Response(
            status: 200, headers: [("content-type", contentType)], chunks: try chunks(name, size: size, file: file))
    }
}

/// A fixture is not where the test looks for it.
public struct FixtureError: Error, CustomStringConvertible {
    /// What is missing, where it was looked for, and what to do.
    public var description: String

    init(_ description: String) { self.description = description }
}
