public import Metrics
public import Tracing

/// Where a host's spans and GenAI client metrics go, and whether its spans carry prompts and answers.
///
/// The default sends spans to `InstrumentationSystem.tracer` (a no-op tracer unless the application bootstraps one),
/// records no GenAI metrics and keeps prompts and answers out of spans. `switchboard serve` fills it from the
/// `telemetry` section (`docs/observability.md`); a program that embeds the host, or a test, passes its own tracer and
/// metrics factory instead of bootstrapping the process-global systems.
public struct HostTelemetry: Sendable {
    /// Where the route, candidate and attempt spans go; nil for `InstrumentationSystem.tracer`.
    public var tracer: (any Tracer)?
    /// Where `gen_ai.client.token.usage` and `gen_ai.client.operation.duration` are recorded; nil records neither.
    public var metrics: (any MetricsFactory)?
    /// Whether attempt spans carry the prompt (`gen_ai.input.messages`) and the answer (`gen_ai.output.messages`).
    public var recordsContent: Bool

    /// Creates the telemetry settings; every argument has a default.
    public init(tracer: (any Tracer)? = nil, metrics: (any MetricsFactory)? = nil, recordsContent: Bool = false) {
        self.tracer = tracer
        self.metrics = metrics
        self.recordsContent = recordsContent
    }
}
