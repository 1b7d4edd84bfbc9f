import SwitchboardKit
import Tracing

extension Span {
    /// Writes the GenAI request attributes of a call to `candidate` with `request`, and the prompt when
    /// `recordsContent`; nothing (not even the prompt's encoding) when the span is not recording.
    func recordGenAIRequest(_ request: ChatRequest, to candidate: RouteCandidate, recordsContent: Bool) {
        guard isRecording else { return }
        attributes[GenAIAttribute.operationName] = GenAIAttribute.chat
        attributes[GenAIAttribute.providerName] = candidate.provider
        attributes[GenAIAttribute.system] = candidate.provider
        attributes[GenAIAttribute.requestModel] = candidate.model.id
        if let maxTokens = request.maxOutputTokens { attributes[GenAIAttribute.requestMaxTokens] = maxTokens }
        if let temperature = request.temperature { attributes[GenAIAttribute.requestTemperature] = temperature }
        if let topP = request.topP { attributes[GenAIAttribute.requestTopP] = topP }
        if recordsContent, let messages = try? JSONCoding.encode(request.messages) {
            attributes[GenAIAttribute.inputMessages] = String(decoding: messages, as: UTF8.self)
        }
    }

    /// Writes the GenAI request attributes of an embeddings call to `candidate` with `request`; the inputs are never
    /// exported.
    func recordGenAIRequest(_ request: EmbeddingRequest, to candidate: RouteCandidate) {
        guard isRecording else { return }
        attributes[GenAIAttribute.operationName] = GenAIAttribute.embeddings
        attributes[GenAIAttribute.providerName] = candidate.provider
        attributes[GenAIAttribute.system] = candidate.provider
        attributes[GenAIAttribute.requestModel] = candidate.model.id
        if let dimensions = request.dimensions { attributes[GenAIAttribute.embeddingsDimensionCount] = dimensions }
        if let format = request.encodingFormat { attributes[GenAIAttribute.requestEncodingFormats] = [format.rawValue] }
    }

    /// Writes the GenAI response attributes of `response`: the model that answered, the finish reason, the tokens,
    /// and the answer when `recordsContent`.
    func recordGenAIResponse(_ response: ChatResponse, recordsContent: Bool) {
        guard isRecording else { return }
        attributes[GenAIAttribute.responseModel] = response.model
        if let id = response.id { attributes[GenAIAttribute.responseID] = id }
        attributes[GenAIAttribute.responseFinishReasons] = [response.finishReason.rawValue]
        attributes[GenAIAttribute.inputTokens] = response.usage.inputTokens
        attributes[GenAIAttribute.outputTokens] = response.usage.outputTokens
        if recordsContent, let content = try? JSONCoding.encode(response.content) {
            attributes[GenAIAttribute.outputMessages] = String(decoding: content, as: UTF8.self)
        }
    }

    /// Marks the span failed with `error`'s kind as `error.type`.
    func recordGenAIFailure(_ error: ProviderError) {
        attributes[GenAIAttribute.errorType] = error.kind.rawValue
        recordError(error)
        setStatus(SpanStatus(code: .error, message: error.kind.rawValue))
    }
}
