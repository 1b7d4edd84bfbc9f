import Switchboard
import SwitchboardKit

/// Turns a request's `model` field into the candidates and strategy that answer it.
///
/// In order: a routing alias of the configuration (the router ranks candidates under the alias's requirements and
/// the alias's strategy runs); `provider/model` for a provider instance the host has; a model id, answered by every
/// provider whose catalog has it, best first, falling through on failure.
struct ModelResolver: Sendable {
    /// Where the candidates come from and what runs them.
    let host: SwitchboardHost
    /// The routing aliases.
    let aliases: [SwitchboardConfiguration.Gateway.Alias]

    /// Candidates and a strategy.
    struct Route: Sendable {
        /// The candidates, best first.
        var candidates: [RouteCandidate]
        /// The strategy to run over them.
        var strategy: ExecutionStrategy
        /// The alias the request named, if it named one.
        var alias: String?
    }

    /// The route for `request`, whose `model` is the client's model field, as `key` may use it.
    /// - Throws: ``APIFailure`` 404 when nothing answers the name, 403 when `key` may not use what does.
    func resolve(_ request: ChatRequest, key: SwitchboardConfiguration.Gateway.Key?) async throws(APIFailure) -> Route {
        let name = request.model
        if let alias = aliases.first(where: { $0.name == name }) {
            if let key, !key.allows(name) { throw forbidden(name, key: key) }
            let base = alias.require.map(Requirements.init) ?? Requirements()
            let decision = await host.router.decide(request, base: base)
            guard !decision.candidates.isEmpty else {
                throw APIFailure(
                    status: 404, kind: .notFound,
                    "routing alias `\(name)` found no model that meets its requirements and the request's "
                        + "(capabilities: \(decision.requirements.capabilities.map(\.rawValue).sorted().joined(separator: ", ")))",
                    param: "model", code: "model_not_found")
            }
            let strategy = ExecutionStrategy(alias.strategy ?? host.configuration.routing.strategy)
            return Route(candidates: decision.candidates, strategy: strategy, alias: name)
        }
        var candidates = pinned(name)
        guard !candidates.isEmpty else {
            let aliasNames = aliases.map(\.name)
            throw APIFailure(
                status: 404, kind: .notFound,
                "the model `\(name)` does not exist here: it is not a routing alias (\(aliasNames.isEmpty ? "none defined" : aliasNames.joined(separator: ", "))), "
                    + "a `provider/model` of a configured provider, or a model id in the registry; GET /v1/models lists them",
                param: "model", code: "model_not_found")
        }
        if let key {
            candidates = candidates.filter { key.allows(name) || key.allows($0.id) || key.allows($0.model.id) }
            if candidates.isEmpty { throw forbidden(name, key: key) }
        }
        return Route(candidates: candidates, strategy: .auto, alias: nil)
    }

    /// The candidates a model name pins: `provider/model` of a provider the host has, else every registry entry
    /// with that model id.
    private func pinned(_ name: String) -> [RouteCandidate] {
        if let slash = name.firstIndex(of: "/") {
            let providerName = String(name[..<slash])
            let modelID = String(name[name.index(after: slash)...])
            if host.registry.provider(named: providerName) != nil, !modelID.isEmpty {
                let known = host.models.models(matching: ModelQuery(providers: [providerName], model: modelID)).first?
                    .model
                let local = host.configuration.provider(named: providerName)?.local ?? false
                let model = known ?? ModelInfo(id: modelID, local: local)
                return [
                    RouteCandidate(
                        provider: providerName, model: model, rationale: "named by the request", estimatedCost: nil,
                        confidence: 1)
                ]
            }
        }
        return host.models.ranked(ModelQuery(model: name)).map { entry, score in
            RouteCandidate(
                provider: entry.provider, model: entry.model, rationale: "offers the model the request names",
                estimatedCost: nil,
                confidence: score.total)
        }
    }

    private func forbidden(_ name: String, key: SwitchboardConfiguration.Gateway.Key) -> APIFailure {
        APIFailure(
            status: 403, kind: .permission,
            "gateway key `\(key.name)` may not use the model `\(name)`; it may use: \((key.models ?? ["*"]).joined(separator: ", "))",
            param: "model", code: "model_not_allowed")
    }
}
