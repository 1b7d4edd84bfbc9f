import Foundation
import SwitchboardKit
import Testing

@Suite("Model coding")
struct ModelCodingTests {
    // MARK: ChatRequest

    static let fullRequest = ChatRequest(
        model: "gpt-4o",
        messages: [.system("Be brief."), .user("Weather in Paris?")],
        tools: [
            ToolDefinition(
                name: "get_weather",
                description: "Current weather",
                parameters: ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]]
            )
        ],
        toolChoice: .tool("get_weather"),
        temperature: 0.5,
        topP: 0.25,
        maxOutputTokens: 256,
        stop: ["END", "STOP"],
        responseFormat: .jsonObject,
        thinking: ThinkingOptions(budgetTokens: 1024, effort: "low"),
        metadata: ["user": "u-1", "trace": "t-9"],
        tags: ["team-a", "batch"]
    )

    @Test("a full ChatRequest encodes every field under its snake_case key")
    func chatRequestKeys() throws {
        let json = try encodedJSON(Self.fullRequest)
        let expected: JSONValue = [
            "model": "gpt-4o",
            "messages": [
                ["role": "system", "content": [["type": "text", "text": "Be brief."]]],
                ["role": "user", "content": [["type": "text", "text": "Weather in Paris?"]]],
            ],
            "tools": [
                [
                    "name": "get_weather", "description": "Current weather",
                    "parameters": ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]],
                ]
            ],
            "tool_choice": ["name": "get_weather"],
            "temperature": 0.5,
            "top_p": 0.25,
            "max_output_tokens": 256,
            "stop": ["END", "STOP"],
            "response_format": ["type": "json_object"],
            "thinking": ["budget_tokens": 1024, "effort": "low"],
            "metadata": ["user": "u-1", "trace": "t-9"],
            "tags": ["team-a", "batch"],
        ]
        #expect(json == expected)
    }

    @Test("a full ChatRequest survives a round trip")
    func chatRequestRoundTrip() throws {
        #expect(try roundTripped(Self.fullRequest) == Self.fullRequest)
    }

    @Test("empty arrays and maps and nil options are omitted")
    func chatRequestOmitsEmpty() throws {
        let request = ChatRequest(model: "m", messages: [], tools: [], stop: [], metadata: [:], tags: [])
        #expect(try encodedText(request) == #"{"messages":[],"model":"m"}"#)
    }

    @Test("only model and messages are required on decode")
    func chatRequestMinimalDecode() throws {
        let request = try decoded(ChatRequest.self, #"{"model":"m","messages":[{"role":"user","content":"hi"}]}"#)
        #expect(request == ChatRequest(model: "m", messages: [.user("hi")]))
        #expect(request.tools.isEmpty && request.stop.isEmpty && request.metadata.isEmpty && request.tags.isEmpty)
        #expect(
            request.toolChoice == nil && request.temperature == nil && request.responseFormat == nil
                && request.thinking == nil)
        #expect(throws: DecodingError.self) { try decoded(ChatRequest.self, #"{"messages":[]}"#) }
        #expect(throws: DecodingError.self) { try decoded(ChatRequest.self, #"{"model":"m"}"#) }
    }

    @Test("a tool definition without description omits it and defaults its parameters to an object schema")
    func toolDefinitionDefaults() throws {
        #expect(try encodedText(ToolDefinition(name: "f")) == #"{"name":"f","parameters":{"type":"object"}}"#)
    }

    @Test("thinking options use budget_tokens and effort, each optional")
    func thinkingOptions() throws {
        #expect(try encodedText(ThinkingOptions(budgetTokens: 4096)) == #"{"budget_tokens":4096}"#)
        #expect(try encodedText(ThinkingOptions(effort: "high")) == #"{"effort":"high"}"#)
        #expect(
            try decoded(ThinkingOptions.self, #"{"budget_tokens":5,"effort":"medium"}"#)
                == ThinkingOptions(budgetTokens: 5, effort: "medium"))
    }

    // MARK: Message

    @Test("a message encodes its content as an array of parts")
    func messageEncoding() throws {
        #expect(
            try encodedText(Message.assistant("Hi")) == #"{"content":[{"text":"Hi","type":"text"}],"role":"assistant"}"#
        )
    }

    @Test("a message's content may be a plain string on decode", arguments: Role.allRoles)
    func messagePlainString(role: Role) throws {
        let message = try decoded(Message.self, #"{"role":"\#(role.rawValue)","content":"Hello there"}"#)
        #expect(message == Message(role: role, content: [.text("Hello there")]))
        #expect(message.text == "Hello there")
    }

    @Test("a message's text joins its text parts only")
    func messageText() {
        let message = Message(role: .assistant, content: [.text("a"), .thinking(Thinking(text: "hmm")), .text("b")])
        #expect(message.text == "ab")
    }

    @Test("a message with an unknown role or wrong content is rejected")
    func messageInvalid() {
        #expect(throws: DecodingError.self) { try decoded(Message.self, #"{"role":"robot","content":"x"}"#) }
        #expect(throws: DecodingError.self) { try decoded(Message.self, #"{"role":"user","content":42}"#) }
    }

    // MARK: ContentPart

    static let contentParts: [(ContentPart, JSONValue)] = [
        (.text("Hello"), ["type": "text", "text": "Hello"]),
        (.image(.url("https://example.com/cat.png")), ["type": "image", "url": "https://example.com/cat.png"]),
        (
            .image(.base64(data: "iVBORw0KGgo=", mediaType: "image/png")),
            ["type": "image", "data": "iVBORw0KGgo=", "media_type": "image/png"]
        ),
        (
            .thinking(Thinking(text: "Let me think", signature: "sig==")),
            ["type": "thinking", "text": "Let me think", "signature": "sig=="]
        ),
        (.thinking(Thinking(text: "unsigned")), ["type": "thinking", "text": "unsigned"]),
        (
            .toolCall(ToolCall(id: "call_1", name: "get_weather", arguments: #"{"city":"Paris"}"#)),
            ["type": "tool_call", "id": "call_1", "name": "get_weather", "arguments": #"{"city":"Paris"}"#]
        ),
        (
            .toolCall(ToolCall(id: "call_2", name: "broken", arguments: #"{"city":"#)),
            ["type": "tool_call", "id": "call_2", "name": "broken", "arguments": #"{"city":"#]
        ),
        (
            .toolResult(ToolResult(toolCallId: "call_1", content: "18°C", isError: false)),
            ["type": "tool_result", "tool_call_id": "call_1", "content": "18°C", "is_error": false]
        ),
        (
            .toolResult(ToolResult(toolCallId: "call_2", content: "no such city", isError: true)),
            ["type": "tool_result", "tool_call_id": "call_2", "content": "no such city", "is_error": true]
        ),
    ]

    @Test("every content part encodes to its documented JSON and back", arguments: contentParts)
    func contentPart(part: ContentPart, json: JSONValue) throws {
        #expect(try encodedJSON(part) == json)
        #expect(try roundTripped(part) == part)
        #expect(try JSONDecoder().decode(ContentPart.self, from: JSONEncoder().encode(json)) == part)
    }

    @Test("a tool result without is_error decodes as a success")
    func toolResultDefault() throws {
        let part = try decoded(ContentPart.self, #"{"type":"tool_result","tool_call_id":"c","content":"ok"}"#)
        #expect(part == .toolResult(ToolResult(toolCallId: "c", content: "ok", isError: false)))
    }

    @Test("an image with a url prefers it; without, it needs data and media_type")
    func imageDecoding() throws {
        #expect(
            try decoded(ContentPart.self, #"{"type":"image","url":"u","data":"d","media_type":"image/png"}"#)
                == .image(.url("u")))
        #expect(throws: DecodingError.self) { try decoded(ContentPart.self, #"{"type":"image","data":"d"}"#) }
    }

    @Test("an unknown content part type names itself and the known ones")
    func unknownContentPart() throws {
        let message = decodingFailure { _ = try decoded(ContentPart.self, #"{"type":"audio","data":"x"}"#) }
        #expect(
            message == #"unknown content part type "audio"; expected text, image, thinking, tool_call or tool_result"#)
    }

    // MARK: ToolChoice

    static let toolChoices: [(ToolChoice, String)] = [
        (ToolChoice.auto, #""auto""#), (ToolChoice.none, #""none""#), (ToolChoice.required, #""required""#),
        (ToolChoice.tool("get_weather"), #"{"name":"get_weather"}"#),
    ]

    @Test("tool_choice encodes each form and decodes it back", arguments: toolChoices)
    func toolChoice(choice: ToolChoice, json: String) throws {
        #expect(try encodedText(choice) == json)
        #expect(try decoded(ToolChoice.self, json) == choice)
    }

    @Test("an unknown tool_choice word is rejected with the accepted forms")
    func toolChoiceInvalidWord() {
        let message = decodingFailure { _ = try decoded(ToolChoice.self, #""sometimes""#) }
        #expect(message == #"unknown tool_choice "sometimes"; expected auto, none, required or {"name":…}"#)
    }

    @Test("a tool_choice object without name is rejected")
    func toolChoiceObjectWithoutName() {
        let message = decodingFailure { _ = try decoded(ToolChoice.self, #"{"tool":"f"}"#) }
        #expect(message == #"tool_choice object needs "name""#)
    }

    // MARK: ResponseFormat

    static let responseFormats: [(ResponseFormat, JSONValue)] = [
        (.text, ["type": "text"]),
        (.jsonObject, ["type": "json_object"]),
        (
            .jsonSchema(
                name: "person", schema: ["type": "object", "properties": ["age": ["type": "integer"]]], strict: false),
            [
                "type": "json_schema", "name": "person",
                "schema": ["type": "object", "properties": ["age": ["type": "integer"]]], "strict": false,
            ]
        ),
    ]

    @Test("response_format encodes each form and decodes it back", arguments: responseFormats)
    func responseFormat(format: ResponseFormat, json: JSONValue) throws {
        #expect(try encodedJSON(format) == json)
        #expect(try roundTripped(format) == format)
    }

    @Test("json_schema defaults its name to response and strict to true")
    func responseFormatDefaults() throws {
        let format = try decoded(ResponseFormat.self, #"{"type":"json_schema","schema":{"type":"string"}}"#)
        #expect(format == .jsonSchema(name: "response", schema: ["type": "string"], strict: true))
        #expect(throws: DecodingError.self) { try decoded(ResponseFormat.self, #"{"type":"json_schema"}"#) }
    }

    @Test("an unknown response_format type is rejected with the accepted ones")
    func responseFormatInvalid() {
        let message = decodingFailure { _ = try decoded(ResponseFormat.self, #"{"type":"yaml"}"#) }
        #expect(message == #"unknown response_format type "yaml"; expected text, json_object or json_schema"#)
    }

    // MARK: Usage

    @Test("usage totals add up the parts")
    func usageTotals() {
        let usage = Usage(
            inputUncached: 100, inputCacheRead: 20, inputCacheWrite: 3, outputText: 40, outputReasoning: 5)
        #expect(usage.inputTokens == 123)
        #expect(usage.outputTokens == 45)
        #expect(usage.totalTokens == 168)
        #expect(usage.estimated == false)
    }

    @Test("usage encodes every count, zeros included, and the service tier when there is one")
    func usageKeys() throws {
        let json = try encodedJSON(Usage(inputUncached: 1, outputText: 2, estimated: true))
        #expect(
            json == [
                "input_uncached": 1, "input_cache_read": 0, "input_cache_write": 0, "input_cache_write_extended": 0,
                "output_text": 2,
                "output_reasoning": 0,
                "estimated": true, "response_cache_hit": false,
            ])
        #expect(try encodedJSON(Usage.responseCache)["response_cache_hit"] == true)
        #expect(try encodedJSON(Usage(inputCacheWrite: 9, serviceTier: "flex"))["service_tier"] == "flex")
    }

    @Test("missing usage keys default to zero and not estimated")
    func usageDefaults() throws {
        #expect(try decoded(Usage.self, "{}") == Usage())
        #expect(
            try decoded(Usage.self, #"{"output_reasoning":7,"input_cache_read":3}"#)
                == Usage(inputCacheRead: 3, outputReasoning: 7))
        let full = Usage(
            inputUncached: 1, inputCacheRead: 2, inputCacheWrite: 3, outputText: 4, outputReasoning: 5, estimated: true)
        #expect(try roundTripped(full) == full)
        #expect(try decoded(Usage.self, #"{"response_cache_hit":true}"#) == Usage.responseCache)
        #expect(try roundTripped(Usage.responseCache) == Usage.responseCache)
    }

    // MARK: StreamEvent

    static let streamEvents: [(StreamEvent, JSONValue)] = [
        (.start(id: "resp_1", model: "gpt-4o"), ["type": "start", "id": "resp_1", "model": "gpt-4o"]),
        (.start(id: nil, model: "llama3"), ["type": "start", "model": "llama3"]),
        (.textDelta("Hel"), ["type": "text_delta", "text": "Hel"]),
        (.thinkingDelta(text: "hmm", signature: nil), ["type": "thinking_delta", "text": "hmm"]),
        (.thinkingDelta(text: "", signature: "sig"), ["type": "thinking_delta", "text": "", "signature": "sig"]),
        (
            .toolCallStart(index: 2, id: "call_1", name: "f"),
            ["type": "tool_call_start", "index": 2, "id": "call_1", "name": "f"]
        ),
        (
            .toolCallDelta(index: 2, arguments: #"{"a""#),
            ["type": "tool_call_delta", "index": 2, "arguments": #"{"a""#]
        ),
        (.toolCallEnd(index: 2), ["type": "tool_call_end", "index": 2]),
        (
            .usage(Usage(inputUncached: 10, outputText: 5)),
            [
                "type": "usage",
                "usage": [
                    "input_uncached": 10, "input_cache_read": 0, "input_cache_write": 0,
                    "input_cache_write_extended": 0, "output_text": 5,
                    "output_reasoning": 0, "estimated": false, "response_cache_hit": false,
                ],
            ]
        ),
        (.finish(.stop), ["type": "finish", "reason": "stop"]),
        (.finish(.toolCalls), ["type": "finish", "reason": "tool_calls"]),
        (.finish(FinishReason(rawValue: "end_turn")), ["type": "finish", "reason": "end_turn"]),
        (
            .error(ProviderError(.overloaded, "busy", provider: "anthropic", httpStatus: 529)),
            [
                "type": "error",
                "error": ["kind": "overloaded", "message": "busy", "provider": "anthropic", "http_status": 529],
            ]
        ),
    ]

    @Test("every stream event encodes to its documented JSON and back", arguments: streamEvents)
    func streamEvent(event: StreamEvent, json: JSONValue) throws {
        #expect(try encodedJSON(event) == json)
        #expect(try roundTripped(event) == event)
    }

    @Test("a thinking delta without text decodes with empty text")
    func thinkingDeltaWithoutText() throws {
        #expect(
            try decoded(StreamEvent.self, #"{"type":"thinking_delta","signature":"s"}"#)
                == .thinkingDelta(text: "", signature: "s"))
    }

    @Test("an unknown stream event type is rejected by name")
    func unknownStreamEvent() {
        let message = decodingFailure { _ = try decoded(StreamEvent.self, #"{"type":"ping"}"#) }
        #expect(message == #"unknown stream event type "ping""#)
    }

    @Test("the finish reasons have their documented raw values")
    func finishReasons() {
        #expect(
            [FinishReason.stop, .length, .toolCalls, .contentFilter].map(\.rawValue) == [
                "stop", "length", "tool_calls", "content_filter",
            ])
        #expect(FinishReason.length.description == "length")
    }

    // MARK: ChatResponse and ProviderHealth

    @Test("a chat response uses finish_reason and exposes its text and tool calls")
    func chatResponse() throws {
        let call = ToolCall(id: "c1", name: "f", arguments: "{}")
        let response = ChatResponse(
            id: "r1", model: "m", provider: "p",
            content: [.text("a"), .toolCall(call), .thinking(Thinking(text: "t")), .text("b")],
            finishReason: .toolCalls, usage: Usage(outputText: 3)
        )
        #expect(
            keys(of: try encodedJSON(response)) == ["content", "finish_reason", "id", "model", "provider", "usage"])
        #expect(try roundTripped(response) == response)
        #expect(response.text == "ab")
        #expect(response.toolCalls == [call])
    }

    @Test("provider health uses latency_ms")
    func providerHealth() throws {
        let health = ProviderHealth(status: .degraded, message: "slow", latencyMilliseconds: 12.5)
        #expect(try encodedJSON(health) == ["status": "degraded", "message": "slow", "latency_ms": 12.5])
        #expect(try decoded(ProviderHealth.self, #"{"status":"ok"}"#) == ProviderHealth(status: .ok))
    }

    // MARK: ProviderError

    @Test("a provider error encodes kind, message, provider, http_status and retry_after")
    func providerErrorKeys() throws {
        let error = ProviderError(.rateLimited, "slow down", provider: "openai", httpStatus: 429, retryAfter: 2.5)
        #expect(
            try encodedText(error)
                == #"{"http_status":429,"kind":"rate_limited","message":"slow down","provider":"openai","retry_after":2.5}"#
        )
        #expect(try roundTripped(error) == error)
        #expect(try encodedText(ProviderError(.server, "boom")) == #"{"kind":"server","message":"boom"}"#)
    }

    @Test("a provider error's reason crosses as reason, in both JSON paths")
    func providerErrorReason() throws {
        let error = ProviderError(
            .connection, "cannot connect to http://127.0.0.1:1 (connection refused); is the server running?",
            reason: .serverNotRunning)
        #expect(try encodedText(error).contains(#""reason":"server_not_running""#))
        #expect(try roundTripped(error) == error)
        let fast = ProviderError(
            json: try JSONParser.parse(#"{"kind":"connection","message":"x","reason":"connection_refused"}"#))
        #expect(fast?.reason == .connectionRefused)
        let event = StreamEvent.error(error)
        let bytes = event.jsonBytes()
        #expect(
            try bytes.withUnsafeBytes { try StreamEvent(jsonBytes: $0) } == event, "the fast writer keeps the reason")
    }

    @Test("a provider error with an unknown kind decodes and keeps it")
    func providerErrorUnknownKind() throws {
        let error = try decoded(ProviderError.self, #"{"kind":"quota_exceeded","message":"out of credit"}"#)
        #expect(error.kind == ProviderError.Kind(rawValue: "quota_exceeded"))
        #expect(error.kind.description == "quota_exceeded")
        #expect(error.isRetryable == false)
        #expect(error.provider == nil && error.httpStatus == nil && error.retryAfter == nil)
    }

    @Test(
        "a provider error describes itself in one line",
        arguments: [
            (ProviderError(.server, "boom"), "server: boom"),
            (ProviderError(.authentication, "bad key", provider: "openai"), "openai: authentication: bad key"),
            (
                ProviderError(.rateLimited, "slow down", provider: "openai", httpStatus: 429, retryAfter: 2.5),
                "openai: rate_limited: slow down (HTTP 429; retry after 2.5 s)"
            ),
            (
                ProviderError(.overloaded, "busy", httpStatus: 529, retryAfter: 30),
                "overloaded: busy (HTTP 529; retry after 30 s)"
            ),
            (ProviderError(.rateLimited, "x", retryAfter: 1.234), "rate_limited: x (retry after 1.23 s)"),
            (ProviderError(.rateLimited, "x", retryAfter: 0.005), "rate_limited: x (retry after 0.01 s)"),
            (ProviderError(.rateLimited, "x", retryAfter: 0), "rate_limited: x (retry after 0 s)"),
            (
                ProviderError(
                    .connection, "cannot connect to http://127.0.0.1:1234 (connection refused); is the server running?",
                    provider: "lmstudio", reason: .serverNotRunning),
                "lmstudio: cannot connect to http://127.0.0.1:1234 (connection refused); is the server running?"
            ),
        ]
    )
    func providerErrorDescription(error: ProviderError, description: String) {
        #expect(error.description == description)
        #expect("\(error)" == description)
    }

    static let retryableKinds: Set<ProviderError.Kind> = [
        .rateLimited, .overloaded, .timeout, .connection, .server, .pluginCrashed, .unavailable,
    ]

    @Test(
        "exactly rate_limited, overloaded, timeout, connection, server, plugin_crashed and unavailable are retryable",
        arguments: ProviderError.Kind.all)
    func providerErrorRetryable(kind: ProviderError.Kind) {
        #expect(ProviderError(kind, "x").isRetryable == Self.retryableKinds.contains(kind))
    }

    @Test("the kinds have their documented raw values and are all listed once")
    func providerErrorKinds() {
        #expect(
            ProviderError.Kind.all.map(\.rawValue) == [
                "authentication", "permission", "rate_limited", "overloaded", "context_window_exceeded",
                "content_policy",
                "invalid_request", "not_found", "timeout", "connection", "server", "cancelled", "unsupported",
                "budget_exceeded", "plugin_crashed", "unavailable",
            ])
        #expect(Set(ProviderError.Kind.all).count == ProviderError.Kind.all.count)
    }

    @Test("any error wraps into the taxonomy")
    func providerErrorWrapping() throws {
        let kept = ProviderError(ProviderError(.timeout, "slow", provider: "inner"), provider: "outer")
        #expect(kept == ProviderError(.timeout, "slow", provider: "inner"))
        #expect(ProviderError(ProviderError(.timeout, "slow"), provider: "outer").provider == "outer")

        let cancelled = ProviderError(CancellationError(), provider: "p")
        #expect(cancelled.kind == .cancelled && cancelled.provider == "p")

        let decodingError = try #require(throws: DecodingError.self) {
            try decoded(Usage.self, #"{"output_text":"many"}"#)
        }
        let wrappedDecoding = ProviderError(decodingError, provider: "p")
        #expect(wrappedDecoding.kind == .server)
        #expect(wrappedDecoding.message.hasPrefix("could not decode: expected Int at output_text"))

        let plain = ProviderError(PlainError("disk on fire"), provider: nil)
        #expect(plain.kind == .server && plain.message.contains("disk on fire") && plain.provider == nil)
    }

    // MARK: ModelInfo and Pricing

    @Test("model info encodes its capabilities sorted and every documented key")
    func modelInfoEncoding() throws {
        let model = ModelInfo(
            id: "gpt-4o", displayName: "GPT-4o", capabilities: [.vision, .tools, .chat, .jsonSchema],
            contextWindow: 128_000, maxOutputTokens: 16_384,
            pricing: Pricing(input: 2.5, output: 10, cacheRead: 1.25, cacheWrite: 3.75, reasoning: 12),
            tier: .advanced, local: false
        )
        #expect(
            try encodedText(model) == """
                {"capabilities":["chat","json_schema","tools","vision"],"context_window":128000,"display_name":"GPT-4o",\
                "id":"gpt-4o","local":false,"max_output_tokens":16384,\
                "pricing":{"cache_read":1.25,"cache_write":3.75,"input":2.5,"output":10,"reasoning":12},"tier":"advanced"}
                """)
        #expect(try roundTripped(model) == model)
        // The order must not depend on the set's (per-process random) iteration order.
        let json = try encodedJSON(ModelInfo(id: "m", capabilities: Set(Capability.allCases)))
        #expect(json["capabilities"] == .array(Capability.allCases.map(\.rawValue).sorted().map(JSONValue.string)))
    }

    @Test("model info defaults what its JSON leaves out")
    func modelInfoDefaults() throws {
        let model = try decoded(ModelInfo.self, #"{"id":"llama3"}"#)
        #expect(model == ModelInfo(id: "llama3"))
        #expect(model.capabilities == [.chat] && model.tier == .standard && model.local == false)
        #expect(
            model.displayName == nil && model.contextWindow == nil && model.maxOutputTokens == nil
                && model.pricing == nil)
        #expect(try encodedText(model) == #"{"capabilities":["chat"],"id":"llama3","local":false,"tier":"standard"}"#)
        #expect(try decoded(Pricing.self, #"{"input":1,"output":2}"#) == Pricing(input: 1, output: 2))
    }

    @Test("tiers order fast < standard < advanced")
    func tierOrder() {
        #expect(Tier.fast < .standard && Tier.standard < .advanced && !(Tier.advanced < .fast))
        #expect([Tier.advanced, .fast, .standard].sorted() == [.fast, .standard, .advanced])
    }

    static let full = Usage(
        inputUncached: 1_000_000, inputCacheRead: 400_000, inputCacheWrite: 200_000, outputText: 100_000,
        outputReasoning: 50_000)

    static let costCases: [(Pricing, Usage, Double)] = [
        // 1M×2.5 + 0.4M×1.25 + 0.2M×3.75 + 0.1M×10 + 0.05M×20 = 2.5 + 0.5 + 0.75 + 1 + 1
        (Pricing(input: 2.5, output: 10, cacheRead: 1.25, cacheWrite: 3.75, reasoning: 20), full, 5.75),
        // 1.6M×2 + 0.15M×8
        (Pricing(input: 2, output: 8), full, 4.4),
        (Pricing(input: 3, output: 15), Usage(inputUncached: 1_000), 0.003),
        (Pricing(input: 3, output: 15, cacheRead: 0.3), Usage(inputCacheRead: 1_000_000), 0.3),
        (Pricing(input: 3, output: 15), Usage(inputCacheRead: 1_000_000), 3),
        (Pricing(input: 3, output: 15, cacheWrite: 3.75), Usage(inputCacheWrite: 2_000_000), 7.5),
        (Pricing(input: 3, output: 15), Usage(inputCacheWrite: 2_000_000), 6),
        (Pricing(input: 3, output: 15), Usage(outputText: 200_000), 3),
        (Pricing(input: 3, output: 15, reasoning: 60), Usage(outputReasoning: 500_000), 30),
        (Pricing(input: 3, output: 15), Usage(outputReasoning: 500_000), 7.5),
        (Pricing(input: 3, output: 15, cacheRead: 0, cacheWrite: 0, reasoning: 0), full, 3 + 1.5),
        (Pricing(input: 3, output: 15), Usage(), 0),
        // At the threshold the usual prices apply: 0.2M×1.25 + 0.01M×10
        (geminiPro, Usage(inputUncached: 200_000, outputText: 10_000), 0.35),
        // Over it, every token at the tier: 0.15M×2.5 + 0.1M×0.25 + 0.01M×15 + 0.005M×15 = 0.375 + 0.025 + 0.15 + 0.075
        (
            geminiPro,
            Usage(inputUncached: 150_000, inputCacheRead: 100_000, outputText: 10_000, outputReasoning: 5_000), 0.625
        ),
        // Cache writes count towards the prompt and fall back to the tier's input price: 0.2M×2.5 + 0.001M×2.5
        (geminiPro, Usage(inputUncached: 1_000, inputCacheWrite: 200_000), 0.5025),
    ]

    /// Gemini 2.5 Pro's prices: a long-context tier above 200k prompt tokens.
    static let geminiPro = Pricing(
        input: 1.25, output: 10, cacheRead: 0.125,
        longContext: LongContextPricing(aboveInputTokens: 200_000, input: 2.5, output: 15, cacheRead: 0.25))

    @Test("the long-context tier is encoded as an optional object that older readers skip")
    func longContextPricingCoding() throws {
        #expect(
            try encodedText(Self.geminiPro) == """
                {"cache_read":0.125,"input":1.25,\
                "long_context":{"above_input_tokens":200000,"cache_read":0.25,"input":2.5,"output":15},"output":10}
                """)
        #expect(try decoded(Pricing.self, try encodedText(Self.geminiPro)) == Self.geminiPro)
        // A reader that predates `long_context`: the fields it knows, decoded from the new JSON.
        struct OlderPricing: Decodable, Equatable {
            var input: Double
            var output: Double
            var cacheRead: Double?
            enum CodingKeys: String, CodingKey { case input, output, cacheRead = "cache_read" }
        }
        #expect(
            try decoded(OlderPricing.self, try encodedText(Self.geminiPro))
                == OlderPricing(input: 1.25, output: 10, cacheRead: 0.125))
    }

    /// Claude-like prices: a 5-minute cache write at 1.25× input, a 1-hour one at 2×, a priority tier, from a page.
    static let tiered = Pricing(
        input: 4, output: 20, cacheRead: 0.4, cacheWrite: 5, cacheWriteExtended: 8,
        serviceTiers: ["priority": Pricing(input: 6, output: 30, cacheRead: 0.6, cacheWrite: 7.5)],
        sourceURL: "https://vendor.example/pricing", asOf: "2026-12-04")

    @Test("cache-write retention, service tiers and the price's source are optional JSON members")
    func tieredPricingCoding() throws {
        #expect(
            try encodedText(Self.tiered) == """
                {"as_of":"2026-12-04","cache_read":0.4,"cache_write":5,"cache_write_extended":8,"input":4,"output":20,\
                "service_tiers":{"priority":{"cache_read":0.6,"cache_write":7.5,"input":6,"output":30}},\
                "source_url":"https://vendor.example/pricing"}
                """)
        #expect(try decoded(Pricing.self, try encodedText(Self.tiered)) == Self.tiered)
    }

    @Test("1-hour cache writes are billed at their own price, the rest of the writes at the 5-minute one")
    func extendedCacheWrites() {
        let usage = Usage(
            inputUncached: 100, inputCacheRead: 1000, inputCacheWrite: 3000, inputCacheWriteExtended: 2000,
            outputText: 50)
        let dollars: Double = (400 + 400 + 5000 + 16000 + 1000) / 1e6
        #expect(isClose(Self.tiered.cost(of: usage), dollars))
        // Without a 1-hour price the writes fall back to the 5-minute one, then to input.
        let atFiveMinutes: Double = (400 + 4000 + 15000 + 1000) / 1e6
        #expect(isClose(Pricing(input: 4, output: 20, cacheWrite: 5).cost(of: usage), atFiveMinutes))
        let atInput: Double = (16400 + 1000) / 1e6
        #expect(isClose(Pricing(input: 4, output: 20).cost(of: usage), atInput))
    }

    @Test("a request served in a listed tier is billed at that tier's prices; any other tier at the standard ones")
    func serviceTierCost() {
        var usage = Usage(inputUncached: 1000, inputCacheRead: 2000, inputCacheWrite: 500, outputText: 100)
        let standard: Double = (4000 + 800 + 2500 + 2000) / 1e6
        #expect(isClose(Self.tiered.cost(of: usage), standard))
        usage.serviceTier = "standard"
        #expect(isClose(Self.tiered.cost(of: usage), standard))
        usage.serviceTier = "priority"
        let priority: Double = (6000 + 1200 + 3750 + 3000) / 1e6
        #expect(isClose(Self.tiered.cost(of: usage), priority))
    }

    @Test("a tier's own long-context prices apply to long prompts served in that tier")
    func serviceTierWithLongContext() {
        let pricing = Pricing(
            input: 1, output: 2,
            serviceTiers: [
                "flex": Pricing(
                    input: 0.5, output: 1,
                    longContext: LongContextPricing(aboveInputTokens: 100, input: 0.75, output: 1.5))
            ])
        let usage = Usage(inputUncached: 200, outputText: 10, serviceTier: "flex")
        let longFlex: Double = (150 + 15) / 1e6
        #expect(isClose(pricing.cost(of: usage), longFlex))
    }

    @Test("the reservation rates are the highest any tier, cache operation or long prompt could bill")
    func highestRates() {
        let withLongContext = Pricing(
            input: 1, output: 2, cacheWriteExtended: 2.5, reasoning: 3,
            longContext: LongContextPricing(aboveInputTokens: 100, input: 2, output: 4),
            serviceTiers: ["priority": Pricing(input: 1.5, output: 2.5)])
        #expect(withLongContext.highestRates(promptTokens: 100) == (input: 2.5, output: 3))
        #expect(withLongContext.highestRates(promptTokens: 101) == (input: 2.5, output: 4))
        #expect(Self.tiered.highestRates(promptTokens: 10) == (input: 8, output: 30))
    }

    @Test(
        "cost prices each kind of token, cache and reasoning prices falling back to input and output",
        arguments: costCases)
    func pricingCost(pricing: Pricing, usage: Usage, dollars: Double) {
        let cost = pricing.cost(of: usage)
        #expect(isClose(cost, dollars), "cost \(cost), expected \(dollars)")
    }

    // MARK: PluginManifest

    static func manifest(id: String = "openai", version: String = "1.0.0", models: [ModelInfo] = []) -> PluginManifest {
        PluginManifest(id: id, name: "OpenAI", version: version, models: models)
    }

    @Test("a valid manifest has no problems", arguments: ["openai", "a", "0x", "my.plugin_v-2", "9lives"])
    func validManifest(id: String) {
        let models = [
            ModelInfo(
                id: "a", contextWindow: 1, maxOutputTokens: 1,
                pricing: Pricing(input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0)),
            ModelInfo(id: "b"),
        ]
        #expect(Self.manifest(id: id, models: models).validationProblems() == [])
    }

    @Test(
        "an id must be lowercase letters, digits, '.', '_' or '-' starting with a letter or digit",
        arguments: [
            "", "OpenAI", "-openai", ".openai", "_openai", "open ai", "open/ai", "öpen", "openai!",
        ])
    func invalidID(id: String) {
        #expect(
            Self.manifest(id: id).validationProblems() == [
                "\"id\" must be lowercase letters, digits, '.', '_' or '-' starting with a letter or digit; found \"\(id)\""
            ])
    }

    @Test("the version must not be empty")
    func emptyVersion() {
        #expect(Self.manifest(version: "").validationProblems() == ["\"version\" must not be empty"])
    }

    @Test(
        "each model rule reports the model's index and the field",
        arguments: [
            (ModelInfo(id: ""), "models[1].id must not be empty"),
            (ModelInfo(id: "ok"), "models[1].id \"ok\" appears twice"),
            (ModelInfo(id: "m", contextWindow: 0), "models[1].context_window must be positive; found 0"),
            (ModelInfo(id: "m", contextWindow: -5), "models[1].context_window must be positive; found -5"),
            (ModelInfo(id: "m", maxOutputTokens: 0), "models[1].max_output_tokens must be positive; found 0"),
            (
                ModelInfo(id: "m", pricing: Pricing(input: -1, output: 1)),
                "models[1].pricing.input must be a non-negative number; found -1.0"
            ),
            (
                ModelInfo(id: "m", pricing: Pricing(input: 1, output: -0.5)),
                "models[1].pricing.output must be a non-negative number; found -0.5"
            ),
            (
                ModelInfo(id: "m", pricing: Pricing(input: 1, output: 1, cacheRead: -1)),
                "models[1].pricing.cache_read must be a non-negative number; found -1.0"
            ),
            (
                ModelInfo(id: "m", pricing: Pricing(input: 1, output: 1, cacheWrite: -2)),
                "models[1].pricing.cache_write must be a non-negative number; found -2.0"
            ),
            (
                ModelInfo(id: "m", pricing: Pricing(input: 1, output: 1, reasoning: -3)),
                "models[1].pricing.reasoning must be a non-negative number; found -3.0"
            ),
            (
                ModelInfo(id: "m", pricing: Pricing(input: .infinity, output: 1)),
                "models[1].pricing.input must be a non-negative number; found inf"
            ),
            (
                ModelInfo(id: "m", pricing: Pricing(input: 1, output: .nan)),
                "models[1].pricing.output must be a non-negative number; found nan"
            ),
            (
                ModelInfo(
                    id: "m",
                    pricing: Pricing(
                        input: 1, output: 1,
                        longContext: LongContextPricing(aboveInputTokens: 0, input: 2, output: 2))),
                "models[1].pricing.long_context.above_input_tokens must be positive; found 0"
            ),
            (
                ModelInfo(
                    id: "m",
                    pricing: Pricing(
                        input: 1, output: 1,
                        longContext: LongContextPricing(aboveInputTokens: 10, input: 2, output: 2, cacheRead: -4))),
                "models[1].pricing.long_context.cache_read must be a non-negative number; found -4.0"
            ),
            (
                ModelInfo(id: "m", pricing: Pricing(input: 1, output: 1, cacheWriteExtended: -2)),
                "models[1].pricing.cache_write_extended must be a non-negative number; found -2.0"
            ),
            (
                ModelInfo(
                    id: "m",
                    pricing: Pricing(input: 1, output: 1, serviceTiers: ["flex": Pricing(input: -1, output: 1)])),
                "models[1].pricing.service_tiers.flex.input must be a non-negative number; found -1.0"
            ),
            (
                ModelInfo(
                    id: "m",
                    pricing: Pricing(
                        input: 1, output: 1,
                        serviceTiers: [
                            "priority": Pricing(
                                input: 2, output: 2, serviceTiers: ["flex": Pricing(input: 1, output: 1)])
                        ])),
                "models[1].pricing.service_tiers.priority.service_tiers: a service tier has no tiers of its own"
            ),
            (
                ModelInfo(id: "m", pricing: Pricing(input: 1, output: 1, asOf: "4 Dec 2026")),
                "models[1].pricing.as_of must be a date written YYYY-MM-DD; found \"4 Dec 2026\""
            ),
            (
                ModelInfo(id: "m", pricing: Pricing(input: 1, output: 1, asOf: "2026-13-04")),
                "models[1].pricing.as_of must be a date written YYYY-MM-DD; found \"2026-13-04\""
            ),
        ])
    func modelRule(model: ModelInfo, problem: String) {
        #expect(Self.manifest(models: [ModelInfo(id: "ok"), model]).validationProblems() == [problem])
    }

    @Test("problems accumulate in order")
    func severalProblems() {
        let manifest = Self.manifest(
            id: "Bad", version: "", models: [ModelInfo(id: "", contextWindow: 0), ModelInfo(id: "")])
        #expect(
            manifest.validationProblems() == [
                "\"id\" must be lowercase letters, digits, '.', '_' or '-' starting with a letter or digit; found \"Bad\"",
                "\"version\" must not be empty",
                "models[0].id must not be empty",
                "models[0].context_window must be positive; found 0",
                "models[1].id must not be empty",
                "models[1].id \"\" appears twice",
            ])
    }

    @Test("a manifest defaults its optional fields and uses provider_kinds and default")
    func manifestCoding() throws {
        let manifest = try decoded(PluginManifest.self, #"{"id":"echo","version":"1.0.0"}"#)
        #expect(manifest == PluginManifest(id: "echo", name: "echo", version: "1.0.0"))
        let full = PluginManifest(
            id: "openai", name: "OpenAI", version: "2.0.0", description: "OpenAI-compatible",
            providerKinds: ["openai", "azure"],
            settings: [
                SettingDescriptor(
                    name: "base_url", type: "string", description: "Base URL",
                    defaultValue: "https://api.openai.com/v1", secret: false, required: true)
            ],
            models: [ModelInfo(id: "gpt-4o")]
        )
        let json = try encodedJSON(full)
        #expect(keys(of: json) == ["description", "id", "models", "name", "provider_kinds", "settings", "version"])
        #expect(
            json["settings"] == [
                [
                    "name": "base_url", "type": "string", "description": "Base URL",
                    "default": "https://api.openai.com/v1", "secret": false,
                    "required": true,
                ]
            ])
        #expect(try roundTripped(full) == full)
        #expect(
            try decoded(SettingDescriptor.self, #"{"name":"api_key"}"#)
                == SettingDescriptor(name: "api_key", type: "string", description: ""))
    }
}

extension Role {
    static let allRoles: [Role] = [.system, .user, .assistant, .tool]
}
