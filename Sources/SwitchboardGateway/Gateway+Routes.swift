import Hummingbird
import NIOCore
import Switchboard
import SwitchboardKit

extension Gateway {
    /// The router: the chat endpoints (Chat Completions, Anthropic Messages, Responses), embeddings, the model list,
    /// health, readiness and metrics; any other path is a 404 in OpenAI's error shape.
    ///
    /// The API routes run behind middleware, outermost first: ``RequestMetricsMiddleware`` (the exchange, its
    /// metrics, log line and span, and every error as a response in the client's dialect),
    /// ``AuthenticationMiddleware`` (the gateway key) and, for the chat and embeddings endpoints, ``KeyLimitsMiddleware`` (the
    /// key's requests per minute and open streams). `/healthz`, `/readyz` and `/metrics` need no key.
    func buildRouter() -> Hummingbird.Router<GatewayRequestContext> {
        let router = Hummingbird.Router(context: GatewayRequestContext.self)
        router.add(middleware: UnknownRouteMiddleware())
        let api = router.group()
            .add(
                middleware: RequestMetricsMiddleware(
                    metrics: metrics, keyring: keyring, activity: memoryRelease, tracer: host.reliability.tracer)
            )
            .add(middleware: AuthenticationMiddleware(keyring: keyring))
        api.get("/v1/models") { _, context in self.models(context: context) }
        let chat = api.group()
            .add(
                middleware: KeyLimitsMiddleware(
                    limiter: limiter, fleetLimiter: fleetLimiter, streamSlots: streamSlots,
                    configuration: configuration))
        chat.post("/v1/chat/completions") { request, context in try await self.chat(request, context: context) }
        chat.post("/v1/messages") { request, context in try await self.chat(request, context: context) }
        chat.post("/v1/responses") { request, context in try await self.responses(request, context: context) }
        chat.post("/v1/embeddings") { request, context in try await self.embeddings(request, context: context) }
        router.get("/healthz") { _, _ in Self.json(["status": "ok"]) }
        router.get("/readyz") { _, _ in await self.readiness() }
        router.get("/metrics") { _, _ in
            self.metrics.recordBreakers(
                self.host.registry.names.map { ($0, self.host.reliability.breakers.state(of: $0)) })
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: self.metrics.exposition())))
        }
        return router
    }

    /// `GET /v1/models`: every model of the registry as `provider/model`, then the aliases, as the key may use them;
    /// in Anthropic's list shape when the request carries `anthropic-version`.
    func models(context: GatewayRequestContext) -> Response {
        let anthropic = context.dialect == .anthropic
        let key = context.key
        var names: [(id: String, owner: String)] = host.models.entries.map {
            ("\($0.provider)/\($0.model.id)", $0.provider)
        }
        names += configuration.aliases.map { ($0.name, "switchboard") }
        if let key {
            names = names.filter {
                key.allows($0.id) || key.allows(String($0.id.split(separator: "/", maxSplits: 1).last ?? ""))
            }
        }
        let body: JSONValue
        if anthropic {
            body = [
                "data": .array(
                    names.map {
                        [
                            "type": "model", "id": .string($0.id), "display_name": .string($0.id),
                            "created_at": "1970-01-01T00:00:00Z",
                        ]
                    }),
                "has_more": false, "first_id": names.first.map { .string($0.id) } ?? .null,
                "last_id": names.last.map { .string($0.id) } ?? .null,
            ]
        } else {
            body = [
                "object": "list",
                "data": .array(
                    names.map {
                        ["id": .string($0.id), "object": "model", "created": 0, "owned_by": .string($0.owner)]
                    }),
            ]
        }
        return Self.json(body)
    }

    /// `GET /readyz`: ready (200) when at least one plugin loaded, at least one provider instance exists and the
    /// usage ledger can take what requests need: when it cannot be used, not ready if budgets are configured under
    /// `usage.on_store_failure: fail_closed` (their requests are refused) or if `usage.store_buffer` records already
    /// wait (every request is); else 503 with what is missing. The body names the ledger (its password redacted),
    /// whether it can be reached, and how many records wait for it.
    func readiness() async -> Response {
        let plugins = host.scan.loaded.map(\.id).sorted()
        let providers = host.registry.names
        var problems: [JSONValue] = []
        if plugins.isEmpty { problems.append("no plugin loaded; check plugins.directories and `switchboard plugins`") }
        if providers.isEmpty {
            problems.append("no provider instance; configure `providers` and check `switchboard doctor`")
        }
        for (name, failure) in host.instanceFailures.sorted(by: { $0.key < $1.key }) {
            problems.append(.string("provider \(name): \(failure.message)"))
        }
        var ready = !plugins.isEmpty && !providers.isEmpty
        var ledger: JSONValue = .null
        if let usage = host.meter.ledger {
            let problem = await usage.problem()
            let settings = host.configuration.usage
            let waiting = usage.waitingRecords
            ledger = [
                "location": .string(usage.location.description), "reachable": .bool(problem == nil),
                "waiting_records": .number(Double(waiting)),
                "on_store_failure": .string(settings.onStoreFailure.rawValue),
            ]
            if let problem {
                problems.append(.string(problem.description))
                let refusesBudgeted = settings.onStoreFailure == .failClosed && !host.configuration.budgets.isEmpty
                if refusesBudgeted || waiting >= settings.storeBuffer { ready = false }
            }
        }
        let body: JSONValue = [
            "status": ready ? "ready" : "not_ready", "plugins": .array(plugins.map(JSONValue.string)),
            "providers": .array(providers.map(JSONValue.string)), "ledger": ledger, "problems": .array(problems),
        ]
        return Self.json(body, status: ready ? .ok : .serviceUnavailable)
    }

    /// A JSON response.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response
    {
        var writer = JSONWriter(capacity: 1024)
        writer.value(value)
        var headers: HTTPFields = [.contentType: "application/json"]
        headers.append(contentsOf: extra)
        return Response(
            status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: writer.bytes)))
    }

    /// An error response in `dialect`'s shape, with `Retry-After` (whole seconds, at least 1) and `retry-after-ms`
    /// when the failure has a wait.
    static func failureResponse(_ failure: APIFailure, dialect: APIDialect, requestID: String) -> Response {
        var headers: HTTPFields = [:]
        headers[.requestID] = requestID
        if let retryAfter = failure.retryAfter {
            let milliseconds = max(1, Int((min(max(retryAfter, 0), 86_400) * 1000).rounded(.up)))
            headers[.retryAfter] = String((milliseconds + 999) / 1000)
            headers[.retryAfterMs] = String(milliseconds)
        }
        return json(failure.body(in: dialect), status: failure.status(in: dialect), headers: headers)
    }
}
