public import Prometheus
import Metrics
import Switchboard
import SwitchboardKit

/// The gateway's metrics, recorded through swift-metrics into a Prometheus registry that `GET /metrics` renders.
///
/// Families (`docs/gateway.md` lists them with their labels):
/// `switchboard_gateway_requests_total{endpoint,status}`, `switchboard_gateway_errors_total{endpoint,kind}`,
/// `switchboard_gateway_request_duration_seconds{endpoint}` and
/// `switchboard_gateway_time_to_first_token_seconds{endpoint}` (histograms),
/// `switchboard_gateway_tokens_total{provider,model,type}`, `switchboard_gateway_cost_usd_total{provider,model}`,
/// `switchboard_gateway_streams_in_flight`, `switchboard_gateway_connections_closed_total{reason}` (slow or oversized
/// requests), `switchboard_circuit_breaker_state{provider}` (0 closed, 1 half-open,
/// 2 open; read from the host's breakers each time `/metrics` is asked for).
///
/// Bootstrap `MetricsSystem` with ``factory`` to have metrics other libraries record through swift-metrics appear
/// in the same exposition (`switchboard serve` does).
public final class GatewayMetrics: Sendable {
    /// The registry `GET /metrics` renders.
    public let registry: PrometheusCollectorRegistry
    /// A swift-metrics factory that records into ``registry``.
    public let factory: PrometheusMetricsFactory
    private let inFlight: Meter

    /// Creates metrics recording into `registry`.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        let latencyBuckets: [Duration] = [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250),
            .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
            .seconds(120),
        ]
        factory.durationHistogramBuckets[Label.duration] = latencyBuckets
        factory.durationHistogramBuckets[Label.firstToken] = latencyBuckets
        self.factory = factory
        inFlight = Meter(label: Label.inFlight, factory: factory)
        inFlight.set(0)
    }

    private enum Label {
        static let requests = "switchboard_gateway_requests_total"
        static let errors = "switchboard_gateway_errors_total"
        static let duration = "switchboard_gateway_request_duration_seconds"
        static let firstToken = "switchboard_gateway_time_to_first_token_seconds"
        static let tokens = "switchboard_gateway_tokens_total"
        static let cost = "switchboard_gateway_cost_usd_total"
        static let inFlight = "switchboard_gateway_streams_in_flight"
        static let breaker = "switchboard_circuit_breaker_state"
        static let closed = "switchboard_gateway_connections_closed_total"
    }

    /// Sets each provider's breaker gauge: 0 closed, 1 half-open, 2 open.
    func recordBreakers(_ states: [(provider: String, state: CircuitBreakers.State)]) {
        for (provider, state) in states {
            let value =
                switch state {
                case .closed: 0
                case .halfOpen: 1
                case .open: 2
                }
            Gauge(label: Label.breaker, dimensions: [("provider", provider)], factory: factory).record(value)
        }
    }

    /// The Prometheus text exposition of every metric in ``registry``.
    public func exposition() -> String {
        registry.emitToString()
    }

    /// Records a finished request: its status and how long it took (for a stream, until its last byte).
    func requestFinished(endpoint: String, status: Int, after duration: Duration) {
        Counter(
            label: Label.requests, dimensions: [("endpoint", endpoint), ("status", String(status))], factory: factory
        ).increment()
        Timer(label: Label.duration, dimensions: [("endpoint", endpoint)], factory: factory).recordNanoseconds(
            duration.nanoseconds)
    }

    /// Records a failed request by its error kind.
    func failed(endpoint: String, kind: ProviderError.Kind) {
        Counter(label: Label.errors, dimensions: [("endpoint", endpoint), ("kind", kind.rawValue)], factory: factory)
            .increment()
    }

    /// Records the time from a request's arrival to its first content event.
    func firstToken(endpoint: String, after duration: Duration) {
        Timer(label: Label.firstToken, dimensions: [("endpoint", endpoint)], factory: factory).recordNanoseconds(
            duration.nanoseconds)
    }

    /// Records the tokens and cost of an answer.
    func answered(provider: String, model: String, usage: Usage, cost: Double?) {
        let tokens: [(String, Int)] = [
            ("input", usage.inputUncached), ("cache_read", usage.inputCacheRead),
            ("cache_write", usage.inputCacheWrite),
            ("output", usage.outputText), ("reasoning", usage.outputReasoning),
        ]
        for (type, count) in tokens where count > 0 {
            Counter(
                label: Label.tokens, dimensions: [("provider", provider), ("model", model), ("type", type)],
                factory: factory
            )
            .increment(by: count)
        }
        if let cost {
            FloatingPointCounter(
                label: Label.cost, dimensions: [("provider", provider), ("model", model)], factory: factory
            )
            .increment(by: cost)
        }
    }

    /// Counts a connection the gateway closed over a limit (`header_too_large`, `header_timeout`, `body_timeout`).
    func connectionClosed(reason: String) {
        Counter(label: Label.closed, dimensions: [("reason", reason)], factory: factory).increment()
    }

    /// Records a stream that began.
    func streamOpened() { inFlight.increment(by: 1.0) }

    /// Records a stream that ended.
    func streamClosed() { inFlight.decrement(by: 1.0) }
}

extension Duration {
    /// The duration in whole nanoseconds.
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
