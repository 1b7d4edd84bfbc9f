import Foundation
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// One request, every plugin: what each accepts, and what each refuses before it touches the network.
@Suite("Every plugin, one request")
struct CrossPluginTests {
    /// System prompt, user text and an inline image, and a tool: what every HTTP plugin here supports.
    static let request = ChatRequest(
        model: "m",
        messages: [
            .system("You are terse."),
            Message(
                role: .user,
                content: [
                    .text("What is in this picture?"), .image(.base64(data: "iVBORw0KGgo=", mediaType: "image/png")),
                ]),
        ],
        tools: [
            ToolDefinition(
                name: "describe",
                description: "Describe an object",
                parameters: ["type": "object", "properties": ["name": ["type": "string"]], "required": ["name"]]
            )
        ],
        maxOutputTokens: 100
    )

    /// An HTTP plugin with the settings and the streamed answer of its own wire format.
    struct HTTPPlugin: Sendable, CustomTestStringConvertible {
        let library: String
        let model: String
        let fixture: String
        let contentType: String
        let settings: @Sendable (String) -> JSONValue
        var testDescription: String { library }
    }

    static let httpPlugins = [
        HTTPPlugin(
            library: "OpenAI", model: "gpt-6.1-terra", fixture: "stream-text.sse", contentType: "text/event-stream"
        ) {
            ["base_url": .string($0 + "/v1"), "api_key": "k"]
        },
        HTTPPlugin(
            library: "Anthropic", model: "claude-sonnet-5-5", fixture: "stream-text.sse",
            contentType: "text/event-stream"
        ) {
            ["base_url": .string($0), "api_key": "k"]
        },
        HTTPPlugin(
            library: "Gemini", model: "gemini-2.5-flash", fixture: "stream-text.sse", contentType: "text/event-stream"
        ) {
            ["base_url": .string($0 + "/v1beta"), "api_key": "k"]
        },
        HTTPPlugin(
            library: "Ollama", model: "gemma3", fixture: "stream-text.ndjson", contentType: "application/x-ndjson"
        ) {
            ["base_url": .string($0)]
        },
    ]

    @Test("the same request with system, image and tools is accepted", arguments: httpPlugins)
    func sameRequestAccepted(plugin: HTTPPlugin) async throws {
        let chunks = try Fixture.chunks(TestSupport.pluginFixture(plugin.library, plugin.fixture))
        let server = try await MockHTTPServer.start { _ in
            MockHTTPServer.Response(status: 200, headers: [("content-type", plugin.contentType)], chunks: chunks)
        }
        defer { Task { try await server.shutdown() } }
        let provider = try TestSupport.loadPlugin(plugin.library).makeProvider(
            name: "p", settings: plugin.settings(server.baseURL))
        var request = Self.request
        request.model = plugin.model
        let answer = try await provider.complete(request)
        #expect(!answer.text.isEmpty)
        #expect(answer.finishReason == .stop)
        #expect(server.requests.count == 1)
        let body = try #require(server.requests.first).bodyText
        #expect(body.contains("iVBORw0KGgo="), "the image reached the wire")
        #expect(body.contains("describe"), "the tool reached the wire")
        #expect(body.contains("You are terse."), "the system prompt reached the wire")
    }

    /// A feature a plugin cannot serve, refused as `unsupported` before any request leaves.
    struct Refusal: Sendable, CustomTestStringConvertible {
        let library: String
        let why: String
        let request: ChatRequest
        var testDescription: String { "\(library): \(why)" }
    }

    static let refusals = [
        Refusal(
            library: "Ollama",
            why: "an image by URL",
            request: ChatRequest(
                model: "gemma3", messages: [Message(role: .user, content: [.image(.url("https://example.com/a.png"))])])
        ),
        Refusal(
            library: "Anthropic",
            why: "a JSON-schema answer",
            request: ChatRequest(
                model: "claude-sonnet-5-5", messages: [.user("x")],
                responseFormat: .jsonSchema(name: "a", schema: ["type": "object"], strict: true))
        ),
        Refusal(
            library: "Gemini",
            why: "an image URL of no known type",
            request: ChatRequest(
                model: "gemini-2.5-flash",
                messages: [Message(role: .user, content: [.image(.url("ftp://example.com/a"))])])
        ),
    ]

    @Test("an unsupported feature is refused before any network call", arguments: refusals)
    func unsupportedBeforeNetwork(refusal: Refusal) async throws {
        let server = try await MockHTTPServer.start { _ in .json(500, #"{"error":"must not be called"}"#) }
        defer { Task { try await server.shutdown() } }
        let base = refusal.library == "Gemini" ? server.baseURL + "/v1beta" : server.baseURL
        let provider = try TestSupport.loadPlugin(refusal.library).makeProvider(
            name: "p", settings: ["base_url": .string(base), "api_key": "k"])
        let (_, error) = await provider.collect(refusal.request)
        #expect(error?.kind == .unsupported, "\(String(describing: error))")
        #expect(server.requests.isEmpty)
    }

    @Test("the CLI plugins refuse tools and images before starting the CLI", arguments: ["ClaudeCode", "GeminiCLI"])
    func cliPluginsRefuseBeforeSpawning(library: String) async throws {
        let directory = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let marker = directory + "/spawned"
        let script = directory + "/fake-cli"
        try "#!/bin/sh\ntouch \(marker)\n".write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        let provider = try TestSupport.loadPlugin(library).makeProvider(
            name: "cli", settings: ["path": .string(script)])
        let (_, error) = await provider.collect(Self.request)
        #expect(error?.kind == .unsupported)
        #expect(!FileManager.default.fileExists(atPath: marker), "the CLI was never started")
    }
}
