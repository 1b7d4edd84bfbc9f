import Switchboard
import SwitchboardKit

/// Streams an answer to the terminal: text to standard output as it arrives, thinking and tool calls to standard
/// error, and a spinner on standard error until the first event.
enum AnswerPrinter {
    /// Prints `events` and returns the strategy's result; the printed text always ends with a newline.
    /// - Throws: the stream's error, after ending the partial answer's line.
    static func print(
        _ events: AsyncThrowingStream<StrategyStreamEvent, any Error>,
        waitingFor target: String,
        style: TerminalStyle
    ) async throws -> StrategyResult {
        let spinner = Spinner.start("waiting for \(target)")
        defer { spinner.stop() }
        var endsWithNewline = true
        var result: StrategyResult?
        do {
            for try await element in events {
                spinner.stop()
                switch element {
                case .event(.textDelta(let delta)):
                    FileHandleOutput.standardOutput(delta)
                    if let last = delta.last { endsWithNewline = last.isNewline }
                case .event(.thinkingDelta(let delta, _)):
                    FileHandleOutput.standardError(style.dim(delta))
                case .event(.toolCallStart(_, _, let name)):
                    FileHandleOutput.standardError(style.dim("\n[tool call: \(name)] "))
                case .event(.toolCallDelta(_, let arguments)):
                    FileHandleOutput.standardError(style.dim(arguments))
                case .event:
                    break
                case .completed(let completed):
                    result = completed
                }
            }
        } catch {
            if !endsWithNewline { FileHandleOutput.standardOutput("\n") }
            throw error
        }
        if !endsWithNewline { FileHandleOutput.standardOutput("\n") }
        guard let result else {
            throw ProviderError(.server, "the answer ended without a result")
        }
        return result
    }

    /// `[echo/echo · stop · 3 in, 3 out · $0.0000]`: who answered, why it stopped, tokens and cost.
    static func summary(_ result: StrategyResult) -> String {
        let usage = result.response.usage
        var parts = [
            "\(result.response.provider)/\(result.response.model)",
            result.response.finishReason.rawValue,
            "\(usage.inputTokens) in, \(usage.outputTokens) out\(usage.estimated ? " (estimated)" : "")",
        ]
        if usage.inputCacheRead > 0 { parts.append("cache read \(usage.inputCacheRead)") }
        if usage.outputReasoning > 0 { parts.append("reasoning \(usage.outputReasoning)") }
        parts.append(SessionUsage.cost(of: result).map(SessionUsage.dollars) ?? "cost unknown")
        if result.attempts.count > 1 { parts.append("after \(result.attempts.count - 1) failed attempt(s)") }
        return "[" + parts.joined(separator: " · ") + "]"
    }
}
