import Hummingbird
import Switchboard
import SwitchboardKit

/// Holds the chat endpoints to each key's limits: `requests_per_minute` (checked here, before the body is read) and
/// `max_concurrent_streams` / `max_concurrent_streams_per_key` (a ``StreamAdmission`` in the context, which the
/// handler asks once it knows the answer is streamed and the model resolved; the place is held until the response
/// body ends).
struct KeyLimitsMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    /// Each key's `requests_per_minute`, on the same token buckets as the providers' client-side limits.
    let limiter: RateLimiter
    /// The same limits held for every replica sharing a PostgreSQL ledger, used instead of ``limiter`` when present.
    let fleetLimiter: FleetRateLimiter?
    /// Each key's open streams.
    let streamSlots: StreamSlots
    let configuration: SwitchboardConfiguration.Gateway

    /// - Throws: ``APIFailure`` 429 with a `Retry-After` when the key is over its requests per minute.
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let key = context.key
        if let key, let limit = key.requestsPerMinute, case let wait = await acquire(key.name, perMinute: limit),
            wait > .zero
        {
            let seconds = wait.seconds
            throw APIFailure(
                status: 429, kind: .rateLimited,
                "gateway key `\(key.name)` is over its limit of \(limit) requests per minute; retry in \(Int(seconds.rounded(.up))) s",
                retryAfter: seconds, code: "rate_limit_exceeded")
        }
        let admission = StreamAdmission(
            slots: streamSlots, key: key, limit: configuration.streamLimit(for: key))
        var context = context
        context.streams = admission
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            admission.release()
            throw error
        }
        guard admission.isHolding else { return response }
        let body = response.body
        response.body = ResponseBody { writer in
            defer { admission.release() }
            try await body.write(writer)
        }
        return response
    }
}

extension KeyLimitsMiddleware {
    /// Takes one request from key `name`'s limit: the fleet's when replicas share one, else this replica's.
    private func acquire(_ name: String, perMinute: Int) async -> Duration {
        if let fleetLimiter { return await fleetLimiter.acquire(name, perMinute: perMinute) }
        return limiter.acquire(name, tokens: 0)
    }
}

/// One request's admission to a stream under its key's `max_concurrent_streams`: ``admit()`` takes a place or
/// refuses; the place is given back by ``release()`` or, if the response is dropped unwritten, when the last
/// reference goes away.
final class StreamAdmission: Sendable {
    private let slots: StreamSlots
    private let key: SwitchboardConfiguration.Gateway.Key?
    private let limit: Int?
    private let slot = Locked<StreamSlots.Slot?>(nil)

    init(slots: StreamSlots, key: SwitchboardConfiguration.Gateway.Key?, limit: Int?) {
        self.slots = slots
        self.key = key
        self.limit = limit
    }

    /// Whether a place is held.
    var isHolding: Bool { slot.withLock { $0 != nil } }

    /// Takes a place for one more open stream of the key (of all clients, without keys); nothing when there is no
    /// limit.
    /// - Throws: ``APIFailure`` 429 when the key already has its `max_concurrent_streams` open.
    func admit() throws(APIFailure) {
        guard let limit else { return }
        if let granted = slots.acquire(key?.name ?? "", limit: limit) {
            slot.withLock { $0 = granted }
            return
        }
        let holder = key.map { "gateway key `\($0.name)` has" } ?? "this gateway's clients have"
        let setting =
            key?.maxConcurrentStreams != nil
            ? "gateway.keys[].max_concurrent_streams" : "gateway.max_concurrent_streams_per_key"
        throw APIFailure(
            status: 429, kind: .rateLimited,
            "\(holder) \(limit) streamed answers open, the most allowed at once (\(setting)); retry when one ends",
            retryAfter: 1, code: "too_many_concurrent_streams")
    }

    /// Gives the place back; later calls do nothing.
    func release() {
        slot.withLock { $0 }?.release()
    }
}
