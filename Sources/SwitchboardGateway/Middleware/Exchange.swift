import Foundation
import HTTPTypes
import Logging
import Switchboard
import SwitchboardKit
import Tracing

/// One API request's bookkeeping, made by ``RequestMetricsMiddleware``: the facts it began with, what handlers and
/// middleware learned on the way (the key, the model), the outcome the handler reports, and — once — the metrics,
/// the log line and the end of the span.
final class Exchange: Sendable {
    /// What became of a request, as its handler reports it.
    enum Outcome: Sendable {
        /// An answer, with what the host priced.
        case answered(StrategyResult)
        /// Embeddings, with what the host priced.
        case embedded(EmbeddingResult)
        /// A failure; for a stream, one that came after the answer began.
        case failed(APIFailure)
    }

    let endpoint: String
    let dialect: APIDialect
    let requestID: String
    let arrived: ContinuousClock.Instant
    /// The Unix time OpenAI's `created` fields carry.
    let created: Int
    let span: any Span
    private let metrics: GatewayMetrics
    private let state: Locked<State>

    private struct State {
        var logger: Logger
        var outcome: Outcome?
        var recorded = false
    }

    init(
        endpoint: String, dialect: APIDialect, requestID: String, arrived: ContinuousClock.Instant,
        logger: Logger, span: any Span, metrics: GatewayMetrics
    ) {
        self.endpoint = endpoint
        self.dialect = dialect
        self.requestID = requestID
        self.arrived = arrived
        created = Int(Date().timeIntervalSince1970)
        self.span = span
        self.metrics = metrics
        state = Locked(State(logger: logger))
    }

    /// OpenAI's completion id.
    var completionID: String { "chatcmpl-\(requestID)" }
    /// Anthropic's message id.
    var messageID: String { "msg_\(requestID)" }

    /// Adds a fact to the log line (`metadataKey`) and the span (`attribute`).
    func annotate(_ metadataKey: String, attribute: String, _ value: String) {
        state.withLock { $0.logger[metadataKey: metadataKey] = "\(value)" }
        span.attributes[attribute] = value
    }

    /// Reports what became of the request; the first report counts.
    func settle(_ outcome: Outcome) {
        state.withLock { state in
            if state.outcome == nil { state.outcome = outcome }
        }
    }

    /// Records that the answer's first content arrived now.
    func firstToken() {
        metrics.firstToken(endpoint: endpoint, after: arrived.duration(to: .now))
    }

    /// Records the outcome — an answer's tokens and cost, a failure's kind, the status, the duration, the log line —
    /// and ends the span; a request that settled nothing counts as a 200. Later calls do nothing.
    func record() {
        let (logger, outcome, first) = state.withLock { state in
            defer { state.recorded = true }
            return (state.logger, state.outcome, !state.recorded)
        }
        guard first else { return }
        let elapsed = arrived.duration(to: .now)
        switch outcome {
        case .answered(let result):
            succeeded(
                result.candidate, result.strategy, result.attempts, usage: result.response.usage, after: elapsed,
                logger: logger)
        case .embedded(let result):
            succeeded(
                result.candidate, result.strategy, result.attempts, usage: result.response.usage, after: elapsed,
                logger: logger)
        case .failed(let failure): failed(failure, after: elapsed, logger: logger)
        case nil:
            metrics.requestFinished(endpoint: endpoint, status: 200, after: elapsed)
            logger.info("answered", metadata: ["status": "200", "duration_ms": "\(elapsed.nanoseconds / 1_000_000)"])
            span.attributes["http.response.status_code"] = 200
            span.end()
        }
    }

    private func succeeded(
        _ candidate: RouteCandidate, _ strategy: SwitchboardConfiguration.Strategy, _ attempts: [Attempt],
        usage: Usage, after elapsed: Duration, logger: Logger
    ) {
        // What the host priced and recorded in the ledger, attempt by attempt (failed-over and judged ones too).
        for priced in attempts.compactMap(\.usage) {
            metrics.answered(provider: priced.provider, model: priced.model, usage: priced.usage, cost: priced.costUSD)
        }
        metrics.requestFinished(endpoint: endpoint, status: 200, after: elapsed)
        logger.info(
            "answered",
            metadata: [
                "status": "200", "provider": "\(candidate.provider)", "answered_model": "\(candidate.model.id)",
                "strategy": "\(strategy.rawValue)", "input_tokens": "\(usage.inputTokens)",
                "output_tokens": "\(usage.outputTokens)", "duration_ms": "\(elapsed.nanoseconds / 1_000_000)",
            ])
        span.attributes["switchboard.provider"] = candidate.provider
        span.attributes["switchboard.answered_model"] = candidate.model.id
        span.attributes["http.response.status_code"] = 200
        span.end()
    }

    private func failed(_ failure: APIFailure, after elapsed: Duration, logger: Logger) {
        let status = failure.status(in: dialect).code
        metrics.failed(endpoint: endpoint, kind: failure.kind)
        metrics.requestFinished(endpoint: endpoint, status: status, after: elapsed)
        let level: Logger.Level = failure.status >= 500 ? .error : (failure.kind == .cancelled ? .info : .notice)
        logger.log(
            level: level, "failed",
            metadata: [
                "status": "\(status)", "kind": "\(failure.kind.rawValue)", "error": "\(failure.message)",
                "duration_ms": "\(elapsed.nanoseconds / 1_000_000)",
            ])
        span.attributes["http.response.status_code"] = status
        span.attributes["switchboard.error_kind"] = failure.kind.rawValue
        span.setStatus(SpanStatus(code: .error, message: failure.message))
        span.end()
    }
}
