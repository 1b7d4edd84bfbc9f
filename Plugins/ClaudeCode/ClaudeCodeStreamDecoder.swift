import Foundation
import SwitchboardKit

/// The state machine from the CLI's JSON lines to ``StreamEvent``s.
///
/// - `system`/`init` starts the answer (`session_id`, `model`);
/// - each `assistant` message yields its blocks in order: text deltas, thinking deltas (with the signature), and
///   the CLI's own tool uses as tool-call start, arguments, end (the CLI runs them itself);
/// - `user` lines (the results of those tool uses) and other `system` lines are skipped;
/// - `result` yields usage and `finish(.stop)`, or throws the error it reports.
///
/// Feed it every line with ``decode(_:)`` until ``isComplete``; if the output ends first, ``end()`` throws.
struct ClaudeCodeStreamDecoder {
    private let requestedModel: String
    private let errorMapper: ClaudeCodeErrorMapper
    private let decoder = JSONDecoder()
    private var started = false
    private var toolCallCount = 0

    /// The `result` line, once decoded.
    private(set) var result: ClaudeCodeWire.Line?
    /// Whether the `result` line has been decoded; nothing after it matters.
    var isComplete: Bool { result != nil }

    /// Creates a decoder for an answer to a request that named `model`.
    init(model: String, errorMapper: ClaudeCodeErrorMapper) {
        self.requestedModel = model
        self.errorMapper = errorMapper
    }

    /// The events one line yields.
    /// - Throws: the mapped error of an error `result`; `server` for a line that is not JSON.
    mutating func decode(_ bytes: [UInt8]) throws -> [StreamEvent] {
        guard !isComplete else { return [] }
        let line: ClaudeCodeWire.Line
        do {
            line = try decoder.decode(ClaudeCodeWire.Line.self, from: Data(bytes))
        } catch {
            let text = errorMapper.redact(String(decoding: bytes.prefix(200), as: UTF8.self))
            throw ProviderError(
                .server,
                "the Claude Code CLI printed a line that is not a stream-json event: \(text)",
                provider: errorMapper.provider
            )
        }
        switch line.type {
        case "system" where line.subtype == "init":
            return start(id: line.sessionId, model: line.model)
        case "assistant":
            guard let message = line.message else { return [] }
            var events = start(id: line.sessionId, model: message.model)
            for block in message.content ?? [] { events += try self.events(for: block) }
            return events
        case "result":
            if line.isError == true || line.subtype != "success" { throw errorMapper.resultError(line) }
            result = line
            var events = start(id: line.sessionId, model: nil)
            events.append(.usage(Self.usage(line.usage)))
            events.append(.finish(.stop))
            return events
        default:
            return []
        }
    }

    /// Called when the output ended before the `result` line.
    /// - Throws: `connection` unless the answer is complete.
    func end() throws {
        guard isComplete else {
            throw ProviderError(
                .connection,
                "the Claude Code CLI's output ended before the answer was complete (no \"result\" line)",
                provider: errorMapper.provider
            )
        }
    }

    /// A `start` event the first time through, nothing after.
    private mutating func start(id: String?, model: String?) -> [StreamEvent] {
        guard !started else { return [] }
        started = true
        let model = model.flatMap { $0.isEmpty ? nil : $0 } ?? requestedModel
        return [.start(id: id, model: model)]
    }

    private mutating func events(for block: ClaudeCodeWire.Block) throws -> [StreamEvent] {
        switch block.type {
        case "text":
            guard let text = block.text, !text.isEmpty else { return [] }
            return [.textDelta(text)]
        case "thinking":
            return [.thinkingDelta(text: block.thinking ?? "", signature: block.signature)]
        case "tool_use":
            defer { toolCallCount += 1 }
            return StreamEvent.wholeToolCall(
                index: toolCallCount, id: block.id ?? "tool_use_\(toolCallCount)", name: block.name ?? "",
                arguments: block.input)
        default:
            return []
        }
    }

    /// Anthropic's usage split: `input_tokens` is the uncached part; cache creation is a cache write.
    private static func usage(_ usage: ClaudeCodeWire.Usage?) -> Usage {
        guard let usage else { return Usage(estimated: true) }
        return Usage(
            inputUncached: usage.inputTokens ?? 0,
            inputCacheRead: usage.cacheReadInputTokens ?? 0,
            inputCacheWrite: usage.cacheCreationInputTokens ?? 0,
            outputText: usage.outputTokens ?? 0
        )
    }
}
