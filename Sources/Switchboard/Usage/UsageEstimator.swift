package import SwitchboardKit

/// Estimates the usage a provider did not report, at about four characters per token (``TokenEstimate``).
package enum UsageEstimator {
    /// `response.usage`, completed: usage not marked `estimated` is the provider's and stays as it is; in estimated
    /// usage, a missing (0) input side becomes the request's estimated input and a missing output side the answer's
    /// text and tool calls (output text) and thinking (reasoning), each rounded up.
    package static func completed(_ response: ChatResponse, for request: ChatRequest) -> Usage {
        var usage = response.usage
        guard usage.estimated, !usage.responseCacheHit else { return usage }
        if usage.inputTokens == 0 { usage.inputUncached = TokenEstimate(request).input }
        if usage.outputTokens == 0 {
            var text = 0
            var reasoning = 0
            for part in response.content {
                switch part {
                case .text(let value): text += value.count
                case .toolCall(let call): text += call.name.count + call.arguments.count
                case .thinking(let thinking): reasoning += thinking.text.count
                case .image, .toolResult: break
                }
            }
            usage.outputText = (text + 3) / 4
            usage.outputReasoning = (reasoning + 3) / 4
        }
        return usage
    }
}
