import Metrics
import SwitchboardKit

/// The GenAI client metrics of the OpenTelemetry semantic conventions, recorded once per provider call (attempt):
/// `gen_ai.client.token.usage` (a histogram of input and output tokens, by `gen_ai.token.type`) and
/// `gen_ai.client.operation.duration` (a histogram of the call's duration).
struct GenAIClientMetrics: Sendable {
    let factory: any MetricsFactory

    /// Records one call (`operation`: ``GenAIAttribute/chat`` or ``GenAIAttribute/embeddings``) to `provider`'s
    /// `requestModel`: its duration, and its tokens when it answered (`usage`); `errorType` is the error kind of a
    /// call that failed.
    func record(
        _ operation: String, provider: String, requestModel: String, responseModel: String?, usage: Usage?,
        errorType: String?,
        duration: Duration
    ) {
        var dimensions = [
            (GenAIAttribute.operationName, operation), (GenAIAttribute.providerName, provider),
            (GenAIAttribute.requestModel, requestModel),
        ]
        if let responseModel { dimensions.append((GenAIAttribute.responseModel, responseModel)) }
        if let errorType { dimensions.append((GenAIAttribute.errorType, errorType)) }
        Timer(label: GenAIAttribute.operationDurationMetric, dimensions: dimensions, factory: factory)
            .record(duration: duration)
        guard let usage else { return }
        let counts =
            operation == GenAIAttribute.chat
            ? [("input", usage.inputTokens), ("output", usage.outputTokens)] : [("input", usage.inputTokens)]
        for (type, count) in counts {
            Recorder(
                label: GenAIAttribute.tokenUsageMetric, dimensions: dimensions + [(GenAIAttribute.tokenType, type)],
                aggregate: true, factory: factory
            )
            .record(count)
        }
    }
}
