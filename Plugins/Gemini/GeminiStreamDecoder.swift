import Foundation
import SwitchboardKit

/// The state machine from Gemini's `GenerateContentResponse`s to ``StreamEvent``s.
///
/// Feed it every streamed response (or the one whole response of `generateContent`) with ``decode(_:)``, then call
/// ``end()``, which emits usage and `finish` once a `finishReason` arrived and throws for an answer cut off before.
/// Gemini reports usage in every response; the last report counts.
struct GeminiStreamDecoder: StreamDecoder {
    typealias Input = ServerSentEvent

    /// Finish reasons that mean Google's filters stopped the answer.
    private static let blockedReasons: Set<String> = [
        "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY",
    ]

    private let provider: String
    private let requestedModel: String
    private let errorMapper: GeminiErrorMapper
    private var started = false
    private var toolCallCount = 0
    private var finishReason: String?
    private var usage: Usage?

    /// Creates a decoder for an answer to a request that named `model`.
    init(provider: String, model: String, errorMapper: GeminiErrorMapper) {
        self.provider = provider
        self.requestedModel = model
        self.errorMapper = errorMapper
    }

    /// The events one server-sent event yields.
    /// - Throws: what decoding its response throws, or `server` for an event that is not JSON.
    mutating func decode(_ event: ServerSentEvent) throws -> [StreamEvent] {
        let data = event.data.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !data.isEmpty else { return [] }
        let response: GeminiWire.GenerateContentResponse
        do {
            response = try GeminiWire.GenerateContentResponse(json: JSONParser.parse(data))
        } catch {
            throw ProviderError(
                .server,
                "the stream sent an event that is not a GenerateContentResponse: \(error.briefDescription)",
                provider: provider
            )
        }
        return try decode(response)
    }

    /// The events of a whole JSON document a server sent instead of a stream: one `GenerateContentResponse` (what
    /// `generateContent` answers), or the JSON array of them that `streamGenerateContent` answers without `alt=sse`.
    /// ``end()`` follows with usage and `finish`.
    /// - Throws: what decoding each response throws, or `server` for a document that is neither.
    mutating func decode(document: [UInt8]) throws -> [StreamEvent] {
        let responses: [GeminiWire.GenerateContentResponse]
        do {
            switch try JSONParser.parse(document) {
            case .array(let elements):
                responses = try elements.map { try GeminiWire.GenerateContentResponse(json: $0) }
            case let single:
                responses = [try GeminiWire.GenerateContentResponse(json: single)]
            }
        } catch {
            throw ProviderError(
                .server,
                "the server answered with JSON that is not a GenerateContentResponse "
                    + "(or an array of them): \(error.briefDescription): "
                    + String(decoding: document.prefix(200), as: UTF8.self),
                provider: provider
            )
        }
        var events: [StreamEvent] = []
        for response in responses { events += try decode(response) }
        return events
    }

    /// The events one response yields.
    /// - Throws: the mapped ``ProviderError`` of an in-stream error; `content_policy` when the prompt was blocked or
    ///   a safety filter stopped the answer.
    mutating func decode(_ response: GeminiWire.GenerateContentResponse) throws -> [StreamEvent] {
        if let error = response.error { throw errorMapper.streamError(error) }
        var events: [StreamEvent] = []
        if !started {
            started = true
            let model = response.modelVersion.flatMap { $0.isEmpty ? nil : $0 } ?? requestedModel
            events.append(.start(id: response.responseId, model: model))
        }
        if let metadata = response.usageMetadata { usage = Self.usage(metadata) }
        if let feedback = response.promptFeedback, let reason = feedback.blockReason {
            throw blockedPrompt(reason: reason, feedback: feedback)
        }
        guard let candidate = response.candidates?.first(where: { ($0.index ?? 0) == 0 }) else { return events }
        for part in candidate.content?.parts ?? [] {
            events += partEvents(part)
        }
        if let reason = candidate.finishReason, reason != "FINISH_REASON_UNSPECIFIED" {
            if Self.blockedReasons.contains(reason) {
                throw blockedAnswer(reason: reason, ratings: candidate.safetyRatings)
            }
            finishReason = reason
        }
        return events
    }

    /// The events owed once the responses are over.
    /// - Throws: `connection` when no `finishReason` arrived: the answer was cut off.
    func end() throws -> [StreamEvent] {
        guard let finishReason else {
            throw ProviderError(
                .connection,
                "the stream ended before the answer was complete (no finishReason)",
                provider: provider
            )
        }
        return (usage.map { [.usage($0)] } ?? []) + [.finish(mapped(finishReason))]
    }

    /// A thought part is thinking (with its signature); any other part's signature comes first, as an empty
    /// thinking delta, so it stays with the thinking that precedes the part it rode on.
    private mutating func partEvents(_ part: GeminiWire.Part) -> [StreamEvent] {
        if part.thought == true {
            let text = part.text ?? ""
            guard !text.isEmpty || part.thoughtSignature != nil else { return [] }
            return [.thinkingDelta(text: text, signature: part.thoughtSignature)]
        }
        var events: [StreamEvent] = []
        if let signature = part.thoughtSignature, !signature.isEmpty {
            events.append(.thinkingDelta(text: "", signature: signature))
        }
        if let text = part.text, !text.isEmpty { events.append(.textDelta(text)) }
        if let call = part.functionCall { events += functionCallEvents(call) }
        return events
    }

    /// Gemini sends each call whole: a start, all its arguments at once, an end.
    private mutating func functionCallEvents(_ call: GeminiWire.FunctionCall) -> [StreamEvent] {
        defer { toolCallCount += 1 }
        return StreamEvent.wholeToolCall(index: toolCallCount, id: call.id, name: call.name, arguments: call.args)
    }

    private func mapped(_ reason: String) -> FinishReason {
        if toolCallCount > 0 { return .toolCalls }
        switch reason {
        case "STOP": return .stop
        case "MAX_TOKENS": return .length
        default: return FinishReason(rawValue: reason.lowercased())
        }
    }

    private func blockedPrompt(reason: String, feedback: GeminiWire.PromptFeedback) -> ProviderError {
        var message = "Gemini blocked the prompt (blockReason \(reason))"
        if let categories = Self.flagged(feedback.safetyRatings) { message += ": \(categories)" }
        if let explanation = feedback.blockReasonMessage, !explanation.isEmpty { message += ". \(explanation)" }
        return ProviderError(.contentPolicy, errorMapper.redacted(message), provider: provider)
    }

    private func blockedAnswer(reason: String, ratings: [GeminiWire.SafetyRating]?) -> ProviderError {
        var message = "Gemini stopped the answer (finishReason \(reason))"
        if let categories = Self.flagged(ratings) { message += ": \(categories)" }
        return ProviderError(.contentPolicy, message, provider: provider)
    }

    /// The categories that were blocked or rated MEDIUM or HIGH, e.g. `HARM_CATEGORY_DANGEROUS_CONTENT (HIGH)`.
    private static func flagged(_ ratings: [GeminiWire.SafetyRating]?) -> String? {
        let flagged = (ratings ?? []).filter {
            $0.blocked == true || ["MEDIUM", "HIGH"].contains($0.probability ?? "")
        }
        guard !flagged.isEmpty else { return nil }
        return flagged.map { "\($0.category ?? "unknown category") (\($0.probability ?? "blocked"))" }
            .joined(separator: ", ")
    }

    /// Cached tokens out of the prompt; thoughts are counted apart from the candidates by Gemini itself. A negative
    /// count reads as 0, so no figure a server sends can overflow the subtraction.
    private static func usage(_ metadata: GeminiWire.UsageMetadata) -> Usage {
        let cached = max(0, metadata.cachedContentTokenCount ?? 0)
        return Usage(
            inputUncached: max(0, max(0, metadata.promptTokenCount ?? 0) - cached),
            inputCacheRead: cached,
            outputText: metadata.candidatesTokenCount ?? 0,
            outputReasoning: metadata.thoughtsTokenCount ?? 0
        )
    }
}
