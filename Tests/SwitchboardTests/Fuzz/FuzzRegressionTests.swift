import Foundation
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// The inputs kept in `Fixtures/FuzzRegressions/<target>/` (crashes the fuzzers of `Fuzz/` found, and seeds that reach
/// deep paths), each fed through the code its fuzz target drives: the SDK's parsers directly, the plugins as the real
/// `.so` files behind a local server or a fake CLI, the configuration reader from the file. Every input must be
/// decoded or refused with the documented error; a trap would end the test process.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let request = ChatRequest(model: "fuzz-model", messages: [.user("Hello")])

    /// The fixture names (`FuzzRegressions/<target>/<file>`) of `target`'s inputs.
    static func inputs(_ target: String) -> [String] {
        let directory = TestSupport.packageRoot + "/Tests/SwitchboardTests/Fixtures/FuzzRegressions/" + target
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { !$0.hasSuffix(".md") }.sorted().map { "FuzzRegressions/\(target)/\($0)" }
    }

    /// The error response the fuzz targets make of an input (`FuzzInput.errorHead` in `Fuzz/Support/FuzzInput.swift`):
    /// a status picked by the input's length, and its first line as `retry-after` (even lengths) or `retry-after-ms`.
    static func errorResponse(_ bytes: [UInt8]) -> (status: Int, response: MockHTTPServer.Response) {
        let statuses = [400, 401, 402, 403, 404, 408, 413, 422, 429, 500, 502, 503, 504, 529]
        let status = statuses[bytes.count / 2 % statuses.count]
        let line = bytes.prefix { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }
        let header = bytes.count.isMultiple(of: 2) ? "retry-after" : "retry-after-ms"
        let headers = [("content-type", "application/json"), (header, String(decoding: line, as: UTF8.self))]
        return (status, MockHTTPServer.Response(status: status, headers: headers, chunks: [.bytes(bytes)]))
    }

    /// Whether a collected stream ended as the taxonomy allows: with `finish`, or with an error.
    static func endedProperly(_ events: [StreamEvent], _ error: ProviderError?) -> Bool {
        if error != nil { return true }
        if case .finish? = events.last { return true }
        return false
    }

    // MARK: SwitchboardKit

    @Test("SSE parser: every cut of the stream yields the same events", arguments: inputs("sse-parser"))
    func serverSentEvents(_ name: String) throws {
        let bytes = try Fixture.bytes(name)
        var whole = ServerSentEventParser()
        let expected = whole.push(bytes)
        var bytewise = ServerSentEventParser()
        #expect(bytes.flatMap { bytewise.push([$0]) } == expected)
    }

    @Test("NDJSON parser: lines, or a server error for an over-long line", arguments: inputs("ndjson-parser"))
    func jsonLines(_ name: String) throws {
        let bytes = try Fixture.bytes(name)
        for limit in [8 * 1024 * 1024, 64] {
            var parser = JSONLinesParser(maximumLineLength: limit)
            do {
                let lines = try parser.push(bytes) + [parser.finish()].compactMap { $0 }
                #expect(lines.allSatisfy { $0.count <= limit && !$0.isEmpty })
            } catch let error as ProviderError {
                #expect(error.kind == .server)
            }
        }
    }

    @Test(
        "JSONParser: a value that writes back to itself, or an error inside the document",
        arguments: inputs("json-parser"))
    func jsonParser(_ name: String) throws {
        let bytes = try Fixture.bytes(name)
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            #expect((0...bytes.count).contains(error.offset))
            return
        }
        var writer = JSONWriter()
        writer.value(value)
        #expect(try JSONParser.parse(writer.bytes) == value)
    }

    @Test(
        "StreamEvent(jsonBytes:): an event that round-trips, or a JSON or shape error",
        arguments: inputs("stream-event"))
    func streamEvent(_ name: String) throws {
        let bytes = try Fixture.bytes(name)
        do {
            let event = try bytes.withUnsafeBytes { try StreamEvent(jsonBytes: $0) }
            let written = event.jsonBytes()
            #expect(try written.withUnsafeBytes { try StreamEvent(jsonBytes: $0) } == event)
        } catch is JSONParser.Error {
        } catch let error as ProviderError {
            #expect(error.kind == .server)
        }
    }

    // MARK: Configuration

    @Test("configuration reader: a configuration, or a ConfigurationError", arguments: inputs("config"))
    func configuration(_ name: String) throws {
        let loader = ConfigurationLoader(
            environment: ["HOME": "/nonexistent/home", "OPENAI_API_KEY": "sk-fuzz-0000000000000000", "FUZZ": "fuzz"],
            currentDirectory: "/nonexistent/fuzz", homeDirectory: "/nonexistent/home")
        do {
            let configuration = try loader.load(file: Fixture.path(name))
            if let profile = configuration.availableProfiles.first {
                _ = try loader.load(file: Fixture.path(name), profile: profile)
            }
        } catch let error as ConfigurationError {
            #expect(!error.description.isEmpty)
        }
    }

    // MARK: HTTP plugins

    /// Serves `name` as a 200 stream of `contentType`, then as an error response, to the bundled plugin `plugin`.
    private func http(
        _ plugin: String, _ name: String, contentType: String,
        settings: @escaping (MockHTTPServer) -> [String: JSONValue]
    ) async throws {
        let stream = try Fixture.response(name, contentType: contentType)
        try await PluginHarness.withProvider(plugin, name: "fuzz", settings: settings, { _ in stream }) { provider, _ in
            let (events, error) = await provider.collect(Self.request)
            #expect(Self.endedProperly(events, error))
        }
        let (status, failure) = Self.errorResponse(try Fixture.bytes(name))
        try await PluginHarness.withProvider(plugin, name: "fuzz", settings: settings, { _ in failure }) {
            provider, _ in
            let (_, error) = await provider.collect(Self.request)
            #expect(error?.httpStatus == status)
        }
    }

    @Test("OpenAI plugin: the input as a stream and as an error body", arguments: inputs("openai"))
    func openAI(_ name: String) async throws {
        try await http("OpenAI", name, contentType: "text/event-stream") { server in
            ["base_url": .string(server.baseURL + "/v1"), "api_key": "sk-fuzz-0000000000000000"]
        }
    }

    @Test("Anthropic plugin: the input as a stream and as an error body", arguments: inputs("anthropic"))
    func anthropic(_ name: String) async throws {
        try await http("Anthropic", name, contentType: "text/event-stream") { server in
            ["base_url": .string(server.baseURL), "api_key": "sk-ant-fuzz-0000000000000000"]
        }
    }

    @Test("Gemini plugin: the input as a stream, as a whole answer and as an error body", arguments: inputs("gemini"))
    func gemini(_ name: String) async throws {
        for streaming in [true, false] {
            try await http("Gemini", name, contentType: streaming ? "text/event-stream" : "application/json") {
                server in
                [
                    "base_url": .string(server.baseURL + "/v1beta"), "api_key": "AIza-fuzz-0000000000000000",
                    "streaming": .bool(streaming),
                ]
            }
        }
    }

    @Test("Ollama plugin: the input as an NDJSON stream and as an error body", arguments: inputs("ollama"))
    func ollama(_ name: String) async throws {
        try await http("Ollama", name, contentType: "application/x-ndjson") { server in
            ["base_url": .string(server.baseURL)]
        }
    }

    // MARK: CLI plugins

    /// Runs the bundled CLI plugin `plugin` against a fake CLI that prints `name` to stdout and exits 0, then against
    /// one that prints it to stderr and exits 1.
    private func cli(_ plugin: String, _ name: String) async throws {
        let path = try Fixture.path(name)
        for (script, fails) in [("cat '\(path)'", false), ("cat '\(path)' >&2\nexit 1", true)] {
            let cli = try FakeCLI(script)
            defer { cli.remove() }
            let provider = try TestSupport.loadPlugin(plugin).makeProvider(
                name: "fuzz", settings: ["path": .string(cli.path)])
            let (events, error) = await provider.collect(Self.request)
            #expect(fails ? error != nil : Self.endedProperly(events, error))
        }
    }

    @Test("Claude Code plugin: the input as the CLI's stdout and as its stderr", arguments: inputs("claude-code"))
    func claudeCode(_ name: String) async throws {
        try await cli("ClaudeCode", name)
    }

    @Test("Gemini CLI plugin: the input as the CLI's stdout and as its stderr", arguments: inputs("gemini-cli"))
    func geminiCLI(_ name: String) async throws {
        try await cli("GeminiCLI", name)
    }
}
