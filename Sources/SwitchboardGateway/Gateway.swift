public import Logging
public import ServiceLifecycle
public import Switchboard
public import UnixSignals
public import Hummingbird
import HummingbirdCore
import NIOCore

/// An HTTP server that puts a ``SwitchboardHost`` behind OpenAI's Chat Completions, Responses, Embeddings and Models
/// APIs and Anthropic's Messages API, so any OpenAI or Anthropic client can use every provider unchanged.
///
/// The gateway is a `Service`: run it in a `ServiceGroup` (``serviceGroup(alongside:gracefulShutdownSignals:)`` makes one
/// with the configured shutdown deadline). On graceful shutdown it stops accepting connections, lets in-flight
/// requests and streams finish, and cancels what is left when `gateway.shutdown_timeout_ms` runs out.
///
/// ```swift
/// let gateway = try Gateway(host: SwitchboardHost(configuration: configuration))
/// try await gateway.serve()   // until SIGTERM or SIGINT
/// ```
/// `docs/gateway.md` is the reference for endpoints, authentication, aliases, errors and metrics.
public final class Gateway: Service, Sendable {
    /// The host whose providers answer.
    public let host: SwitchboardHost
    /// The gateway settings in force.
    public let configuration: SwitchboardConfiguration.Gateway
    /// The metrics `GET /metrics` renders.
    public let metrics: GatewayMetrics
    let logger: Logger
    let keyring: GatewayKeyring
    /// Each key's `requests_per_minute`, on the same token buckets as the providers' client-side limits
    /// (``KeyLimitsMiddleware``).
    let limiter: RateLimiter
    /// Each key's `requests_per_minute` for the fleet, when the usage ledger is a PostgreSQL database every replica
    /// shares; nil otherwise (``limiter`` holds the limits per replica).
    let fleetLimiter: FleetRateLimiter?
    /// Each key's open streams, against `max_concurrent_streams` (``KeyLimitsMiddleware``).
    let streamSlots = StreamSlots()
    let resolver: ModelResolver
    let memoryRelease: IdleMemoryRelease
    private let onListening: @Sendable (_ host: String, _ port: Int) async -> Void

    /// Creates a gateway over `host`.
    /// - Parameters:
    ///   - host: the host whose providers answer.
    ///   - configuration: the gateway settings; by default the host configuration's `gateway` section.
    ///   - metrics: where metrics are recorded.
    ///   - logger: the server's logger; requests log with their request id, never with a key or a body.
    ///   - onListening: called once the server listens, with the address and the actual port (useful with port 0).
    /// - Throws: ``GatewayStartupError`` when the settings ask for a non-loopback address without keys and do not
    ///   allow that explicitly.
    public init(
        host: SwitchboardHost,
        configuration: SwitchboardConfiguration.Gateway? = nil,
        metrics: GatewayMetrics = GatewayMetrics(),
        logger: Logger = Logger(label: "switchboard.gateway"),
        onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
    ) throws(GatewayStartupError) {
        let configuration = configuration ?? host.configuration.gateway
        if configuration.keys.isEmpty && !configuration.allowUnauthenticatedNonLoopback
            && !Self.isLoopback(configuration.host)
        {
            throw GatewayStartupError(
                code: .unauthenticatedNonLoopback,
                message:
                    "refusing to listen on \(configuration.host), which is not a loopback address, without gateway keys: "
                    + "anyone who can reach it could spend on every provider. Add `gateway.keys`, listen on 127.0.0.1, "
                    + "or set `gateway.allow_unauthenticated_non_loopback: true` if something in front of the gateway authenticates"
            )
        }
        self.host = host
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        self.onListening = onListening
        keyring = GatewayKeyring(configuration.keys)
        limiter = RateLimiter(
            Dictionary(
                configuration.keys.compactMap { key in
                    key.requestsPerMinute.map { (key.name, .init(requestsPerMinute: $0)) }
                },
                uniquingKeysWith: { first, _ in first }
            ))
        let ledger = configuration.keys.contains { $0.requestsPerMinute != nil } ? host.meter.ledger : nil
        fleetLimiter = ledger.flatMap { [limiter] in FleetRateLimiter(ledger: $0, fallback: limiter, logger: logger) }
        resolver = ModelResolver(host: host, aliases: configuration.aliases)
        memoryRelease = IdleMemoryRelease()
    }

    /// Whether `host` names the loopback interface: `localhost`, `::1`, or an address in 127.0.0.0/8.
    public static func isLoopback(_ host: String) -> Bool {
        let lowered = host.lowercased()
        if lowered == "localhost" || lowered == "::1" || lowered == "[::1]" { return true }
        let octets = lowered.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// Serves until graceful shutdown (from the enclosing `ServiceGroup`) or cancellation.
    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.memoryRelease.run() }
            try await buildApplication().run()
            group.cancelAll()
        }
    }

    /// The Hummingbird application `run()` serves: ``buildRouter()`` behind an HTTP/1 server that holds every
    /// connection to the gateway's limits on how a request arrives (`ConnectionGuard`), on `gateway.host` and
    /// `gateway.port`.
    ///
    /// Tests drive it without a socket through HummingbirdTesting (`app.test(.router) { client in … }`); everything
    /// but the connection limits is in the router.
    public func buildApplication() -> some ApplicationProtocol {
        let listenHost = configuration.host
        let configuredPort = configuration.port
        let onListening = onListening
        let limits = ConnectionGuard.Limits(
            maxHeaderBytes: configuration.maxHeaderBytes,
            headerTimeout: .milliseconds(Int64(configuration.requestHeaderTimeoutMs)),
            bodyTimeout: .milliseconds(Int64(configuration.requestBodyTimeoutMs)))
        let metrics = metrics
        let logger = logger
        // The decoder's own bounds stay above the guard's, so an oversized head gets the guard's 431 with a message.
        let decoderLimit = max(80 * 1024, configuration.maxHeaderBytes + 1024)
        let server = HTTPServerBuilder.http1(
            configuration: HTTP1Channel.Configuration(
                additionalChannelHandlers: [ConnectionGuard(limits: limits, metrics: metrics, logger: logger)],
                httpDecoderConfiguration: .init(maxHeaderFieldSize: decoderLimit, maxHeaderListSize: decoderLimit)))
        return Application(
            router: buildRouter(),
            server: server,
            configuration: ApplicationConfiguration(address: .hostname(listenHost, port: configuredPort)),
            onServerRunning: { channel in await onListening(listenHost, channel.localAddress?.port ?? configuredPort) },
            logger: logger
        )
    }

    /// Runs this gateway in ``serviceGroup(alongside:gracefulShutdownSignals:)`` until it has shut down.
    public func serve(
        alongside services: [any Service] = [], gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint]
    ) async throws {
        try await serviceGroup(alongside: services, gracefulShutdownSignals: gracefulShutdownSignals).run()
    }

    /// A service group that runs this gateway, shuts it down gracefully on `gracefulShutdownSignals`, and cancels
    /// what is still running `gateway.shutdown_timeout_ms` after shutdown began.
    ///
    /// `services` (an ``OpenTelemetryExport``'s, say) run beside it and shut down after it, so what its last
    /// requests recorded is still sent.
    public func serviceGroup(
        alongside services: [any Service] = [], gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint]
    ) -> ServiceGroup {
        var configuration = ServiceGroupConfiguration(
            services: services + [self], gracefulShutdownSignals: gracefulShutdownSignals, logger: logger)
        configuration.maximumGracefulShutdownDuration = .milliseconds(self.configuration.shutdownTimeoutMs)
        return ServiceGroup(configuration: configuration)
    }
}
