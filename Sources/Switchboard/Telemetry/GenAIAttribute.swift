/// The OpenTelemetry GenAI semantic convention names the host writes, each spelled once
/// (https://opentelemetry.io/docs/specs/semconv/gen-ai/).
enum GenAIAttribute {
    static let operationName = "gen_ai.operation.name"
    /// The convention's current name for the provider.
    static let providerName = "gen_ai.provider.name"
    /// The provider under the convention's earlier name, which many backends still read.
    static let system = "gen_ai.system"
    static let requestModel = "gen_ai.request.model"
    static let requestMaxTokens = "gen_ai.request.max_tokens"
    static let requestTemperature = "gen_ai.request.temperature"
    static let requestTopP = "gen_ai.request.top_p"
    static let responseModel = "gen_ai.response.model"
    static let responseID = "gen_ai.response.id"
    static let responseFinishReasons = "gen_ai.response.finish_reasons"
    static let inputTokens = "gen_ai.usage.input_tokens"
    static let outputTokens = "gen_ai.usage.output_tokens"
    static let tokenType = "gen_ai.token.type"
    static let inputMessages = "gen_ai.input.messages"
    static let outputMessages = "gen_ai.output.messages"
    static let errorType = "error.type"

    /// The operation of a chat call.
    static let chat = "chat"
    /// The operation of an embeddings call.
    static let embeddings = "embeddings"
    /// The number of dimensions an embeddings request asks for.
    static let embeddingsDimensionCount = "gen_ai.embeddings.dimension.count"
    /// The encoding an embeddings request asks for (`float`, `base64`), as a list.
    static let requestEncodingFormats = "gen_ai.request.encoding_formats"

    /// The client metrics' names.
    static let tokenUsageMetric = "gen_ai.client.token.usage"
    static let operationDurationMetric = "gen_ai.client.operation.duration"
}
