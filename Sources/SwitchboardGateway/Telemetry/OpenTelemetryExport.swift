public import Logging
public import Metrics
import OTel
public import ServiceLifecycle
public import Switchboard
public import Tracing

/// The OpenTelemetry backends a `telemetry` section describes: a tracer and a GenAI metrics factory that export over
/// OTLP/HTTP, and the service that sends their batches.
///
/// Nothing here is process-global: hand ``hostTelemetry`` to the ``SwitchboardHost`` (its spans and metrics) and run
/// ``service`` for as long as the host is used — ``Gateway/serve(alongside:gracefulShutdownSignals:)`` runs it beside
/// the gateway and stops it last, so the last batches are sent. `switchboard serve` also bootstraps the tracer and
/// factory as the process's `InstrumentationSystem` and (beside Prometheus) `MetricsSystem`.
public struct OpenTelemetryExport: Sendable {
    /// The tracer that exports spans; nil when `telemetry.traces` is off.
    public let tracer: (any Tracer)?
    /// The factory whose metrics are exported; nil when `telemetry.metrics` is off.
    public let metrics: (any MetricsFactory)?
    /// Sends what ``tracer`` and ``metrics`` record, and on graceful shutdown sends what is left.
    public let service: any Service
    /// The host's side of the settings: where its spans and GenAI metrics go, and whether spans carry content.
    public let hostTelemetry: HostTelemetry

    /// The backends `settings` describes; nil when it exports nothing (`enabled` off, or neither traces nor metrics).
    /// The `OTEL_*` environment variables of the OpenTelemetry specification override the settings.
    /// - Throws: swift-otel's error when it cannot create an exporter (an https endpoint whose TLS setup fails).
    public init?(_ settings: SwitchboardConfiguration.Telemetry, logger: Logger) throws {
        guard settings.enabled, settings.traces || settings.metrics else { return nil }
        let configuration = Self.configuration(settings, logger: logger)
        var services: [any Service] = []
        var tracer: (any Tracer)?
        if settings.traces {
            let backend = try OTel.makeTracingBackend(configuration: configuration)
            tracer = backend.factory
            services.append(backend.service)
        }
        var metrics: (any MetricsFactory)?
        if settings.metrics {
            let backend = try OTel.makeMetricsBackend(configuration: configuration)
            metrics = backend.factory
            services.append(backend.service)
        }
        self.tracer = tracer
        self.metrics = metrics
        service = ServiceGroup(services: services, logger: logger)
        hostTelemetry = HostTelemetry(tracer: tracer, metrics: metrics, recordsContent: settings.recordContent)
    }

    /// swift-otel's configuration for `settings`: OTLP/HTTP to `<endpoint>/v1/traces` and `<endpoint>/v1/metrics`,
    /// parent-based ratio sampling, no log export, diagnostics to `logger`.
    private static func configuration(
        _ settings: SwitchboardConfiguration.Telemetry, logger: Logger
    ) -> OTel.Configuration {
        var configuration = OTel.Configuration.default
        configuration.serviceName = settings.serviceName
        configuration.diagnosticLogger = .custom(OTelDiagnosticLogHandler.logger(like: logger))
        configuration.logs.enabled = false
        configuration.traces.enabled = settings.traces
        configuration.metrics.enabled = settings.metrics
        configuration.traces.sampler =
            .parentBasedTraceIDRatio(ratio: settings.samplingRatio) ?? .parentBasedAlwaysOn
        configuration.metrics.exportInterval = .milliseconds(settings.exportIntervalMs)
        configuration.metrics.exportTimeout = min(
            configuration.metrics.exportTimeout, .milliseconds(settings.exportIntervalMs))
        let base = settings.endpoint.hasSuffix("/") ? String(settings.endpoint.dropLast()) : settings.endpoint
        configuration.traces.otlpExporter = exporter(settings, endpoint: base + "/v1/traces")
        configuration.metrics.otlpExporter = exporter(settings, endpoint: base + "/v1/metrics")
        return configuration
    }

    private static func exporter(
        _ settings: SwitchboardConfiguration.Telemetry, endpoint: String
    ) -> OTel.Configuration.OTLPExporterConfiguration {
        var exporter = OTel.Configuration.OTLPExporterConfiguration.default
        exporter.endpoint = endpoint
        exporter.headers = settings.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        exporter.protocol =
            switch settings.protocol {
            case .httpProtobuf: .httpProtobuf
            case .httpJSON: .httpJSON
            }
        return exporter
    }
}
