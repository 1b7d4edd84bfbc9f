public import SwitchboardKit

extension SwitchboardHost {
    /// Resolves `selector` for `request`: the one place that reads model names, for the CLI, the gateway and
    /// embedding programs alike.
    ///
    /// In order (`docs/routing.md`):
    /// 1. no name, or `auto`: the routing alias `auto` when one is defined, else the router's choice;
    /// 2. a routing alias (`gateway.aliases`): the router ranks under its requirements; its strategy runs;
    /// 3. an agent (`agents`): the router ranks under its pinned provider/model and requirements;
    /// 4. `provider/model`, when `provider` is a provider instance the host has (model ids may hold slashes of
    ///    their own, so `meta-llama/llama-3` of no provider called `meta-llama` is a model id);
    /// 5. a bare model id, answered by every provider that offers it.
    ///
    /// A named model (4, 5) is never excluded by the routing rules: the router ranks the providers that offer it and
    /// those it would have excluded follow; a model a provider's catalog does not list (pulled into Ollama since)
    /// is still asked of a provider named with it. `selector.provider` holds every case to that provider. Every
    /// route runs the alias's strategy, else the configuration's `routing.strategy`; a caller may override it.
    ///
    /// - Parameters:
    ///   - selector: what the caller named.
    ///   - request: the request, whose shape (tools, images, schema, size) the router accounts for.
    ///   - aliases: the routing aliases; by default the configuration's ``SwitchboardConfiguration/routingAliases``
    ///     (`gateway.aliases` when the gateway's section is registered).
    /// - Returns: the route: ranked candidates, the strategy, what the selector named.
    /// - Throws: `not_found` ``ProviderError`` when the named provider does not exist (or could not be created), or
    ///   nothing answers the selector.
    public func resolve(
        _ selector: ModelSelector,
        for request: ChatRequest,
        aliases: [SwitchboardConfiguration.RoutingAlias]? = nil
    ) async throws -> Route {
        if let provider = selector.provider { _ = try self.provider(named: provider) }
        let aliases = aliases ?? configuration.routingAliases
        let name = selector.isAutomatic ? "auto" : selector.name ?? "auto"
        let configured = ExecutionStrategy(configuration.routing.strategy)

        if let alias = aliases.first(where: { $0.name == name }) {
            var base = alias.require.map(Requirements.init) ?? Requirements()
            if let provider = selector.provider { base.provider = provider }
            let decision = await router.decide(request, base: base)
            guard !decision.candidates.isEmpty else {
                let capabilities = decision.requirements.capabilities.map(\.rawValue).sorted().joined(separator: ", ")
                throw ProviderError(
                    .notFound,
                    "routing alias `\(name)` found no model that meets its requirements and the request's "
                        + "(capabilities: \(capabilities.isEmpty ? "none" : capabilities)); "
                        + "`switchboard route` shows why")
            }
            let strategy = alias.strategy.map(ExecutionStrategy.init) ?? configured
            return Route(
                selector: selector, target: .alias(name), candidates: decision.candidates, strategy: strategy,
                decision: decision)
        }
        if selector.isAutomatic {
            let decision = await router.decide(request, base: Requirements(provider: selector.provider))
            var candidates = decision.candidates
            if candidates.isEmpty, let provider = selector.provider {
                candidates = explicit(models.models(matching: ModelQuery(providers: [provider])))
            }
            guard !candidates.isEmpty else {
                throw ProviderError(
                    .notFound,
                    selector.provider.map { "provider \"\($0)\" has no models in the registry; name one with a model" }
                        ?? "no model meets the request; `switchboard route` shows why")
            }
            return Route(
                selector: selector, target: .router, candidates: candidates, strategy: configured, decision: decision)
        }
        if let agent = router.agents.first(where: { $0.name == name }) {
            var base = agent.require.map(Requirements.init) ?? Requirements()
            base.provider = selector.provider ?? agent.provider
            base.model = agent.model
            let decision = await router.decide(request, base: base)
            guard !decision.candidates.isEmpty else {
                throw ProviderError(
                    .notFound, "no model in the registry meets agent \"\(name)\"; `switchboard route` shows why",
                    provider: base.provider)
            }
            return Route(
                selector: selector, target: .agent(name), candidates: decision.candidates, strategy: configured,
                decision: decision)
        }

        var provider = selector.provider
        var model = name
        if provider == nil, let slash = name.firstIndex(of: "/"),
            registry.provider(named: String(name[..<slash])) != nil,
            slash != name.index(before: name.endIndex)
        {
            provider = String(name[..<slash])
            model = String(name[name.index(after: slash)...])
        }
        let decision = await router.decide(request, base: Requirements(provider: provider, model: model))
        let ranked = Set(decision.candidates.map(\.id))
        let offered = models.models(matching: ModelQuery(providers: provider.map { [$0] } ?? [], model: model))
        var candidates = decision.candidates + explicit(offered.filter { !ranked.contains($0.id) })
        if candidates.isEmpty, let provider {
            // A model the catalog does not list (e.g. one pulled into Ollama since): the provider decides.
            let local = configuration.provider(named: provider)?.local ?? false
            candidates = [
                RouteCandidate(
                    provider: provider, model: ModelInfo(id: model, local: local),
                    rationale: "named explicitly; not in the registry's catalog", estimatedCost: nil, confidence: 1,
                    availability: models.availability(of: provider))
            ]
        }
        guard !candidates.isEmpty else {
            // `broken/model` of a provider that is configured but was not created: say why.
            if let slash = name.firstIndex(of: "/"), configuration.provider(named: String(name[..<slash])) != nil {
                _ = try self.provider(named: String(name[..<slash]))
            }
            let aliasNames = aliases.map(\.name) + router.agents.map(\.name)
            throw ProviderError(
                .notFound,
                "no provider offers a model \"\(name)\": it is not a routing alias or agent "
                    + "(\(aliasNames.isEmpty ? "none defined" : aliasNames.joined(separator: ", "))), "
                    + "PROVIDER/MODEL of a configured provider, or a model id in the registry; "
                    + "`switchboard models` and the gateway's GET /v1/models list them")
        }
        return Route(
            selector: selector, target: .model(provider: provider, id: model), candidates: candidates,
            strategy: configured, decision: decision.candidates.isEmpty ? nil : decision)
    }

    /// Registry entries named explicitly, as candidates the router did not rank: available providers first.
    private func explicit(_ entries: [RegistryEntry]) -> [RouteCandidate] {
        let candidates = entries.map { entry in
            RouteCandidate(
                provider: entry.provider, model: entry.model, rationale: "named explicitly",
                estimatedCost: nil, confidence: 1, availability: models.availability(of: entry.provider))
        }
        return candidates.filter { !$0.availability.isDown } + candidates.filter { $0.availability.isDown }
    }
}
