import Foundation
import SwitchboardKit

/// The state machine from Ollama's NDJSON lines to ``StreamEvent``s.
///
/// Feed it every line with ``decode(_:)`` until ``isComplete``; if the stream ends first, ``end()`` throws.
struct OllamaStreamDecoder: StreamDecoder {
    private let provider: String
    private let requestedModel: String
    private let decoder = JSONDecoder()
    private var started = false
    private var toolCallCount = 0

    /// Whether the `done` line has been decoded; nothing after it matters.
    private(set) var isComplete = false

    /// Creates a decoder for an answer to a request that named `model`.
    init(provider: String, model: String) {
        self.provider = provider
        self.requestedModel = model
    }

    /// The events one line yields.
    /// - Throws: `server` for an `{"error":…}` line or a line that is not the JSON expected.
    mutating func decode(_ line: [UInt8]) throws -> [StreamEvent] {
        guard !isComplete else { return [] }
        let chunk: OllamaWire.ChatChunk
        do {
            chunk = try decoder.decode(OllamaWire.ChatChunk.self, from: Data(line))
        } catch {
            throw ProviderError(
                .server,
                "Ollama sent a line that is not a chat chunk: \(error.briefDescription)",
                provider: provider
            )
        }
        if let message = chunk.error { throw ProviderError(.server, message, provider: provider) }

        var events: [StreamEvent] = []
        if !started {
            started = true
            let model = chunk.model.flatMap { $0.isEmpty ? nil : $0 } ?? requestedModel
            events.append(.start(id: nil, model: model))
        }
        if let message = chunk.message {
            if let thinking = message.thinking, !thinking.isEmpty {
                events.append(.thinkingDelta(text: thinking, signature: nil))
            }
            if let content = message.content, !content.isEmpty {
                events.append(.textDelta(content))
            }
            for call in message.toolCalls ?? [] {
                events += toolCallEvents(call)
            }
        }
        if chunk.done == true {
            isComplete = true
            events.append(.usage(Self.usage(chunk)))
            events.append(.finish(finishReason(chunk.doneReason)))
        }
        return events
    }

    /// The events of the one JSON object `/api/chat` answers when it does not stream (pretty-printed or not, with or
    /// without a trailing newline): the same object as a `done` line.
    /// - Throws: what ``decode(_:)`` throws; ``end()`` then throws `connection` for an object without `"done":true`.
    mutating func decode(document: [UInt8]) throws -> [StreamEvent] {
        try decode(document)
    }

    /// The `done` line's counts: cached prompt tokens out of `prompt_eval_count`. A missing `prompt_eval_count` or
    /// `eval_count` (older Ollama versions drop the first when the prompt was cached) marks the usage estimated, so
    /// the host fills in its own estimate instead of reporting 0. A negative count reads as 0, so no figure a server
    /// sends can overflow the subtraction.
    static func usage(_ chunk: OllamaWire.ChatChunk) -> Usage {
        let cached = max(0, chunk.promptEvalCachedCount ?? 0)
        return Usage(
            inputUncached: max(0, max(0, chunk.promptEvalCount ?? 0) - cached),
            inputCacheRead: cached,
            outputText: chunk.evalCount ?? 0,
            estimated: chunk.promptEvalCount == nil || chunk.evalCount == nil
        )
    }

    /// Called when the stream ended before the `done` line: nothing is owed.
    /// - Throws: `connection` unless the answer is complete.
    func end() throws -> [StreamEvent] {
        guard isComplete else {
            throw ProviderError(
                .connection,
                "the stream ended before the answer was complete (no line with \"done\":true)",
                provider: provider
            )
        }
        return []
    }

    /// Ollama sends each call whole: a start, all its arguments at once, an end.
    private mutating func toolCallEvents(_ call: OllamaWire.ToolCall) -> [StreamEvent] {
        defer { toolCallCount += 1 }
        return StreamEvent.wholeToolCall(
            index: toolCallCount, id: call.id, name: call.function.name, arguments: call.function.arguments)
    }

    private func finishReason(_ doneReason: String?) -> FinishReason {
        if toolCallCount > 0 { return .toolCalls }
        switch doneReason {
        case "length": return .length
        case "stop", "load", "unload", nil: return .stop
        case let other?: return FinishReason(rawValue: other)
        }
    }
}
