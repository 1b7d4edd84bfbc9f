import Hummingbird
import Switchboard

/// The request context of every gateway route: Hummingbird's core context plus what the gateway's middleware learned
/// about the request before its handler runs.
///
/// ``RequestMetricsMiddleware`` sets ``dialect`` and ``exchange``, ``AuthenticationMiddleware`` sets ``key``,
/// ``KeyLimitsMiddleware`` sets ``streams``. Handlers read them and never authenticate, limit or record metrics
/// themselves.
struct GatewayRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The gateway key the request authenticated with; nil when the gateway has no keys.
    var key: SwitchboardConfiguration.Gateway.Key?
    /// The client family whose shape the answer and its errors take.
    var dialect: APIDialect = .openAI
    /// The request's bookkeeping (metrics, log line, span); nil on routes without ``RequestMetricsMiddleware``.
    var exchange: Exchange?
    /// The key's admission to one more open stream; nil on routes without ``KeyLimitsMiddleware`` (no limit).
    var streams: StreamAdmission?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Takes a place for one more open stream of the request's key, held until the response body ends.
    /// - Throws: ``APIFailure`` 429 when the key already has its `max_concurrent_streams` open.
    func admitStream() throws(APIFailure) {
        try streams?.admit()
    }
}
