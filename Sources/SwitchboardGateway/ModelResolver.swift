import Switchboard
import SwitchboardKit

/// Turns a request's `model` field into the host's ``Route`` (``SwitchboardHost/resolve(_:for:aliases:)``, the same
/// rules as the CLI's `--model`) and holds it to what the client's gateway key may use.
struct ModelResolver: Sendable {
    /// What resolves the name.
    let host: SwitchboardHost
    /// The routing aliases of the gateway settings in force.
    let aliases: [SwitchboardConfiguration.Gateway.Alias]

    /// The route for `call`'s model field, as `key` may use it.
    /// - Throws: ``APIFailure`` 404 when nothing answers the name, 403 when `key` may not use what does.
    func resolve(_ call: ChatCall, key: SwitchboardConfiguration.Gateway.Key?) async throws(APIFailure) -> Route {
        let route: Route
        do {
            route = try await host.resolve(call.selector, for: call.request, aliases: aliases)
        } catch {
            throw Self.failure(error)
        }
        return try allowed(route, name: call.model, key: key)
    }

    /// The route for `call`'s model field among the embedding models, as `key` may use it.
    /// - Throws: ``APIFailure`` 404 when nothing answers the name, 400 when it names a chat model, 403 when `key` may
    ///   not use what does.
    func resolve(embeddings call: EmbeddingsCall, key: SwitchboardConfiguration.Gateway.Key?) throws(APIFailure)
        -> Route
    {
        let route: Route
        do {
            route = try host.resolve(call.selector, forEmbedding: call.request, aliases: aliases)
        } catch {
            throw Self.failure(error)
        }
        return try allowed(route, name: call.model, key: key)
    }

    /// The failure to answer with when the host cannot resolve the name: 404 for `not_found`.
    @inline(never)
    private static func failure(_ error: any Error) -> APIFailure {
        if let error = error as? ProviderError, error.kind == .notFound {
            return APIFailure(status: 404, kind: .notFound, error.message, param: "model", code: "model_not_found")
        }
        if let error = error as? ProviderError, error.kind == .invalidRequest {
            return APIFailure.invalidRequest(error.message, param: "model")
        }
        return APIFailure(error)
    }

    /// `route` for the model field `name`, as `key` may use it (a synchronous helper, so that its work takes no room
    /// in the request task's async frames).
    /// - Throws: ``APIFailure`` 403 when `key` may use none of it.
    @inline(never)
    private func allowed(_ route: Route, name: String, key: SwitchboardConfiguration.Gateway.Key?) throws(APIFailure)
        -> Route
    {
        guard let key else { return route }
        if route.alias != nil {
            if !key.allows(name) { throw forbidden(name, key: key) }
            return route
        }
        var route = route
        route.candidates = route.candidates.filter { key.allows(name) || key.allows($0.id) || key.allows($0.model.id) }
        if route.candidates.isEmpty { throw forbidden(name, key: key) }
        return route
    }

    private func forbidden(_ name: String, key: SwitchboardConfiguration.Gateway.Key) -> APIFailure {
        APIFailure(
            status: 403, kind: .permission,
            "gateway key `\(key.name)` may not use the model `\(name)`; it may use: \((key.models ?? ["*"]).joined(separator: ", "))",
            param: "model", code: "model_not_allowed")
    }
}
