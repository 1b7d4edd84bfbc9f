import SwitchboardKit

/// The state machine from Anthropic's server-sent events to ``StreamEvent``s.
///
/// Feed it every event with ``decode(_:)`` until ``isComplete`` (after `message_stop`); if the stream ends first,
/// ``end()`` throws: an answer without `message_stop` is cut off, never short.
struct AnthropicStreamDecoder: StreamDecoder {
    typealias Input = ServerSentEvent

    /// What an open content block is, by its index.
    private enum Block {
        case text
        case thinking
        /// A tool call; `input` is the complete input `content_block_start` carried, sent only if no delta follows.
        case toolUse(input: String?, sawDelta: Bool)
        /// A block this plugin does not surface (server tool results, future types).
        case other
    }

    private let provider: String
    private let requestedModel: String
    private let errorMapper: AnthropicErrorMapper
    private var started = false
    private var blocks: [Int: Block] = [:]
    private var usage: AnthropicWire.UsageReport?
    private var stopReason: String?
    /// Whether the last content event emitted was thinking, so a thinking block starting now needs a separator.
    private var lastContentWasThinking = false

    /// Whether `message_stop` has been decoded; nothing after it matters.
    private(set) var isComplete = false

    /// Creates a decoder for an answer to a request that named `model`.
    init(provider: String, model: String, errorMapper: AnthropicErrorMapper) {
        self.provider = provider
        self.requestedModel = model
        self.errorMapper = errorMapper
    }

    /// The events one server-sent event yields.
    /// - Throws: the mapped ``ProviderError`` of an `error` event, or `server` for data that is not a stream event.
    mutating func decode(_ event: ServerSentEvent) throws -> [StreamEvent] {
        guard !isComplete else { return [] }
        let payload: AnthropicWire.StreamPayload
        do {
            payload = try AnthropicWire.StreamPayload(json: JSONParser.parse(event.data))
        } catch {
            throw ProviderError(
                .server,
                "the stream sent a \"\(event.event)\" event that is not a Messages stream event: \(error.briefDescription)",
                provider: provider
            )
        }
        return try decode(payload: payload)
    }

    /// The events of a whole Messages response a server sent instead of a stream, as the stream of the same
    /// message would give them: `message_start`, each content block opened, filled and closed, `message_delta`
    /// with the stop reason, `message_stop`.
    /// - Throws: the mapped ``ProviderError`` of an `{"type":"error",…}` document, or `server` for one that is not a
    ///   message.
    mutating func decode(document: [UInt8]) throws -> [StreamEvent] {
        let message: AnthropicWire.MessageResponse
        do {
            message = try AnthropicWire.MessageResponse(json: JSONParser.parse(document))
        } catch {
            throw ProviderError(
                .server,
                "the server answered the streamed request with JSON that is not a Messages response: "
                    + "\(error.briefDescription): \(String(decoding: document.prefix(200), as: UTF8.self))",
                provider: provider
            )
        }
        var events: [StreamEvent] = []
        for payload in message.streamPayloads() {
            events += try decode(payload: payload)
        }
        return events
    }

    /// The events of one stream payload (or of one part of a whole message).
    private mutating func decode(payload: AnthropicWire.StreamPayload) throws -> [StreamEvent] {
        switch payload.type {
        case "message_start":
            guard !started else { return [] }
            started = true
            usage = payload.message?.usage
            let model = payload.message?.model.flatMap { $0.isEmpty ? nil : $0 } ?? requestedModel
            return [.start(id: payload.message?.id, model: model)]
        case "content_block_start":
            return noting(startIfNeeded() + blockStart(index: payload.index ?? 0, payload.contentBlock))
        case "content_block_delta":
            return noting(startIfNeeded() + blockDelta(index: payload.index ?? 0, payload.delta))
        case "content_block_stop":
            return blockStop(index: payload.index ?? 0)
        case "message_delta":
            if let reason = payload.delta?.stopReason { stopReason = reason }
            if let report = payload.usage { mergeUsage(report) }
            return []
        case "message_stop":
            return complete()
        case "error":
            throw errorMapper.streamError(payload.error)
        default:
            // `ping`, and event types Anthropic may add: its versioning policy says clients must ignore them.
            return []
        }
    }

    /// Called when the stream ended before ``isComplete``.
    /// - Throws: `connection`, always: without `message_stop` the answer is incomplete.
    func end() throws -> [StreamEvent] {
        guard !isComplete else { return [] }
        throw ProviderError(
            .connection,
            "the stream ended before the answer was complete (no message_stop event)",
            provider: provider
        )
    }

    /// `events`, after noting whether the last content among them was thinking.
    private mutating func noting(_ events: [StreamEvent]) -> [StreamEvent] {
        for event in events {
            switch event {
            case .thinkingDelta: lastContentWasThinking = true
            case .textDelta, .toolCallStart, .toolCallDelta: lastContentWasThinking = false
            default: break
            }
        }
        return events
    }

    private mutating func startIfNeeded() -> [StreamEvent] {
        guard !started else { return [] }
        started = true
        return [.start(id: nil, model: requestedModel)]
    }

    private mutating func blockStart(index: Int, _ block: AnthropicWire.ContentBlockStart?) -> [StreamEvent] {
        switch block?.type {
        case "text"?:
            blocks[index] = .text
            guard let text = block?.text, !text.isEmpty else { return [] }
            return [.textDelta(text)]
        case "thinking"?:
            blocks[index] = .thinking
            var events = thinkingSeparator()
            if let text = block?.thinking, !text.isEmpty { events.append(.thinkingDelta(text: text, signature: nil)) }
            if let signature = block?.signature, !signature.isEmpty {
                events.append(.thinkingDelta(text: "", signature: signature))
            }
            return events
        case "redacted_thinking"?:
            blocks[index] = .thinking
            return thinkingSeparator()
                + [.thinkingDelta(text: "", signature: AnthropicWire.redactedThinkingPrefix + (block?.data ?? ""))]
        case "tool_use"?:
            let input = block?.input.flatMap(Self.nonEmptyJSONText)
            blocks[index] = .toolUse(input: input, sawDelta: false)
            return [.toolCallStart(index: index, id: block?.id ?? "toolu_\(index)", name: block?.name ?? "")]
        default:
            blocks[index] = .other
            return []
        }
    }

    private mutating func blockDelta(index: Int, _ delta: AnthropicWire.Delta?) -> [StreamEvent] {
        switch delta?.type {
        case "text_delta"?:
            guard let text = delta?.text, !text.isEmpty else { return [] }
            return [.textDelta(text)]
        case "thinking_delta"?:
            guard let text = delta?.thinking, !text.isEmpty else { return [] }
            return [.thinkingDelta(text: text, signature: nil)]
        case "signature_delta"?:
            guard let signature = delta?.signature, !signature.isEmpty else { return [] }
            return [.thinkingDelta(text: "", signature: signature)]
        case "input_json_delta"?:
            guard case .toolUse(let input, _)? = blocks[index] else { return [] }
            blocks[index] = .toolUse(input: input, sawDelta: true)
            guard let fragment = delta?.partialJSON, !fragment.isEmpty else { return [] }
            return [.toolCallDelta(index: index, arguments: fragment)]
        default:
            return []
        }
    }

    /// An empty text delta when a thinking block follows another directly: a stream consumer (the SDK's
    /// `StreamAccumulator` among them) folds consecutive thinking deltas into one part, which would fuse the two
    /// blocks and their signatures; the empty text keeps them apart, and the request mapper drops it on the way back.
    private func thinkingSeparator() -> [StreamEvent] {
        lastContentWasThinking ? [.textDelta("")] : []
    }

    private mutating func blockStop(index: Int) -> [StreamEvent] {
        defer { blocks[index] = nil }
        guard case .toolUse(let input, let sawDelta)? = blocks[index] else { return [] }
        var events: [StreamEvent] = []
        if !sawDelta, let input { events.append(.toolCallDelta(index: index, arguments: input)) }
        events.append(.toolCallEnd(index: index))
        return events
    }

    /// `message_delta` usage is cumulative: each figure it carries replaces the one `message_start` gave.
    private mutating func mergeUsage(_ report: AnthropicWire.UsageReport) {
        var merged = usage ?? AnthropicWire.UsageReport()
        if let value = report.inputTokens { merged.inputTokens = value }
        if let value = report.outputTokens { merged.outputTokens = value }
        if let value = report.cacheCreationInputTokens { merged.cacheCreationInputTokens = value }
        if let value = report.cacheReadInputTokens { merged.cacheReadInputTokens = value }
        if let value = report.oneHourCacheWriteTokens { merged.oneHourCacheWriteTokens = value }
        if let value = report.serviceTier { merged.serviceTier = value }
        usage = merged
    }

    private mutating func complete() -> [StreamEvent] {
        isComplete = true
        var events = startIfNeeded()
        for index in blocks.keys.sorted() { events += blockStop(index: index) }
        if let usage {
            events.append(
                .usage(
                    Usage(
                        inputUncached: usage.inputTokens ?? 0,
                        inputCacheRead: usage.cacheReadInputTokens ?? 0,
                        inputCacheWrite: usage.cacheCreationInputTokens ?? 0,
                        inputCacheWriteExtended: usage.oneHourCacheWriteTokens ?? 0,
                        outputText: usage.outputTokens ?? 0,
                        serviceTier: usage.serviceTier == "standard" ? nil : usage.serviceTier
                    )
                )
            )
        }
        events.append(.finish(Self.finishReason(stopReason)))
        return events
    }

    private static func finishReason(_ reason: String?) -> FinishReason {
        switch reason {
        case nil, "end_turn"?, "stop_sequence"?: .stop
        case "max_tokens"?, "model_context_window_exceeded"?: .length
        case "tool_use"?: .toolCalls
        case "refusal"?: .contentFilter
        case let other?: FinishReason(rawValue: other)
        }
    }

    /// The JSON text of a tool input `content_block_start` already filled in; nil for the usual empty `{}`.
    private static func nonEmptyJSONText(_ input: JSONValue) -> String? {
        if case .object(let members) = input, members.isEmpty { return nil }
        return AnthropicWire.jsonText(input)
    }
}
