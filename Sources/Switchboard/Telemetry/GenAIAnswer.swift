import SwitchboardKit
import Tracing

/// An answer the GenAI conventions describe on a span and in the client metrics: a chat answer or embeddings, so one
/// candidate span and one retry loop serve both.
protocol GenAIAnswer: Sendable {
    /// The model that answered, as the provider reports it.
    var model: String { get }
    /// The tokens the answer counted.
    var usage: Usage { get }
    /// Writes the answer's GenAI response attributes on `span`, and its content when `recordsContent`.
    func recordGenAIResponse(on span: any Span, recordsContent: Bool)
}

extension ChatResponse: GenAIAnswer {
    func recordGenAIResponse(on span: any Span, recordsContent: Bool) {
        span.recordGenAIResponse(self, recordsContent: recordsContent)
    }
}

extension EmbeddingResponse: GenAIAnswer {
    /// The model that answered and the input tokens; vectors are never exported.
    func recordGenAIResponse(on span: any Span, recordsContent: Bool) {
        guard span.isRecording else { return }
        span.attributes[GenAIAttribute.responseModel] = model
        span.attributes[GenAIAttribute.inputTokens] = usage.inputTokens
    }
}
