import Foundation
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// The real Gemini plugin `.so`, loaded through the loader, against a local server speaking the Gemini API's wire
/// format (`generativelanguage` v1beta).
@Suite("Gemini plugin over its wire format")
struct GeminiPluginTests {
    static let apiKey = "AIzaSyTest-secret-key-0000000000001234"
    let request = ChatRequest(model: "gemini-2.5-flash", messages: [.user("Say hello")], maxOutputTokens: 64)

    private func withProvider(
        settings extra: [String: JSONValue] = [:],
        _ handler: @escaping MockHTTPServer.Handler,
        _ body: (any Provider, MockHTTPServer) async throws -> Void
    ) async throws {
        try await BuiltPlugin.withProvider(
            product: "SwitchboardGeminiPlugin", name: "gemini",
            settings: { server in
                ["base_url": .string(server.baseURL + "/v1beta"), "api_key": .string(Self.apiKey)]
                    .merging(extra) { _, new in new }
            }, handler, body)
    }

    private static func sse(_ fixture: String) throws -> MockHTTPServer.Response {
        MockHTTPServer.Response(
            status: 200, headers: [("content-type", "text/event-stream")], chunks: try Fixture.chunks(fixture))
    }

    private static func sentBody(_ server: MockHTTPServer, _ index: Int = 0) throws -> JSONValue {
        let requests = server.requests
        try #require(requests.count > index)
        return try JSONDecoder().decode(JSONValue.self, from: Data(requests[index].body))
    }

    @Test func aStreamedAnswerCarriesTextUsageWithCachedAndThoughtTokensAndFinish() async throws {
        let response = try Self.sse("stream-text.sse")
        try await withProvider({ _ in response }) { provider, server in
            let (events, error) = await provider.collect(request)
            #expect(error == nil)
            #expect(events.first == .start(id: "ZXJ0aGx0cmVzcG9uc2UxMjM", model: "gemini-2.5-flash"))
            #expect(events.filter { if case .start = $0 { true } else { false } }.count == 1)
            let text = events.compactMap { if case .textDelta(let text) = $0 { text } else { nil } }.joined()
            #expect(text == "Hello, world!")
            #expect(
                events.contains(
                    .usage(Usage(inputUncached: 186, inputCacheRead: 1024, outputText: 4, outputReasoning: 48))),
                "usage comes from the last usageMetadata: prompt minus cached, candidates, thoughts"
            )
            #expect(events.last == .finish(.stop))

            let sent = try #require(server.requests.first)
            #expect(sent.method == "POST")
            #expect(sent.uri == "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse")
            let body = try Self.sentBody(server)
            #expect(body["contents"] == [["role": "user", "parts": [["text": "Say hello"]]]])
            #expect(body["generationConfig"] == ["maxOutputTokens": 64])
            #expect(body["systemInstruction"] == nil)
            #expect(body["model"] == nil, "the model goes in the URL, not the body")
        }
    }

    @Test func completeFetchesTheWholeAnswerWithGenerateContent() async throws {
        let answer = try Fixture.text("generate-content.json")
        try await withProvider(settings: ["streaming": false], { _ in .json(200, answer) }) { provider, server in
            let response = try await provider.complete(
                ChatRequest(model: "gemini-2.5-flash-lite", messages: [.user("What is the capital of France?")])
            )
            #expect(response.text == "Paris is the capital of France.")
            #expect(response.id == "gc-6OJoaKWIBuSfvdIP3sT5sQ8")
            #expect(response.model == "gemini-2.5-flash-lite")
            #expect(response.provider == "gemini")
            #expect(response.finishReason == .stop)
            #expect(response.usage == Usage(inputUncached: 11, outputText: 7, outputReasoning: 25))
            let sent = try #require(server.requests.first)
            #expect(sent.uri == "/v1beta/models/gemini-2.5-flash-lite:generateContent")
            try #expect(Self.sentBody(server)["contents"]?.arrayValue?.count == 1)
        }
    }

    @Test func aFunctionCallIsAssembledAndTheToolsAndToolConfigAreSent() async throws {
        let response = try Self.sse("stream-function-call.sse")
        try await withProvider({ _ in response }) { provider, server in
            var toolRequest = request
            toolRequest.tools = [
                ToolDefinition(
                    name: "get_weather",
                    description: "Weather for a city",
                    parameters: [
                        "$schema": "http://json-schema.org/draft-07/schema#",
                        "type": "object",
                        "additionalProperties": false,
                        "properties": [
                            "location": ["type": "string", "format": "uri-reference", "description": "The city"],
                            "unit": ["type": ["string", "null"], "enum": ["celsius", "fahrenheit"]],
                        ],
                        "required": ["location"],
                    ]
                )
            ]
            toolRequest.toolChoice = .tool("get_weather")
            let answer = try await provider.complete(toolRequest)
            #expect(
                answer.toolCalls == [
                    ToolCall(id: "call_0", name: "get_weather", arguments: #"{"location":"Paris","unit":"celsius"}"#)
                ])
            #expect(
                answer.finishReason == .toolCalls, "Gemini says STOP; a turn that called tools finishes with tool_calls"
            )
            #expect(
                answer.content.first
                    == .thinking(Thinking(text: "", signature: "CtgBAVSoXO7Sig+0n0Q5t4GmZ1ZKqT3zJH2Cs7dWb8rTfQ==")))
            #expect(answer.usage.outputReasoning == 64)

            let body = try Self.sentBody(server)
            let declaration = try #require(body["tools"]?.arrayValue?.first?["functionDeclarations"]?.arrayValue?.first)
            #expect(declaration["name"] == "get_weather")
            #expect(declaration["description"] == "Weather for a city")
            #expect(
                declaration["parameters"] == [
                    "type": "object",
                    "properties": [
                        "location": ["type": "string", "description": "The city"],
                        "unit": ["type": "string", "nullable": true, "enum": ["celsius", "fahrenheit"]],
                    ],
                    "required": ["location"],
                ],
                "keys Gemini rejects ($schema, additionalProperties, unsupported formats) are stripped"
            )
            #expect(
                body["toolConfig"] == [
                    "functionCallingConfig": ["mode": "ANY", "allowedFunctionNames": ["get_weather"]]
                ])
        }
    }

    @Test func aToolRoundTripSendsFunctionCallWithItsSignatureAndANamedFunctionResponse() async throws {
        let response = try Self.sse("stream-system.sse")
        try await withProvider({ _ in response }) { provider, server in
            let followUp = ChatRequest(
                model: "gemini-2.5-flash",
                messages: [
                    .user("Weather in Paris?"),
                    Message(
                        role: .assistant,
                        content: [
                            .thinking(Thinking(text: "", signature: "sig-abc")),
                            .toolCall(ToolCall(id: "call_0", name: "get_weather", arguments: #"{"location":"Paris"}"#)),
                        ]
                    ),
                    Message(
                        role: .tool, content: [.toolResult(ToolResult(toolCallId: "call_0", content: "18°C and sunny"))]
                    ),
                ],
                tools: [ToolDefinition(name: "get_weather", parameters: ["type": "object"])],
                toolChoice: .auto
            )
            let (_, error) = await provider.collect(followUp)
            #expect(error == nil)
            let body = try Self.sentBody(server)
            #expect(
                body["contents"] == [
                    ["role": "user", "parts": [["text": "Weather in Paris?"]]],
                    [
                        "role": "model",
                        "parts": [
                            [
                                "functionCall": ["name": "get_weather", "args": ["location": "Paris"]],
                                "thoughtSignature": "sig-abc",
                            ]
                        ],
                    ],
                    [
                        "role": "user",
                        "parts": [
                            ["functionResponse": ["name": "get_weather", "response": ["content": "18°C and sunny"]]]
                        ],
                    ],
                ]
            )
            #expect(body["toolConfig"] == ["functionCallingConfig": ["mode": "AUTO"]])
            #expect(
                body["tools"]?.arrayValue?.first?["functionDeclarations"]?.arrayValue?.first?["parameters"] == nil,
                "Gemini refuses an object schema without properties, so none is sent"
            )
        }
    }

    @Test func thinkingStreamsThoughtPartsAndKeepsTheSignature() async throws {
        let response = try Self.sse("stream-thinking.sse")
        try await withProvider({ _ in response }) { provider, server in
            var thinkingRequest = request
            thinkingRequest.model = "gemini-2.5-pro"
            thinkingRequest.thinking = ThinkingOptions(budgetTokens: 2048)
            let (events, error) = await provider.collect(thinkingRequest)
            #expect(error == nil)
            #expect(
                events.contains(.thinkingDelta(text: "**Adding the numbers**\n\nI need 17 + 25. ", signature: nil))
            )
            #expect(events.contains(.thinkingDelta(text: "That is 42.", signature: nil)))
            #expect(events.contains(.textDelta("17 + 25 = 42")))
            #expect(events.contains(.thinkingDelta(text: "", signature: "EqQBCqEBAdHtim9sig-think-1==")))
            #expect(events.contains(.usage(Usage(inputUncached: 12, outputText: 9, outputReasoning: 300))))
            #expect(events.last == .finish(.stop))

            let body = try Self.sentBody(server)
            #expect(body["generationConfig"]?["thinkingConfig"] == ["thinkingBudget": 2048, "includeThoughts": true])

            let answer = try await provider.complete(thinkingRequest)
            #expect(
                answer.content.first
                    == .thinking(Thinking(text: "**Adding the numbers**\n\nI need 17 + 25. That is 42.")))
            #expect(answer.text == "17 + 25 = 42")

            var nextTurn = thinkingRequest
            nextTurn.messages += [Message(role: .assistant, content: answer.content), .user("And times 2?")]
            _ = await provider.collect(nextTurn)
            let modelTurn = try Self.sentBody(server, 2)["contents"]?.arrayValue?[1]
            #expect(
                modelTurn == [
                    "role": "model",
                    "parts": [
                        ["text": "**Adding the numbers**\n\nI need 17 + 25. That is 42.", "thought": true],
                        ["text": "17 + 25 = 42"],
                        ["text": "", "thoughtSignature": "EqQBCqEBAdHtim9sig-think-1=="],
                    ],
                ],
                "thoughts and the signature go back where Gemini put them"
            )
        }
    }

    @Test func imagesAreSentAsInlineDataOrFileData() async throws {
        let response = try Self.sse("stream-vision.sse")
        try await withProvider({ _ in response }) { provider, server in
            let png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
            let vision = ChatRequest(
                model: "gemini-2.5-flash",
                messages: [
                    Message(
                        role: .user,
                        content: [
                            .text("Describe these."),
                            .image(.base64(data: png, mediaType: "image/png")),
                            .image(.url("gs://my-bucket/photos/cat.JPG")),
                        ]
                    )
                ]
            )
            let answer = try await provider.complete(vision)
            #expect(answer.text == "A red square on a white background.")
            let parts = try Self.sentBody(server)["contents"]?.arrayValue?.first?["parts"]
            #expect(
                parts == [
                    ["text": "Describe these."],
                    ["inlineData": ["mimeType": "image/png", "data": .string(png)]],
                    ["fileData": ["mimeType": "image/jpeg", "fileUri": "gs://my-bucket/photos/cat.JPG"]],
                ]
            )
        }
    }

    @Test(arguments: ["https://example.com/image?id=7", "http://example.com/cat.png"])
    func anImageURLGeminiCannotTakeIsUnsupportedBeforeAnyRequest(url: String) async throws {
        try await withProvider({ _ in .json(500, "{}") }) { provider, server in
            let vision = ChatRequest(
                model: "gemini-2.5-flash", messages: [Message(role: .user, content: [.image(.url(url))])])
            let (events, error) = await provider.collect(vision)
            #expect(events.isEmpty)
            #expect(error?.kind == .unsupported)
            #expect(error?.message.contains("send the image as base64 data") == true)
            #expect(server.requests.isEmpty)
        }
    }

    @Test func systemMessagesBecomeTheSystemInstructionAndRolesAreUserAndModel() async throws {
        let response = try Self.sse("stream-system.sse")
        try await withProvider({ _ in response }) { provider, server in
            let conversation = ChatRequest(
                model: "gemini-4-hydrogen",
                messages: [
                    .system("You are a pirate."), .user("Hi"), .assistant("Arr."), .system("Be brief."),
                    .user("Greet me"),
                ],
                temperature: 0.2,
                topP: 0.9,
                stop: ["\n\n"],
                responseFormat: .jsonSchema(
                    name: "greeting",
                    schema: [
                        "type": "object", "properties": ["text": ["type": "string"]], "additionalProperties": false,
                    ],
                    strict: true
                )
            )
            let answer = try await provider.complete(conversation)
            #expect(answer.text == "Ahoy!")
            let body = try Self.sentBody(server)
            #expect(body["systemInstruction"] == ["parts": [["text": "You are a pirate."], ["text": "Be brief."]]])
            #expect(
                body["contents"] == [
                    ["role": "user", "parts": [["text": "Hi"]]],
                    ["role": "model", "parts": [["text": "Arr."]]],
                    ["role": "user", "parts": [["text": "Greet me"]]],
                ]
            )
            #expect(
                body["generationConfig"] == [
                    "temperature": 0.2,
                    "topP": 0.9,
                    "stopSequences": ["\n\n"],
                    "responseMimeType": "application/json",
                    "responseSchema": ["type": "object", "properties": ["text": ["type": "string"]]],
                ]
            )
        }
    }

    @Test func aSafetyFinishIsAContentPolicyErrorNamingTheCategory() async throws {
        let response = try Self.sse("stream-safety.sse")
        try await withProvider({ _ in response }) { provider, _ in
            let (events, error) = await provider.collect(request)
            #expect(events.contains(.textDelta("To get started, you will")))
            #expect(!events.contains { if case .finish = $0 { true } else { false } })
            let failure = try #require(error)
            #expect(failure.kind == .contentPolicy)
            #expect(failure.message.contains("SAFETY"))
            #expect(failure.message.contains("HARM_CATEGORY_DANGEROUS_CONTENT (HIGH)"))
            #expect(!failure.message.contains("HARM_CATEGORY_HATE_SPEECH"), "only the categories that were flagged")
        }
    }

    @Test func aBlockedPromptIsAContentPolicyError() async throws {
        let response = try Self.sse("stream-prompt-blocked.sse")
        try await withProvider({ _ in response }) { provider, _ in
            let (_, error) = await provider.collect(request)
            let failure = try #require(error)
            #expect(failure.kind == .contentPolicy)
            #expect(failure.message.contains("blocked the prompt (blockReason SAFETY)"))
            #expect(failure.message.contains("HARM_CATEGORY_HARASSMENT (MEDIUM)"))
        }
    }

    // The mapping of every HTTP error transcript (status, kind, Retry-After, the vendor's message, no key) is
    // checked by the conformance suite: BuiltInConformanceTests, with these fixtures as its vendor errors.

    @Test func aStreamThatEndsWithoutAFinishReasonIsAConnectionError() async throws {
        let response = try Self.sse("stream-cut.sse")
        try await withProvider({ _ in response }) { provider, _ in
            let (events, error) = await provider.collect(request)
            #expect(events.contains(.textDelta("The answer is")))
            let failure = try #require(error, "a cut-off stream must never be a short success")
            #expect(failure.kind == .connection)
            #expect(failure.message.contains("ended before the answer was complete"))
        }
    }

    @Test func modelsAreDiscoveredAcrossPagesAndMergedWithTheCatalog() async throws {
        let first = try Fixture.text("models-page-1.json")
        let second = try Fixture.text("models-page-2.json")
        try await withProvider({ request in .json(200, request.uri.contains("pageToken=") ? second : first) }) {
            provider, server in
            let models = try await provider.models()
            #expect(
                models.map(\.id) == ["embedding-001", "gemini-2.5-flash", "gemini-4-argon", "gemma-3-27b-it"])
            #expect(models[0].capabilities == [.embeddings], "a model that only embeds is an embedding model")
            #expect(models[0].contextWindow == 2048)
            #expect(models[1].pricing?.input == 0.3, "a catalog model keeps its prices")
            #expect(models[1].pricing?.cacheRead == 0.03)
            #expect(models[2].pricing?.input == 4)
            #expect(models[2].pricing?.output == 20)
            #expect(models[2].displayName == "Gemini 4 Argon")
            #expect(models[2].maxOutputTokens == 65_536)
            #expect(models[3].contextWindow == 131_072)
            #expect(models[3].pricing == nil)
            #expect(models[3].capabilities == [.chat])

            let uris = server.requests.map(\.uri)
            #expect(
                uris == [
                    "/v1beta/models?pageSize=1000",
                    "/v1beta/models?pageSize=1000&pageToken=Ch5tb2RlbHMvZ2VtaW5pLTIuNS1mbGFzaA%3D%3D",
                ])
            #expect(await provider.health().status == .ok)
            #expect(server.requests.last?.uri == "/v1beta/models?pageSize=1")
        }
    }

    @Test func theKeyTravelsOnlyInTheHeaderAndNeverInAURLOrError() async throws {
        let stream = try Self.sse("stream-text.sse")
        let denied = try Fixture.text("error-400-api-key.json")
            .replacingOccurrences(of: "API key not valid.", with: "API key \(Self.apiKey) not valid.")
        try await withProvider({ request in request.uri.contains("/models?") ? .json(400, denied) : stream }) {
            provider, server in
            _ = await provider.collect(request)
            let failure = await #expect(throws: ProviderError.self) { try await provider.models() }
            #expect(failure?.kind == .authentication)
            #expect(failure?.message.contains("[redacted]") == true, "a key a server echoes is scrubbed")
            #expect(failure.map { !$0.description.contains(Self.apiKey) } == true)
            #expect(server.requests.count == 2)
            for sent in server.requests {
                #expect(sent.header("x-goog-api-key") == Self.apiKey)
                #expect(!sent.uri.contains(Self.apiKey))
                #expect(!sent.uri.contains("key="))
                #expect(sent.header("authorization") == nil)
            }
        }
        let unreachable = try BuiltPlugin.load(product: "SwitchboardGeminiPlugin").makeProvider(
            name: "nowhere",
            settings: ["base_url": "http://127.0.0.1:9/v1beta", "api_key": .string(Self.apiKey)]
        )
        let (_, error) = await unreachable.collect(request)
        #expect(error?.kind == .connection)
        #expect(error.map { !$0.description.contains(Self.apiKey) } == true)
    }

    @Test(
        .enabled(
            if: ProcessInfo.processInfo.environment["GEMINI_API_KEY"] == nil
                && ProcessInfo.processInfo.environment["GOOGLE_API_KEY"] == nil)
    )
    func withoutAKeyGooglesEndpointIsAnAuthenticationErrorBeforeAnyRequest() async throws {
        let provider = try BuiltPlugin.load(product: "SwitchboardGeminiPlugin").makeProvider(
            name: "keyless", settings: [:])
        let (events, error) = await provider.collect(request)
        #expect(events.isEmpty)
        #expect(error?.kind == .authentication)
        #expect(error?.message.contains("GEMINI_API_KEY") == true)
    }

    @Test func badSettingsAreRefusedNamingTheSetting() throws {
        let plugin = try BuiltPlugin.load(product: "SwitchboardGeminiPlugin")
        #expect {
            try plugin.makeProvider(name: "broken", settings: ["api_key": "k", "safety_settings": "BLOCK_NONE"])
        } throws: { error in
            let error = error as? ProviderError
            return error?.kind == .invalidRequest
                && error?.message.contains("setting \"safety_settings\" of provider \"broken\" must be an array")
                    == true
        }
        #expect {
            try plugin.makeProvider(name: "broken", settings: ["api_key": "k", "base_url": "ftp://example.com"])
        } throws: { error in
            (error as? ProviderError)?.message.contains("setting \"base_url\" of provider \"broken\"") == true
        }
    }

    @Test func safetySettingsArePassedThrough() async throws {
        let response = try Self.sse("stream-system.sse")
        let safety: JSONValue = [["category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_ONLY_HIGH"]]
        try await withProvider(settings: ["safety_settings": safety], { _ in response }) { provider, server in
            _ = await provider.collect(request)
            try #expect(Self.sentBody(server)["safetySettings"] == safety)
        }
    }
}

// MARK: A whole JSON answer to a streamed request

extension GeminiPluginTests {
    /// A 200 whose body is `Fixtures/<name>`, in chunks, with these headers.
    private static func document(_ fixture: String, headers: [(String, String)]) throws -> MockHTTPServer.Response {
        MockHTTPServer.Response(status: 200, headers: headers, chunks: try Fixture.chunks(fixture))
    }

    @Test(
        "a GenerateContentResponse answering streamGenerateContent yields the events of the same answer streamed",
        arguments: [[("content-type", "application/json; charset=UTF-8")], [("content-type", "text/plain")]]
    )
    func aWholeResponseIsDecoded(headers: [(String, String)]) async throws {
        let response = try Self.document("generate-content.json", headers: headers)
        try await withProvider({ _ in response }) { provider, server in
            let (events, error) = await provider.collect(request)
            #expect(error == nil)
            #expect(
                events == [
                    .start(id: "gc-6OJoaKWIBuSfvdIP3sT5sQ8", model: "gemini-2.5-flash-lite"),
                    .textDelta("Paris is the capital of France."),
                    .usage(Usage(inputUncached: 11, outputText: 7, outputReasoning: 25)),
                    .finish(.stop),
                ]
            )
            let sent = try #require(server.requests.first)
            #expect(sent.uri.contains("streamGenerateContent?alt=sse"))
        }
    }

    @Test(
        "the JSON array streamGenerateContent answers without alt=sse yields every response's events",
        arguments: [[("content-type", "application/json; charset=UTF-8")], []]
    )
    func aWholeArrayOfResponsesIsDecoded(headers: [(String, String)]) async throws {
        let response = try Self.document("stream-array.json", headers: headers)
        try await withProvider({ _ in response }) { provider, _ in
            let (events, error) = await provider.collect(request)
            #expect(error == nil)
            #expect(
                events == [
                    .start(id: "Xp0eaO7NMdSu1MkPz_TJ6Ak", model: "gemini-2.5-flash"),
                    .thinkingDelta(text: "The user wants the weather in Paris; call the tool.", signature: nil),
                    .thinkingDelta(text: "", signature: "CiQB0e2Kb8ZtXg1pFdXSu7IqdW5S0RxNbXlN4t2BXrp4u6Ntr4cKZgHR7Yo="),
                    .toolCallStart(index: 0, id: "call_0", name: "get_weather"),
                    .toolCallDelta(index: 0, arguments: #"{"location":"Paris"}"#),
                    .toolCallEnd(index: 0),
                    .usage(Usage(inputUncached: 26, inputCacheRead: 32, outputText: 15, outputReasoning: 48)),
                    .finish(.toolCalls),
                ]
            )
        }
    }

    @Test func aWholeArrayCutBeforeItsFinishReasonIsAnError() async throws {
        let cut = #"[{"candidates":[{"content":{"parts":[{"text":"Hel"}],"role":"model"},"index":0}]}]"#
        try await withProvider({ _ in .json(200, cut) }) { provider, _ in
            let (_, error) = await provider.collect(request)
            #expect(error?.kind == .connection)
        }
    }
}
