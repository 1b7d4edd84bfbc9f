/// The state machine from OpenAI's server-sent chunks to ``StreamEvent``s.
///
/// Feed it every event with ``decode(_:)`` until ``isComplete``; if the stream ends first, call ``end()``, which
/// finishes an answer whose `finish_reason` arrived and throws for one cut off before it.
public struct OpenAIStreamDecoder: StreamDecoder {
    /// One server-sent event of the stream.
    public typealias Input = ServerSentEvent

    /// A tool call seen in the stream, started once its name is known.
    private struct OpenCall {
        var id: String?
        var name: String?
        var started = false
        var pendingArguments = ""
    }

    private let provider: String
    private let requestedModel: String
    private let errorMapper: OpenAIErrorMapper
    private var started = false
    private var calls: [Int: OpenCall] = [:]
    private var callOrder: [Int] = []
    private var sawToolCalls = false
    private var finishReason: FinishReason?
    private var usage: Usage?
    /// The tier the chunks say served the request; every chunk repeats it.
    private var serviceTier: String?

    /// Whether `finish` has been emitted; nothing after it matters.
    public private(set) var isComplete = false

    /// Creates a decoder for an answer to a request that named `model`.
    public init(provider: String, model: String, errorMapper: OpenAIErrorMapper) {
        self.provider = provider
        self.requestedModel = model
        self.errorMapper = errorMapper
    }

    /// The events one server-sent event yields.
    /// - Throws: the mapped ``ProviderError`` of an in-stream error, or `server` for a chunk that is not JSON.
    public mutating func decode(_ event: ServerSentEvent) throws -> [StreamEvent] {
        guard !isComplete else { return [] }
        let data = event.data
        if Self.isDone(data) {
            if finishReason == nil { finishReason = sawToolCalls ? .toolCalls : .stop }
            return closeCalls() + complete()
        }
        let chunk: OpenAIWire.Chunk
        do {
            chunk = try OpenAIWire.Chunk(json: JSONParser.parse(data))
        } catch {
            throw ProviderError(
                .server,
                "the stream sent an event that is not a chat completion chunk: \(error.briefDescription)",
                provider: provider
            )
        }
        return try decode(chunk: chunk)
    }

    /// The events of a whole `chat.completion` a server sent instead of a stream: its one message read as one delta,
    /// then what `[DONE]` owes. A completion without `finish_reason` is complete all the same: `stop`, or
    /// `tool_calls` when it called tools.
    /// - Throws: the mapped ``ProviderError`` of an `{"error":…}` document, or `server` for one that is not a chat
    ///   completion.
    public mutating func decode(document: [UInt8]) throws -> [StreamEvent] {
        let completion: OpenAIWire.Chunk
        do {
            completion = try OpenAIWire.Chunk(completion: JSONParser.parse(document))
        } catch {
            throw ProviderError(
                .server,
                "the server answered the streamed request with JSON that is not a chat completion: "
                    + "\(error.briefDescription): \(String(decoding: document.prefix(200), as: UTF8.self))",
                provider: provider
            )
        }
        var events = try decode(chunk: completion)
        if finishReason == nil { finishReason = sawToolCalls ? .toolCalls : .stop }
        events += closeCalls() + complete()
        return events
    }

    /// The events of one chunk (or of a whole completion read as one).
    private mutating func decode(chunk: OpenAIWire.Chunk) throws -> [StreamEvent] {
        if let error = chunk.error { throw errorMapper.streamError(error) }
        if let tier = chunk.serviceTier { serviceTier = tier }

        var events: [StreamEvent] = []
        if !started {
            started = true
            let model = chunk.model.flatMap { $0.isEmpty ? nil : $0 } ?? requestedModel
            events.append(.start(id: chunk.id, model: model))
        }
        let choice = chunk.choices?.first { ($0.index ?? 0) == 0 }
        if let delta = choice?.delta {
            events += deltaEvents(delta)
        }
        if let reason = choice?.finishReason, finishReason == nil {
            finishReason = Self.finishReason(reason)
            events += closeCalls()
        }
        if let report = chunk.usage ?? chunk.xGroq?.usage {
            usage = Self.usage(report, serviceTier: serviceTier)
            if finishReason != nil && (chunk.choices ?? []).isEmpty {
                events += complete()
            }
        }
        return events
    }

    /// Whether `data` is `[DONE]`, allowing whitespace around it (without Foundation's trimming, which costs more
    /// than parsing a whole chunk).
    private static func isDone(_ data: String) -> Bool {
        guard let first = data.firstIndex(where: { !$0.isWhitespace }),
            let last = data.lastIndex(where: { !$0.isWhitespace })
        else { return false }
        return data[first...last] == "[DONE]"
    }

    /// The events owed when the stream ended without `[DONE]`.
    /// - Throws: `connection` when no `finish_reason` arrived: the answer was cut off.
    public mutating func end() throws -> [StreamEvent] {
        guard !isComplete else { return [] }
        guard finishReason != nil else {
            throw ProviderError(
                .connection,
                "the stream ended before the answer was complete (no finish_reason and no [DONE])",
                provider: provider
            )
        }
        return closeCalls() + complete()
    }

    private mutating func deltaEvents(_ delta: OpenAIWire.Delta) -> [StreamEvent] {
        var events: [StreamEvent] = []
        if let reasoning = [delta.reasoningContent, delta.reasoning].compactMap({ $0 }).first(where: { !$0.isEmpty }) {
            events.append(.thinkingDelta(text: reasoning, signature: nil))
        }
        switch delta.content {
        case .string(let text)?:
            if !text.isEmpty { events.append(.textDelta(text)) }
        case .array(let parts)?:
            events += parts.compactMap(Self.contentPartEvent)
        default:
            break
        }
        for (position, fragment) in (delta.toolCalls ?? []).enumerated() {
            events += toolCallEvents(fragment, position: position)
        }
        return events
    }

    /// A Mistral content part: `{"type":"text","text":…}` or `{"type":"thinking","thinking":[{"type":"text",…}]}`.
    private static func contentPartEvent(_ part: JSONValue) -> StreamEvent? {
        switch part["type"]?.stringValue {
        case "text":
            guard let text = part["text"]?.stringValue, !text.isEmpty else { return nil }
            return .textDelta(text)
        case "thinking":
            let text = (part["thinking"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }.joined()
            return text.isEmpty ? nil : .thinkingDelta(text: text, signature: nil)
        default:
            return nil
        }
    }

    private mutating func toolCallEvents(_ fragment: OpenAIWire.ToolCallDelta, position: Int) -> [StreamEvent] {
        sawToolCalls = true
        let index = fragment.index ?? indexWithoutOne(for: fragment.id, position: position)
        if calls[index] == nil { callOrder.append(index) }
        var call = calls[index] ?? OpenCall()
        defer { calls[index] = call }
        if call.id == nil, let id = fragment.id, !id.isEmpty { call.id = id }
        if call.name == nil, let name = fragment.function?.name, !name.isEmpty { call.name = name }
        let arguments = fragment.function?.arguments ?? ""

        var events: [StreamEvent] = []
        if call.started {
            if !arguments.isEmpty { events.append(.toolCallDelta(index: index, arguments: arguments)) }
        } else {
            call.pendingArguments += arguments
            if call.name != nil { events += Self.start(&call, index: index) }
        }
        return events
    }

    /// The index of a fragment from a server that omits `index`: the call with the same id, a new call for a new id,
    /// else the latest call (or the fragment's position when there is none).
    private func indexWithoutOne(for id: String?, position: Int) -> Int {
        if let id, !id.isEmpty {
            if let known = callOrder.first(where: { calls[$0]?.id == id }) { return known }
            // After a server's absurd `index` of Int.max there is no next one: the fragment joins that call.
            let highest = callOrder.max() ?? -1
            return highest == .max ? highest : highest + 1
        }
        return callOrder.last ?? position
    }

    private static func start(_ call: inout OpenCall, index: Int) -> [StreamEvent] {
        call.started = true
        var events: [StreamEvent] = [
            .toolCallStart(index: index, id: call.id ?? "call_\(index)", name: call.name ?? "")
        ]
        if !call.pendingArguments.isEmpty {
            events.append(.toolCallDelta(index: index, arguments: call.pendingArguments))
            call.pendingArguments = ""
        }
        return events
    }

    /// Ends every open call, starting any whose name never arrived so its arguments are not lost.
    private mutating func closeCalls() -> [StreamEvent] {
        var events: [StreamEvent] = []
        for index in callOrder {
            guard var call = calls[index] else { continue }
            if !call.started { events += Self.start(&call, index: index) }
            events.append(.toolCallEnd(index: index))
        }
        calls.removeAll()
        callOrder.removeAll()
        return events
    }

    private mutating func complete() -> [StreamEvent] {
        isComplete = true
        var events: [StreamEvent] = []
        if !started { events.append(.start(id: nil, model: requestedModel)) }
        if let usage { events.append(.usage(usage)) }
        events.append(.finish(finishReason ?? .stop))
        return events
    }

    private static func finishReason(_ reason: String) -> FinishReason {
        switch reason {
        case "stop": .stop
        case "length": .length
        case "tool_calls", "function_call": .toolCalls
        case "content_filter": .contentFilter
        default: FinishReason(rawValue: reason)
        }
    }

    /// Splits OpenAI's totals: cached tokens (`prompt_tokens_details.cached_tokens`, or DeepSeek's
    /// `prompt_cache_hit_tokens`) out of the prompt, reasoning tokens out of the completion. A negative count reads as
    /// 0, so no figure a server sends can overflow the subtraction. The service tier is the one the chunks name, none
    /// for OpenAI's standard `default`.
    private static func usage(_ report: OpenAIWire.UsageReport, serviceTier: String?) -> Usage {
        let cached = max(0, report.promptTokensDetails?.cachedTokens ?? report.promptCacheHitTokens ?? 0)
        let reasoning = max(0, report.completionTokensDetails?.reasoningTokens ?? 0)
        return Usage(
            inputUncached: max(0, max(0, report.promptTokens ?? 0) - cached),
            inputCacheRead: cached,
            outputText: max(0, max(0, report.completionTokens ?? 0) - reasoning),
            outputReasoning: reasoning,
            serviceTier: serviceTier == "default" ? nil : serviceTier
        )
    }
}
