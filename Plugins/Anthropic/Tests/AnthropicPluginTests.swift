import Foundation
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// The real Anthropic plugin `.so`, loaded through the loader, against a local server speaking Anthropic's Messages
/// API wire format.
@Suite("Anthropic plugin over its wire format")
struct AnthropicPluginTests {
    static let apiKey = "sk-ant-api03-test-secret-key-000000001234"
    let request = ChatRequest(
        model: "claude-sonnet-5-5",
        messages: [.system("Be brief."), .system("Answer in English."), .user("Say hello")]
    )

    private func withProvider(
        settings extra: [String: JSONValue] = [:],
        _ handler: @escaping MockHTTPServer.Handler,
        _ body: (any Provider, MockHTTPServer) async throws -> Void
    ) async throws {
        try await BuiltPlugin.withProvider(
            product: "SwitchboardAnthropicPlugin", name: "anthropic",
            settings: { server in
                ["base_url": .string(server.baseURL), "api_key": .string(Self.apiKey)].merging(extra) { _, new in new }
            }, handler, body)
    }

    private static func sse(_ fixture: String) throws -> MockHTTPServer.Response {
        MockHTTPServer.Response(
            status: 200, headers: [("content-type", "text/event-stream")], chunks: try Fixture.chunks(fixture))
    }

    private static func sentBody(_ server: MockHTTPServer) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(try #require(server.requests.last).body))
    }

    // MARK: Streaming

    @Test func aStreamedAnswerCarriesTextUsageWithCacheFiguresAndFinish() async throws {
        let response = try Self.sse("stream-text.sse")
        try await withProvider({ _ in response }) { provider, server in
            let (events, error) = await provider.collect(request)
            #expect(error == nil)
            #expect(events.first == .start(id: "msg_01XFDUDYJgAACzvnptvVoYEL", model: "claude-sonnet-5-5"))
            let text = events.compactMap { if case .textDelta(let text) = $0 { text } else { nil } }.joined()
            #expect(text == "Hello, world!")
            #expect(
                events.contains(
                    .usage(Usage(inputUncached: 25, inputCacheRead: 3400, inputCacheWrite: 1200, outputText: 15))))
            #expect(events.last == .finish(.stop))

            let sent = try #require(server.requests.first)
            #expect(sent.method == "POST")
            #expect(sent.uri == "/v1/messages")
            #expect(sent.header("x-api-key") == Self.apiKey)
            #expect(sent.header("anthropic-version") == "2023-06-01")
            #expect(sent.header("content-type") == "application/json")
            #expect(sent.header("authorization") == nil)
            let body = try Self.sentBody(server)
            #expect(body["model"] == "claude-sonnet-5-5", "a Claude 5 id is the API's own and is sent as it is")
            #expect(body["max_tokens"] == 4096, "Anthropic requires max_tokens: the default fills in")
            #expect(body["stream"] == true)
            #expect(body["system"] == "Be brief.\n\nAnswer in English.")
            #expect(body["messages"] == [["role": "user", "content": [["type": "text", "text": "Say hello"]]]])
        }
    }

    @Test func completeIsTheStreamCollected() async throws {
        let response = try Self.sse("stream-text.sse")
        try await withProvider({ _ in response }) { provider, _ in
            let answer = try await provider.complete(request)
            #expect(answer.id == "msg_01XFDUDYJgAACzvnptvVoYEL")
            #expect(answer.text == "Hello, world!")
            #expect(answer.provider == "anthropic")
            #expect(answer.model == "claude-sonnet-5-5")
            #expect(answer.finishReason == .stop)
            #expect(answer.usage.inputTokens == 4625)
            #expect(answer.usage.outputTokens == 15)
        }
    }

    @Test func aStreamedToolCallIsAssembledFromItsJSONFragments() async throws {
        let response = try Self.sse("stream-tool-use.sse")
        try await withProvider({ _ in response }) { provider, server in
            var toolRequest = request
            toolRequest.tools = [
                ToolDefinition(
                    name: "get_weather",
                    description: "Weather for a city",
                    parameters: ["type": "object", "properties": ["location": ["type": "string"]]]
                )
            ]
            toolRequest.toolChoice = .required
            let (events, error) = await provider.collect(toolRequest)
            #expect(error == nil)
            #expect(
                events.contains(.toolCallStart(index: 1, id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", name: "get_weather")))
            #expect(events.contains(.toolCallEnd(index: 1)))

            let answer = try await provider.complete(toolRequest)
            #expect(answer.text == "Let me check the weather.")
            #expect(
                answer.toolCalls == [
                    ToolCall(
                        id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
                        name: "get_weather",
                        arguments: #"{"location": "San Francisco, CA", "unit": "fahrenheit"}"#
                    )
                ]
            )
            #expect(answer.finishReason == .toolCalls)
            let body = try Self.sentBody(server)
            #expect(
                body["tools"] == [
                    [
                        "name": "get_weather", "description": "Weather for a city",
                        "input_schema": ["type": "object", "properties": ["location": ["type": "string"]]],
                    ]
                ]
            )
            #expect(body["tool_choice"] == ["type": "any"])
        }
    }

    @Test func thinkingStreamsWithItsSignatureAndTheSignatureGoesBackVerbatim() async throws {
        let response = try Self.sse("stream-thinking.sse")
        let signature =
            "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds+6ukDsqfmA6lrdPYRTSN/Ae0o7lWp8A0Vx31FvxEr1aGTbBmVOEMPPsHy6FQSoQ2vbtQLKUBb+VBT4KiTHWexQ="
        let redacted =
            "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB5URj2pSmvxIXvDnPR6ox43wcC7r8dx"
        try await withProvider({ _ in response }) { provider, server in
            let question = Message.user("What is 27 * 453?")
            let first = ChatRequest(
                model: "claude-haiku-4-5", messages: [question], thinking: ThinkingOptions(budgetTokens: 2048))
            let (events, _) = await provider.collect(first)
            #expect(events.contains(.thinkingDelta(text: " = 10800 + 1431 = 12231.", signature: nil)))
            #expect(events.contains(.thinkingDelta(text: "", signature: signature)))

            let answer = try await provider.complete(first)
            let thoughts = answer.content.compactMap { if case .thinking(let thinking) = $0 { thinking } else { nil } }
            #expect(
                thoughts == [
                    Thinking(text: "27 * 453 = 27 * 400 + 27 * 53 = 10800 + 1431 = 12231.", signature: signature),
                    Thinking(text: "", signature: "redacted_thinking:" + redacted),
                ]
            )
            #expect(answer.text == "27 * 453 = 12,231")
            var body = try Self.sentBody(server)
            #expect(body["thinking"] == ["type": "enabled", "budget_tokens": 2048])
            #expect(body["max_tokens"] == 6144, "the default output limit comes on top of the thinking budget")
            #expect(body["model"] == "claude-haiku-4-5-20251001", "a catalog alias is sent as the snapshot it prices")

            let second = ChatRequest(
                model: "claude-haiku-4-5",
                messages: [question, Message(role: .assistant, content: answer.content), .user("And 27 * 454?")],
                thinking: ThinkingOptions(budgetTokens: 2048)
            )
            _ = try await provider.complete(second)
            body = try Self.sentBody(server)
            #expect(
                body["messages"]?.arrayValue?[1] == [
                    "role": "assistant",
                    "content": [
                        [
                            "type": "thinking", "thinking": "27 * 453 = 27 * 400 + 27 * 53 = 10800 + 1431 = 12231.",
                            "signature": .string(signature),
                        ],
                        ["type": "redacted_thinking", "data": .string(redacted)],
                        ["type": "text", "text": "27 * 453 = 12,231"],
                    ],
                ]
            )
        }
    }

    // MARK: Request shape

    @Test func imagesBecomeImageBlocks() async throws {
        let response = try Self.sse("stream-text.sse")
        try await withProvider({ _ in response }) { provider, server in
            let vision = ChatRequest(
                model: "claude-opus-5",
                messages: [
                    Message(
                        role: .user,
                        content: [
                            .image(.base64(data: "iVBORw0KGgo=", mediaType: "image/png")),
                            .image(
                                .url(
                                    "https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg"
                                )),
                            .image(.url("data:image/jpeg;base64,/9j/4AAQSkZJRg==")),
                            .text("What is in these images?"),
                        ]
                    )
                ]
            )
            _ = try await provider.complete(vision)
            let body = try Self.sentBody(server)
            #expect(body["model"] == "claude-opus-5", "an id outside the catalog is sent as given")
            #expect(
                body["messages"]?.arrayValue?.first?["content"] == [
                    [
                        "type": "image",
                        "source": ["type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="],
                    ],
                    [
                        "type": "image",
                        "source": [
                            "type": "url",
                            "url":
                                "https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg",
                        ],
                    ],
                    [
                        "type": "image",
                        "source": ["type": "base64", "media_type": "image/jpeg", "data": "/9j/4AAQSkZJRg=="],
                    ],
                    ["type": "text", "text": "What is in these images?"],
                ]
            )
        }
    }

    @Test func toolTurnsBecomeToolUseAndToolResultBlocksInAlternatingTurns() async throws {
        let response = try Self.sse("stream-text.sse")
        try await withProvider({ _ in response }) { provider, server in
            let conversation = ChatRequest(
                model: "claude-haiku-5-5",
                messages: [
                    .user("Weather in Paris and Rome?"),
                    .user("Celsius, please."),
                    Message(
                        role: .assistant,
                        content: [
                            .text("Checking."),
                            .toolCall(
                                ToolCall(id: "toolu_1", name: "get_weather", arguments: #"{"location":"Paris"}"#)),
                            .toolCall(ToolCall(id: "toolu_2", name: "get_weather", arguments: "")),
                        ]
                    ),
                    Message(role: .tool, content: [.toolResult(ToolResult(toolCallId: "toolu_1", content: "18°C"))]),
                    Message(
                        role: .tool,
                        content: [
                            .toolResult(ToolResult(toolCallId: "toolu_2", content: "no such city", isError: true))
                        ]
                    ),
                ],
                tools: [ToolDefinition(name: "get_weather")],
                toolChoice: .tool("get_weather"),
                temperature: 0.2,
                topP: 0.9,
                maxOutputTokens: 512,
                stop: ["\n\nHuman:"],
                metadata: ["user_id": "user-42", "trace": "abc"]
            )
            _ = try await provider.complete(conversation)
            let body = try Self.sentBody(server)
            #expect(body["model"] == "claude-haiku-5-5")
            #expect(body["max_tokens"] == 512)
            #expect(body["system"] == nil)
            #expect(body["temperature"] == 0.2)
            #expect(body["top_p"] == 0.9)
            #expect(body["stop_sequences"] == ["\n\nHuman:"])
            #expect(body["metadata"] == ["user_id": "user-42"])
            #expect(body["tool_choice"] == ["type": "tool", "name": "get_weather"])
            #expect(body["thinking"] == nil)
            #expect(
                body["messages"] == [
                    [
                        "role": "user",
                        "content": [
                            ["type": "text", "text": "Weather in Paris and Rome?"],
                            ["type": "text", "text": "Celsius, please."],
                        ],
                    ],
                    [
                        "role": "assistant",
                        "content": [
                            ["type": "text", "text": "Checking."],
                            [
                                "type": "tool_use", "id": "toolu_1", "name": "get_weather",
                                "input": ["location": "Paris"],
                            ],
                            ["type": "tool_use", "id": "toolu_2", "name": "get_weather", "input": [:]],
                        ],
                    ],
                    [
                        "role": "user",
                        "content": [
                            ["type": "tool_result", "tool_use_id": "toolu_1", "content": "18°C"],
                            [
                                "type": "tool_result", "tool_use_id": "toolu_2", "content": "no such city",
                                "is_error": true,
                            ],
                        ],
                    ],
                ]
            )
        }
    }

    @Test func settingsShapeTheHeaders() async throws {
        let response = try Self.sse("stream-text.sse")
        let settings: [String: JSONValue] = [
            "anthropic_version": "2024-01-01",
            "beta": ["prompt-caching-2024-07-31", " output-128k-2025-02-19 "],
            "headers": ["x-team": "search"],
            "default_max_tokens": 1000,
        ]
        try await withProvider(settings: settings, { _ in response }) { provider, server in
            _ = try await provider.complete(request)
            let sent = try #require(server.requests.first)
            #expect(sent.header("anthropic-version") == "2024-01-01")
            #expect(sent.header("anthropic-beta") == "prompt-caching-2024-07-31,output-128k-2025-02-19")
            #expect(sent.header("x-team") == "search")
            let body = try Self.sentBody(server)
            #expect(body["max_tokens"] == 1000)
        }
    }

    @Test(arguments: [
        (ThinkingOptions(effort: "low"), 2048 as Int?),
        (ThinkingOptions(effort: "high"), 16384),
        (ThinkingOptions(budgetTokens: 0, effort: "high"), nil),
        (ThinkingOptions(effort: "none"), nil),
    ])
    func thinkingEffortBecomesABudget(thinking: ThinkingOptions, budget: Int?) async throws {
        let response = try Self.sse("stream-text.sse")
        try await withProvider({ _ in response }) { provider, server in
            var thinkingRequest = request
            thinkingRequest.thinking = thinking
            _ = try await provider.complete(thinkingRequest)
            let body = try Self.sentBody(server)
            #expect(body["thinking"]?["budget_tokens"]?.intValue == budget)
            #expect(body["max_tokens"]?.intValue == 4096 + (budget ?? 0))
        }
    }

    @Test(arguments: [
        (
            ChatRequest(
                model: "claude-sonnet-5-5",
                messages: [
                    .user("Hi"),
                    Message(
                        role: .assistant, content: [.toolCall(ToolCall(id: "toolu_9", name: "f", arguments: "{oops"))]),
                ]
            ),
            ProviderError.Kind.invalidRequest, "the arguments of tool call \"toolu_9\" (f) are not valid JSON"
        ),
        (
            ChatRequest(
                model: "claude-sonnet-5-5",
                messages: [
                    .user("Hi"),
                    Message(
                        role: .assistant, content: [.toolCall(ToolCall(id: "toolu_9", name: "f", arguments: "[1]"))]),
                ]
            ),
            .invalidRequest, "must be a JSON object; found an array"
        ),
        (
            ChatRequest(
                model: "claude-sonnet-5-5",
                messages: [.user("Hi")],
                responseFormat: .jsonSchema(name: "answer", schema: ["type": "object"], strict: true)
            ),
            .unsupported, "no JSON output mode"
        ),
        (
            ChatRequest(
                model: "claude-sonnet-5-5", messages: [.user("Hi")], maxOutputTokens: 1024,
                thinking: ThinkingOptions(budgetTokens: 2048)),
            .invalidRequest, "max_output_tokens (1024) must exceed the thinking budget (2048)"
        ),
        (
            ChatRequest(
                model: "claude-sonnet-5-5", messages: [.user("Hi")], thinking: ThinkingOptions(effort: "extreme")),
            .invalidRequest, "thinking effort must be one of none, minimal, low, medium, high; found \"extreme\""
        ),
        (
            ChatRequest(
                model: "claude-sonnet-5-5", messages: [.user("Hi")], thinking: ThinkingOptions(budgetTokens: 500)),
            .invalidRequest, "at least 1024; found 500"
        ),
        (
            ChatRequest(
                model: "claude-sonnet-5-5",
                messages: [Message(role: .assistant, content: [.image(.url("https://x/y.png"))])]),
            .unsupported, "images can only be sent in user messages"
        ),
    ])
    func aRequestTheAPICannotTakeIsRefusedBeforeTheNetwork(
        refused: ChatRequest,
        kind: ProviderError.Kind,
        message: String
    ) async throws {
        try await withProvider({ _ in .json(500, "{}") }) { provider, server in
            let (events, error) = await provider.collect(refused)
            #expect(events.isEmpty)
            let failure = try #require(error)
            #expect(failure.kind == kind)
            #expect(failure.message.contains(message), "\(failure.message)")
            #expect(server.requests.isEmpty)
        }
    }

    // MARK: Errors

    // The mapping of every HTTP error transcript (status, kind, Retry-After, the vendor's message, no key) is
    // checked by the conformance suite: BuiltInConformanceTests, with these fixtures as its vendor errors.

    @Test func theErrorTypeDecidesWhenTheStatusSaysLess() async throws {
        let body = try Fixture.text("error-529.json")
        try await withProvider({ _ in .json(500, body) }) { provider, _ in
            let (_, error) = await provider.collect(request)
            #expect(error?.kind == .overloaded, "a proxy's 500 around overloaded_error is still overload")
            #expect(error?.httpStatus == 500)
        }
    }

    @Test func anAPIKeyEchoedByTheServerIsRedacted() async throws {
        let body =
            #"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key: \#(Self.apiKey)"}}"#
        try await withProvider({ _ in .json(401, body) }) { provider, _ in
            let (_, error) = await provider.collect(request)
            let failure = try #require(error)
            #expect(failure.message == "invalid x-api-key: [redacted]")
            #expect(!failure.description.contains(Self.apiKey))
            let health = await provider.health()
            #expect(health.status == .unavailable)
            #expect(health.message?.contains(Self.apiKey) == false)
        }
    }

    @Test func anErrorEventInsideTheStreamIsThrownMapped() async throws {
        let response = try Self.sse("stream-error.sse")
        try await withProvider({ _ in response }) { provider, _ in
            let (events, error) = await provider.collect(request)
            #expect(events.contains(.textDelta("Once upon")))
            #expect(!events.contains { if case .finish = $0 { true } else { false } })
            let failure = try #require(error)
            #expect(failure.kind == .overloaded)
            #expect(failure.message == "Overloaded")
            #expect(failure.httpStatus == nil)
            #expect(failure.provider == "anthropic")
        }
    }

    @Test func aStreamThatStopsWithoutMessageStopIsAConnectionError() async throws {
        let response = try Self.sse("stream-cut.sse")
        try await withProvider({ _ in response }) { provider, _ in
            let (events, error) = await provider.collect(request)
            #expect(events.contains(.textDelta("The answer is")))
            let failure = try #require(error, "a cut-off stream must never be a short success")
            #expect(failure.kind == .connection)
            #expect(failure.message.contains("ended before the answer was complete"))
        }
    }

    // MARK: Models, health, settings

    @Test func modelsAreDiscoveredAcrossPagesAndMergedWithTheCatalog() async throws {
        let first = try Fixture.text("models-page-1.json")
        let second = try Fixture.text("models-page-2.json")
        try await withProvider({ request in .json(200, request.uri.contains("after_id=") ? second : first) }) {
            provider, server in
            let discovered = try await provider.models()
            #expect(
                discovered.map(\.id) == [
                    "claude-opus-5-5", "claude-haiku-4-5-20251001", "claude-haiku-5-5", "claude-opus-5",
                ])
            let opus = try #require(discovered.first { $0.id == "claude-opus-5-5" })
            #expect(opus.pricing?.input == 4)
            #expect(opus.pricing?.cacheRead == 0.20)
            #expect(opus.capabilities.contains(.thinking))
            #expect(opus.maxOutputTokens == 128_000)
            let haiku = try #require(discovered.first { $0.id == "claude-haiku-4-5-20251001" })
            #expect(haiku.pricing?.input == 1, "a dated snapshot is priced as its catalog alias")
            #expect(haiku.tier == .fast)
            #expect(haiku.contextWindow == 200_000)
            let older = try #require(discovered.last)
            #expect(older.pricing == nil, "claude-opus-5 is an older model, not a snapshot of claude-opus-5-5")
            #expect(older.displayName == "Claude Opus 5")

            #expect(
                server.requests.map(\.uri) == [
                    "/v1/models?limit=1000", "/v1/models?limit=1000&after_id=claude-haiku-4-5-20251001",
                ])
            #expect(server.requests.first?.header("x-api-key") == Self.apiKey)
            let health = await provider.health()
            #expect(health.status == .ok)
            #expect(health.message == "4 models listed")
        }
    }

    @Test func theManifestPublishesTheCatalogWithPrices() throws {
        let plugin = try BuiltPlugin.load(product: "SwitchboardAnthropicPlugin")
        #expect(plugin.manifest.id == "anthropic")
        let opus = try #require(plugin.manifest.models.first { $0.id == "claude-opus-5-5" })
        #expect(opus.pricing?.input == 4)
        #expect(opus.pricing?.output == 20)
        #expect(opus.contextWindow == 1_000_000)
        #expect(opus.maxOutputTokens == 128_000)
        #expect(opus.tier == .advanced)
        #expect(plugin.manifest.settings.first { $0.name == "api_key" }?.secret == true)
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["ANTHROPIC_API_KEY"] == nil))
    func withoutAKeyTheInstanceIsRefusedSayingWhereAKeyGoes() throws {
        let plugin = try BuiltPlugin.load(product: "SwitchboardAnthropicPlugin")
        #expect {
            try plugin.makeProvider(name: "keyless", settings: [:])
        } throws: { error in
            let error = error as? ProviderError
            return error?.kind == .authentication
                && error?.message
                    == #"provider "keyless" has no API key: set "api_key", name a variable in "api_key_env", "#
                    + "or set ANTHROPIC_API_KEY"
        }
    }

    @Test(
        arguments: [
            (["base_url": "ftp://example.com", "api_key": "k"], "setting \"base_url\" of provider \"broken\""),
            (
                ["api_key_env": "SWITCHBOARD_TEST_VARIABLE_THAT_IS_NEVER_SET"],
                "setting \"api_key_env\" of provider \"broken\" names"
            ),
            (
                ["api_key": "k", "default_max_tokens": 0],
                "setting \"default_max_tokens\" of provider \"broken\" must be a positive"
            ),
            (["api_key": "k", "beta": 3], "setting \"beta\" of provider \"broken\" must be a list"),
            (["api_key": "k", "timeout_seconds": -1], "setting \"timeout_seconds\" of provider \"broken\""),
        ] as [(JSONValue, String)])
    func badSettingsAreRefusedNamingTheSetting(settings: JSONValue, message: String) throws {
        let plugin = try BuiltPlugin.load(product: "SwitchboardAnthropicPlugin")
        #expect {
            try plugin.makeProvider(name: "broken", settings: settings)
        } throws: { error in
            let error = error as? ProviderError
            return error?.kind == .invalidRequest && error?.message.contains(message) == true
        }
    }
}

// MARK: A whole JSON answer to a streamed request

extension AnthropicPluginTests {
    /// A 200 whose body is `Fixtures/<name>`, in chunks, with these headers.
    private static func document(_ fixture: String, headers: [(String, String)]) throws -> MockHTTPServer.Response {
        MockHTTPServer.Response(status: 200, headers: headers, chunks: try Fixture.chunks(fixture))
    }

    @Test(
        "a Messages response answering stream: true (LiteLLM's mock mode) yields the events of the same answer streamed",
        arguments: [
            [("content-type", "application/json")],
            // No content type, or a wrong one: the first byte, `{`, decides.
            [], [("content-type", "application/octet-stream")],
        ]
    )
    func aWholeMessageIsDecoded(headers: [(String, String)]) async throws {
        let response = try Self.document("message-text.json", headers: headers)
        try await withProvider({ _ in response }) { provider, server in
            let (events, error) = await provider.collect(request)
            #expect(error == nil)
            #expect(
                events == [
                    .start(id: "msg_01XFDUDYJgAACzvnptvVoYEL", model: "claude-sonnet-5-5"),
                    .textDelta("Hello! How can I help you today?"),
                    .usage(Usage(inputUncached: 12, inputCacheRead: 4096, inputCacheWrite: 2048, outputText: 11)),
                    .finish(.stop),
                ]
            )
            let sent = try Self.sentBody(server)
            #expect(sent["stream"] == true)
        }
    }

    @Test func aWholeMessageWithToolUseYieldsTextThenTheCallWithItsWholeInput() async throws {
        let response = try Self.document("message-tool-use.json", headers: [("content-type", "application/json")])
        try await withProvider({ _ in response }) { provider, _ in
            let (events, error) = await provider.collect(request)
            #expect(error == nil)
            #expect(
                events == [
                    .start(id: "msg_01Aq9w938a90dw8q", model: "claude-sonnet-5-5"),
                    .textDelta("I'll check the current weather in San Francisco for you."),
                    .toolCallStart(index: 1, id: "toolu_01A09q90qw90lq917835lq9", name: "get_weather"),
                    .toolCallDelta(index: 1, arguments: #"{"location":"San Francisco, CA","unit":"celsius"}"#),
                    .toolCallEnd(index: 1),
                    .usage(Usage(inputUncached: 384, outputText: 71)),
                    .finish(.toolCalls),
                ]
            )
        }
    }

    @Test func aWholeMessageWithThinkingKeepsSignaturesAndTheRedactedBlock() async throws {
        let response = try Self.document("message-thinking.json", headers: [("content-type", "application/json")])
        try await withProvider({ _ in response }) { provider, _ in
            let answer = try await provider.complete(request)
            let signature =
                "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds+6ukDsqfmA6lrdPYRTSN/Ae0o7lWp8A0Vx31FvxEr1aGTbBmVOEMPPsHy6FQSoQ2vbtQLKUBb+VBT4KiTHWexQ="
            let redacted =
                "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfRXLZbX46ZzIyxbGJ1Amn5yLdYCrjxhIaEvUS8g=="
            #expect(
                answer.content == [
                    .thinking(
                        Thinking(text: "27 * 453 = 27 * 400 + 27 * 53 = 10800 + 1431 = 12231.", signature: signature)),
                    .text(""),
                    .thinking(Thinking(text: "", signature: "redacted_thinking:" + redacted)),
                    .text("27 * 453 = 12,231."),
                ]
            )
            #expect(answer.finishReason == .length)
            #expect(answer.usage == Usage(inputUncached: 36, outputText: 180))
            #expect(answer.id == "msg_01MhYKNbBbGyPjiFQ3xbwBmU")
        }
    }

    @Test func aWholeErrorDocumentWithStatus200IsMappedByItsType() async throws {
        let body = #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#
        try await withProvider({ _ in .json(200, body) }) { provider, _ in
            let (events, error) = await provider.collect(request)
            #expect(events.isEmpty)
            #expect(error?.kind == .overloaded)
        }
    }
}
