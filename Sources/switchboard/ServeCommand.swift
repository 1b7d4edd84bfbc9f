import ArgumentParser
import Logging
import Metrics
import Switchboard
import SwitchboardGateway
import SwitchboardKit
import Tracing

/// `switchboard serve`: the OpenAI- and Anthropic-compatible HTTP gateway.
struct ServeCommand: AsyncParsableCommand, HostCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the OpenAI- and Anthropic-compatible HTTP gateway.",
        discussion: """
            Serves POST /v1/chat/completions, POST /v1/messages, POST /v1/responses, POST /v1/embeddings,
            GET /v1/models, /healthz, /readyz and /metrics with the configuration's `gateway` section
            (docs/gateway.md). Logs go to standard error; the line "listening on http://HOST:PORT" says where it
            listens. SIGTERM or SIGINT shut it down gracefully: in-flight requests finish within
            gateway.shutdown_timeout_ms. Before listening it asks every provider for its models (at most 3 s): a
            local server offers only the models it reports.

            Exit codes: 0 after a graceful shutdown; 1 when it cannot start (configuration errors, a non-loopback
            address without gateway keys, the port in use).
            """
    )

    @OptionGroup var options: HostOptions

    @Option(help: "The address to listen on (default: gateway.host, else 127.0.0.1).")
    var host: String?

    @Option(help: "The port to listen on; 0 for any free port (default: gateway.port, else 8080).")
    var port: Int?

    /// A gateway logs its start, refusals and failures: info unless `--log-level` or `SWITCHBOARD_LOG_LEVEL` says
    /// otherwise.
    static var defaultLogLevel: Logger.Level { .info }

    func validate() throws {
        if let port, !(0...65_535).contains(port) {
            throw ValidationError("--port expects 0-65535, found \(port)")
        }
    }

    func run() async throws {
        var configuration = try options.configuration()
        if let host { configuration.gateway.host = host }
        if let port { configuration.gateway.port = port }
        let logger = Logger(label: "switchboard.gateway")
        let metrics = GatewayMetrics()
        let telemetry = try openTelemetry(configuration.telemetry, prometheus: metrics, logger: logger)
        let switchboardHost = SwitchboardHost(
            configuration: configuration, telemetry: telemetry?.hostTelemetry ?? HostTelemetry())
        for failure in switchboardHost.scan.failures {
            logger.warning("plugin not loaded", metadata: ["reason": "\(SecretPolicy.redactingURLs(in: "\(failure)"))"])
        }
        for (name, failure) in switchboardHost.instanceFailures.sorted(by: { $0.key < $1.key }) {
            logger.warning(
                "provider not available",
                metadata: ["provider": "\(name)", "reason": "\(SecretPolicy.redactingURLs(in: failure.message))"])
        }
        // Local servers offer only the models they report: ask every provider before listening.
        let discoveryFailures = await switchboardHost.models.refresh(timeout: .seconds(3))
        for (name, failure) in discoveryFailures.sorted(by: { $0.key < $1.key }) {
            logger.notice("model discovery failed", metadata: ["provider": "\(name)", "reason": "\(failure.message)"])
        }
        for (name, reason) in switchboardHost.models.providersWithoutModels() {
            logger.warning("provider offers no models", metadata: ["provider": "\(name)", "reason": "\(reason)"])
        }
        let gateway: Gateway
        do {
            gateway = try Gateway(host: switchboardHost, metrics: metrics, logger: logger) { host, port in
                printError("switchboard gateway listening on http://\(host.contains(":") ? "[\(host)]" : host):\(port)")
            }
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        // A provider whose server was down or slow then is asked again in the background until it answers.
        let rediscovery = Task {
            await switchboardHost.models.rediscover(timeout: .seconds(10)) { provider in
                logger.notice("model discovery succeeded", metadata: ["provider": "\(provider)"])
            }
        }
        defer { rediscovery.cancel() }
        do {
            try await gateway.serve(alongside: telemetry.map { [$0.service] } ?? [])
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }

    /// Bootstraps the process's metrics (Prometheus, and OTLP when `settings` export metrics) and tracer (OTLP when
    /// `settings` export traces), and returns the OpenTelemetry export whose service must run; nil when `settings`
    /// export nothing.
    private func openTelemetry(
        _ settings: SwitchboardConfiguration.Telemetry, prometheus: GatewayMetrics, logger: Logger
    ) throws -> OpenTelemetryExport? {
        let export: OpenTelemetryExport?
        do {
            export = try OpenTelemetryExport(settings, logger: logger)
        } catch {
            printError("error: telemetry: \(error)")
            throw ExitCode(1)
        }
        if let otlp = export?.metrics {
            MetricsSystem.bootstrap(MultiplexMetricsHandler(factories: [prometheus.factory, otlp]))
        } else {
            MetricsSystem.bootstrap(prometheus.factory)
        }
        if let tracer = export?.tracer { InstrumentationSystem.bootstrap(tracer) }
        if export != nil {
            logger.info(
                "exporting telemetry",
                metadata: [
                    "endpoint": "\(SecretPolicy.redactingURLs(in: settings.endpoint))",
                    "protocol": "\(settings.protocol.rawValue)",
                ])
        }
        return export
    }
}
