import Foundation
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// The real Ollama plugin `.so`, loaded through the loader, against a local server speaking Ollama's NDJSON API.
@Suite("Ollama plugin over its wire format")
struct OllamaPluginTests {
    let request = ChatRequest(model: "llama3.2", messages: [.user("Say hello")])

    private func withProvider(
        _ handler: @escaping MockHTTPServer.Handler,
        _ body: (any Provider, MockHTTPServer) async throws -> Void
    ) async throws {
        try await BuiltPlugin.withProvider(
            product: "SwitchboardOllamaPlugin", name: "ollama",
            settings: { server in
                ["base_url": .string(server.baseURL), "keep_alive": "10m"]
            }, handler, body)
    }

    private static func ndjson(_ fixture: String) throws -> MockHTTPServer.Response {
        MockHTTPServer.Response(
            status: 200, headers: [("content-type", "application/x-ndjson")],
            chunks: try Fixture.chunks(fixture, size: 53))
    }

    @Test func aStreamedAnswerCarriesTextUsageAndFinish() async throws {
        let response = try Self.ndjson("stream-text.ndjson")
        try await withProvider({ _ in response }) { provider, server in
            let (events, error) = await provider.collect(request)
            #expect(error == nil)
            #expect(
                events.compactMap { if case .textDelta(let text) = $0 { text } else { nil } }.joined() == "Hello there")
            #expect(events.contains(.usage(Usage(inputUncached: 26, outputText: 282))))
            #expect(events.last == .finish(.stop))
            let sent = try #require(server.requests.first)
            #expect(sent.uri == "/api/chat")
            let body = try JSONDecoder().decode(JSONValue.self, from: Data(sent.body))
            #expect(body["stream"] == true)
            #expect(body["keep_alive"] == "10m")
            #expect(body["messages"]?.arrayValue?.first?["content"] == "Say hello")
        }
    }

    @Test func aStreamWithoutItsDoneLineIsAnError() async throws {
        let response = try Self.ndjson("stream-cut.ndjson")
        try await withProvider({ _ in response }) { provider, _ in
            let (events, error) = await provider.collect(request)
            #expect(events.contains(.textDelta("Once upon")))
            let failure = try #require(error)
            #expect(failure.kind == .connection)
            #expect(failure.message.contains("before the answer was complete"))
        }
    }

    @Test func aMissingModelIsNotFound() async throws {
        try await withProvider({ _ in .json(404, #"{"error":"model \"nope\" not found, try pulling it first"}"#) }) {
            provider, _ in
            var missing = request
            missing.model = "nope"
            let (_, error) = await provider.collect(missing)
            #expect(error?.kind == .notFound)
            #expect(error?.httpStatus == 404)
            #expect(error?.message == #"model "nope" not found, try pulling it first"#)
        }
    }

    @Test func aServerErrorIsAServerError() async throws {
        try await withProvider({ _ in .json(500, #"{"error":"llama runner process has terminated"}"#) }) {
            provider, _ in
            let (_, error) = await provider.collect(request)
            #expect(error?.kind == .server)
            #expect(error?.message == "llama runner process has terminated")
        }
    }

    @Test(
        arguments: [
            (
                ["keep_alive": ""],
                #"setting "keep_alive" of provider "broken" must be a duration such as "5m" or a number of seconds; found an empty string"#
            ),
            (
                ["keep_alive": ["5m"]],
                #"setting "keep_alive" of provider "broken" must be a duration such as "5m" or a number of seconds; found an array"#
            ),
            (["base_url": "unix:///tmp/ollama.sock"], #"setting "base_url" of provider "broken""#),
            (["timeout_seconds": 0], #"setting "timeout_seconds" of provider "broken" must be a positive number"#),
        ] as [(JSONValue, String)])
    func badSettingsAreRefusedNamingTheSetting(settings: JSONValue, message: String) throws {
        let plugin = try BuiltPlugin.load(product: "SwitchboardOllamaPlugin")
        #expect {
            try plugin.makeProvider(name: "broken", settings: settings)
        } throws: { error in
            let error = error as? ProviderError
            return error?.kind == .invalidRequest && error?.message.hasPrefix(message) == true
        }
    }

    @Test func anAPIKeyGoesAsABearerTokenAndAnEchoOfItIsRedacted() async throws {
        let key = "ollama-cloud-key-5f1e"
        try await BuiltPlugin.withProvider(
            product: "SwitchboardOllamaPlugin", name: "ollama-cloud",
            settings: { server in ["base_url": .string(server.baseURL), "api_key": .string(key)] },
            { _ in .json(401, #"{"error":"unauthorized: key \#(key) is not valid"}"#) }
        ) { provider, server in
            let (_, error) = await provider.collect(request)
            #expect(server.requests.first?.header("authorization") == "Bearer \(key)")
            #expect(error?.kind == .authentication)
            #expect(error?.httpStatus == 401)
            #expect(error?.message == "unauthorized: key [redacted] is not valid")
        }
    }

    @Test(arguments: [
        (400, #"{"error":"invalid options: num_ctx must be positive"}"#, ProviderError.Kind.invalidRequest),
        (
            400, #"{"error":"prompt is too long: the input exceeds the context length of 2048 tokens"}"#,
            .contextWindowExceeded
        ),
        (429, #"{"error":"too many requests"}"#, .rateLimited),
        (503, #"{"error":"server busy, please try again. maximum pending requests exceeded"}"#, .overloaded),
    ])
    func anHTTPErrorMapsIntoTheTaxonomy(status: Int, body: String, kind: ProviderError.Kind) async throws {
        try await withProvider({ _ in .json(status, body) }) { provider, _ in
            let (_, error) = await provider.collect(request)
            #expect(error?.kind == kind)
            #expect(error?.httpStatus == status)
            #expect(error?.provider == "ollama")
        }
    }

    @Test func anImageByURLIsUnsupportedBeforeAnyNetworkCall() async throws {
        try await withProvider({ _ in .json(200, "{}") }) { provider, server in
            let vision = ChatRequest(
                model: "gemma3",
                messages: [
                    Message(
                        role: .user, content: [.text("What is this?"), .image(.url("https://example.com/cat.png"))])
                ]
            )
            let (_, error) = await provider.collect(vision)
            #expect(error?.kind == .unsupported)
            #expect(server.requests.isEmpty)
        }
    }

    @Test func modelsAreDiscoveredWithTheirContextLength() async throws {
        let tags = try Fixture.text("tags.json")
        let show = try Fixture.text("show-llama.json")
        try await withProvider({ request in
            switch request.uri {
            case "/api/tags": .json(200, tags)
            case "/api/show" where request.bodyText.contains("llama3.2"): .json(200, show)
            default: .json(404, #"{"error":"not found"}"#)
            }
        }) { provider, _ in
            let models = try await provider.models()
            #expect(models.map(\.id).sorted() == ["llama3.2:latest", "qwen2.5-coder:7b"])
            let llama = try #require(models.first { $0.id == "llama3.2:latest" })
            #expect(llama.contextWindow == 131_072)
            #expect(llama.local)
            #expect(llama.capabilities.contains(.tools))
        }
    }
}

// MARK: A whole JSON answer to a streamed request

extension OllamaPluginTests {
    @Test(
        "the single object /api/chat answers without streaming yields the events of the same answer streamed",
        arguments: [("", "application/json; charset=utf-8"), ("\n", "application/json; charset=utf-8"), ("\n", "")]
    )
    func aWholeChatObjectIsDecoded(ending: String, contentType: String) async throws {
        let body = try Fixture.text("chat-text.json") + ending
        let headers = contentType.isEmpty ? [] : [("content-type", contentType)]
        try await withProvider({ _ in MockHTTPServer.Response(status: 200, headers: headers, chunks: [.text(body)]) }) {
            provider, _ in
            let (events, error) = await provider.collect(request)
            #expect(error == nil)
            #expect(
                events == [
                    .start(id: nil, model: "llama3.2"),
                    .textDelta("The sky is blue because of Rayleigh scattering."),
                    .usage(Usage(inputUncached: 26, outputText: 282)),
                    .finish(.stop),
                ]
            )
        }
    }

    @Test(
        "a pretty-printed object with thinking and a tool call is read whole, by its type or by its first line",
        arguments: [[("content-type", "application/json; charset=utf-8")], []]
    )
    func aPrettyPrintedChatObjectIsDecoded(headers: [(String, String)]) async throws {
        let chunks = try Fixture.chunks("chat-tool-call.json", size: 53)
        try await withProvider({ _ in MockHTTPServer.Response(status: 200, headers: headers, chunks: chunks) }) {
            provider, _ in
            let (events, error) = await provider.collect(request)
            #expect(error == nil)
            #expect(
                events == [
                    .start(id: nil, model: "qwen3"),
                    .thinkingDelta(
                        text: "The user asks for the weather in Paris; call get_current_weather.", signature: nil),
                    .toolCallStart(index: 0, id: "call_0", name: "get_current_weather"),
                    .toolCallDelta(index: 0, arguments: #"{"format":"celsius","location":"Paris, FR"}"#),
                    .toolCallEnd(index: 0),
                    .usage(Usage(inputUncached: 122, outputText: 33)),
                    .finish(.toolCalls),
                ]
            )
        }
    }
}
