import SwitchboardKit
import Testing

@Suite("Stream accumulator")
struct StreamAccumulatorTests {
    /// Folds `events` into a fresh accumulator for provider `p` and model `requested`.
    static func accumulate(_ events: [StreamEvent]) throws -> StreamAccumulator {
        var accumulator = StreamAccumulator(provider: "p", model: "requested")
        for event in events { try accumulator.add(event) }
        return accumulator
    }

    static func response(_ events: [StreamEvent]) throws -> ChatResponse {
        try accumulate(events).response()
    }

    @Test("start sets the id and the model the provider reports")
    func start() throws {
        let response = try Self.response([.start(id: "resp_1", model: "gpt-4o-2024-08-06"), .finish(.stop)])
        #expect(response.id == "resp_1")
        #expect(response.model == "gpt-4o-2024-08-06")
        #expect(response.provider == "p")
        #expect(response.finishReason == .stop)
        #expect(response.content.isEmpty)
    }

    @Test("a start with an empty model keeps the requested one; no start leaves the id nil")
    func startWithoutModel() throws {
        #expect(try Self.response([.start(id: nil, model: ""), .finish(.stop)]).model == "requested")
        let response = try Self.response([.textDelta("x"), .finish(.length)])
        #expect(response.id == nil && response.model == "requested" && response.finishReason == .length)
    }

    @Test("text deltas concatenate into one text part")
    func textDeltas() throws {
        let response = try Self.response([
            .start(id: nil, model: "m"), .textDelta("Hel"), .textDelta("lo, "), .textDelta(""), .textDelta("world"),
            .finish(.stop),
        ])
        #expect(response.content == [.text("Hello, world")])
        #expect(response.text == "Hello, world")
    }

    @Test("thinking deltas concatenate and keep the signature that follows them")
    func thinkingWithSignature() throws {
        let response = try Self.response([
            .thinkingDelta(text: "Let me ", signature: nil),
            .thinkingDelta(text: "think.", signature: nil),
            .thinkingDelta(text: "", signature: "EqQBCgIYAh"),
            .thinkingDelta(text: "", signature: "Ig=="),
            .textDelta("Answer"),
            .finish(.stop),
        ])
        #expect(
            response.content == [
                .thinking(Thinking(text: "Let me think.", signature: "EqQBCgIYAhIg==")), .text("Answer"),
            ])
    }

    @Test("a part of another kind starts a new part, keeping the order")
    func partsInOrder() throws {
        let response = try Self.response([
            .thinkingDelta(text: "a", signature: nil), .textDelta("b"), .thinkingDelta(text: "c", signature: "s"),
            .textDelta("d"),
            .finish(.stop),
        ])
        #expect(
            response.content == [
                .thinking(Thinking(text: "a")), .text("b"), .thinking(Thinking(text: "c", signature: "s")), .text("d"),
            ])
    }

    @Test("tool calls are assembled from interleaved start, delta and end events, in start order")
    func interleavedToolCalls() throws {
        let response = try Self.response([
            .start(id: "r", model: "m"),
            .textDelta("Checking both."),
            .toolCallStart(index: 1, id: "call_b", name: "get_time"),
            .toolCallStart(index: 0, id: "call_a", name: "get_weather"),
            .toolCallDelta(index: 0, arguments: #"{"city":"#),
            .toolCallDelta(index: 1, arguments: #"{"tz":"#),
            .toolCallDelta(index: 0, arguments: #""Paris"}"#),
            .toolCallEnd(index: 0),
            .toolCallDelta(index: 1, arguments: #""CET"}"#),
            .toolCallEnd(index: 1),
            .finish(.toolCalls),
        ])
        let callB = ToolCall(id: "call_b", name: "get_time", arguments: #"{"tz":"CET"}"#)
        let callA = ToolCall(id: "call_a", name: "get_weather", arguments: #"{"city":"Paris"}"#)
        #expect(response.content == [.text("Checking both."), .toolCall(callB), .toolCall(callA)])
        #expect(response.toolCalls == [callB, callA])
        #expect(response.finishReason == .toolCalls)
    }

    @Test("a tool call without arguments has empty arguments, and text after it is a new part")
    func toolCallWithoutArguments() throws {
        let response = try Self.response([
            .textDelta("a"), .toolCallStart(index: 0, id: "c", name: "now"), .toolCallEnd(index: 0), .textDelta("b"),
            .finish(.stop),
        ])
        #expect(response.content == [.text("a"), .toolCall(ToolCall(id: "c", name: "now", arguments: "")), .text("b")])
    }

    @Test("the usage event is kept, wherever it arrives")
    func usageKept() throws {
        let usage = Usage(inputUncached: 12, inputCacheRead: 3, outputText: 7, outputReasoning: 2)
        #expect(try Self.response([.textDelta("a"), .usage(usage), .textDelta("b"), .finish(.stop)]).usage == usage)
        #expect(try Self.response([.textDelta("a"), .finish(.stop), .usage(usage)]).usage == usage)
    }

    @Test("without a usage event the usage is marked estimated")
    func missingUsage() throws {
        let usage = try Self.response([.textDelta("a"), .finish(.stop)]).usage
        #expect(usage.estimated)
        #expect(usage == Usage(estimated: true))
    }

    @Test("a stream without finish is a server error, never a short answer")
    func noFinish() throws {
        let accumulator = try Self.accumulate([
            .start(id: nil, model: "m"), .textDelta("partial"), .usage(Usage(outputText: 1)),
        ])
        #expect(accumulator.isFinished == false)
        let error = try #require(throws: ProviderError.self) { try accumulator.response() }
        #expect(error.kind == .server)
        #expect(error.provider == "p")
        #expect(error.message.contains("ended without a finish event"))
    }

    @Test("isFinished turns true with the finish event")
    func isFinished() throws {
        var accumulator = StreamAccumulator(provider: "p", model: "m")
        try accumulator.add(.textDelta("x"))
        #expect(!accumulator.isFinished)
        try accumulator.add(.finish(.contentFilter))
        #expect(accumulator.isFinished)
        #expect(try accumulator.response().finishReason == .contentFilter)
    }

    @Test("an error event is rethrown as it is")
    func errorEvent() throws {
        let streamed = ProviderError(.contextWindowExceeded, "too long", provider: "upstream", httpStatus: 400)
        var accumulator = StreamAccumulator(provider: "p", model: "m")
        try accumulator.add(.textDelta("x"))
        let error = try #require(throws: ProviderError.self) { try accumulator.add(.error(streamed)) }
        #expect(error == streamed)
    }

    @Test(
        "a tool call delta before its start is a server error naming the index",
        arguments: [[StreamEvent](), [.toolCallStart(index: 0, id: "c", name: "f")]])
    func deltaBeforeStart(before: [StreamEvent]) throws {
        var accumulator = try Self.accumulate(before)
        let error = try #require(throws: ProviderError.self) {
            try accumulator.add(.toolCallDelta(index: 3, arguments: "{}"))
        }
        #expect(error.kind == .server)
        #expect(error.provider == "p")
        #expect(error.message == "tool call argument delta for index 3 arrived before its start")
    }

    // MARK: Provider's derived members

    struct ScriptedProvider: Provider {
        let name = "scripted"
        let events: [StreamEvent]
        var failure: ProviderError? = nil

        func models() async throws -> [ModelInfo] { [] }

        func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
            let events = events
            let failure = failure
            return AsyncThrowingStream { continuation in
                for event in events { continuation.yield(event) }
                continuation.finish(throwing: failure)
            }
        }
    }

    @Test("complete folds the stream into a response from the provider")
    func providerComplete() async throws {
        let provider = ScriptedProvider(events: [
            .start(id: "r", model: ""), .textDelta("Hi"), .textDelta("!"), .finish(.stop),
        ])
        let response = try await provider.complete(ChatRequest(model: "m", messages: [.user("hello")]))
        #expect(
            response
                == ChatResponse(
                    id: "r", model: "m", provider: "scripted", content: [.text("Hi!")], finishReason: .stop,
                    usage: Usage(estimated: true)))
    }

    @Test("complete fails when the stream is cut off, with the stream's error or a server error")
    func providerCompleteCutOff() async throws {
        let request = ChatRequest(model: "m", messages: [])
        let cutOff = ScriptedProvider(events: [.textDelta("Hi")])
        let error = try await #require(throws: ProviderError.self) { try await cutOff.complete(request) }
        #expect(error.kind == .server && error.provider == "scripted")

        let failing = ScriptedProvider(events: [.textDelta("Hi")], failure: ProviderError(.connection, "reset"))
        await #expect(throws: ProviderError(.connection, "reset")) { try await failing.complete(request) }
    }

    @Test("the default health check reports ok")
    func providerHealth() async {
        let health = await ScriptedProvider(events: []).health()
        #expect(health.status == .ok)
    }
}
