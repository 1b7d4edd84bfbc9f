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
        // The one wait, the router's ranking (its task classifier may ask a model), sits between two synchronous
        // halves: only the plan and the decision are kept across it, so the task this runs in (a gateway
        // connection's, for a whole stream) does not hold a large async frame.
        let aliases = aliases ?? configuration.routingAliases
        let plan = try plan(selector, aliases: aliases)
        let decision = await router.decide(request, base: plan.requirements)
        return try route(plan, decision, selector: selector, aliases: aliases)
    }

    /// Resolves `selector` for the embeddings `request`, by the rules of ``resolve(_:for:aliases:)``, among the models
    /// with the `embeddings` capability only (a model a provider's catalog does not list, named with its provider,
    /// is still asked of it); the router ranks them at the request's estimated input tokens, with no task
    /// classification.
    /// - Throws: `not_found` ``ProviderError`` when nothing answers the selector.
    public func resolve(
        _ selector: ModelSelector,
        forEmbedding request: EmbeddingRequest,
        aliases: [SwitchboardConfiguration.RoutingAlias]? = nil
    ) throws -> Route {
        let aliases = aliases ?? configuration.routingAliases
        var plan = try plan(selector, aliases: aliases)
        plan.requirements.capabilities.insert(.embeddings)
        plan.requirements.tokens = TokenEstimate(input: request.estimatedInputTokens, output: 0)
        return try route(plan, router.decide(plan.requirements), selector: selector, aliases: aliases)
    }

    /// What `selector` names, before the router ranks: the route's target, the requirements to rank under and the
    /// strategy.
    private struct RoutePlan {
        let target: Route.Target
        var requirements: Requirements
        let strategy: ExecutionStrategy
    }

    /// ``resolve(_:for:aliases:)``'s reading of the name, in its documented order.
    /// - Throws: `not_found` when `selector.provider` names no provider the host has.
    private func plan(
        _ selector: ModelSelector, aliases: [SwitchboardConfiguration.RoutingAlias]
    ) throws -> RoutePlan {
        if let provider = selector.provider { _ = try self.provider(named: provider) }
        let name = selector.isAutomatic ? "auto" : selector.name ?? "auto"
        let configured = ExecutionStrategy(configuration.routing.strategy)
        if let alias = aliases.first(where: { $0.name == name }) {
            var base = alias.require.map(Requirements.init) ?? Requirements()
            if let provider = selector.provider { base.provider = provider }
            return RoutePlan(
                target: .alias(name), requirements: base,
                strategy: alias.strategy.map(ExecutionStrategy.init) ?? configured)
        }
        if selector.isAutomatic {
            return RoutePlan(
                target: .router, requirements: Requirements(provider: selector.provider), strategy: configured)
        }
        if let agent = router.agents.first(where: { $0.name == name }) {
            var base = agent.require.map(Requirements.init) ?? Requirements()
            base.provider = selector.provider ?? agent.provider
            base.model = agent.model
            return RoutePlan(target: .agent(name), requirements: base, strategy: configured)
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
        return RoutePlan(
            target: .model(provider: provider, id: model), requirements: Requirements(provider: provider, model: model),
            strategy: configured)
    }

    /// The route `plan` makes with the router's `decision`.
    /// - Throws: `not_found` when nothing answers.
    private func route(
        _ plan: RoutePlan, _ decision: RouteDecision, selector: ModelSelector,
        aliases: [SwitchboardConfiguration.RoutingAlias]
    ) throws -> Route {
        switch plan.target {
        case .alias(let name):
            guard !decision.candidates.isEmpty else {
                let capabilities = decision.requirements.capabilities.map(\.rawValue).sorted().joined(separator: ", ")
                throw ProviderError(
                    .notFound,
                    "routing alias `\(name)` found no model that meets its requirements and the request's "
                        + "(capabilities: \(capabilities.isEmpty ? "none" : capabilities)); "
                        + "`switchboard route` shows why")
            }
            return Route(
                selector: selector, target: plan.target, candidates: decision.candidates, strategy: plan.strategy,
                decision: decision)
        case .router:
            var candidates = decision.candidates
            if candidates.isEmpty, let provider = selector.provider {
                candidates = explicit(models.models(matching: ModelQuery(providers: [provider])), plan.requirements)
            }
            guard !candidates.isEmpty else {
                throw ProviderError(
                    .notFound,
                    selector.provider.map { "provider \"\($0)\" has no models in the registry; name one with a model" }
                        ?? "no model meets the request; `switchboard route` shows why")
            }
            return Route(
                selector: selector, target: plan.target, candidates: candidates, strategy: plan.strategy,
                decision: decision)
        case .agent(let name):
            guard !decision.candidates.isEmpty else {
                throw ProviderError(
                    .notFound, "no model in the registry meets agent \"\(name)\"; `switchboard route` shows why",
                    provider: plan.requirements.provider)
            }
            return Route(
                selector: selector, target: plan.target, candidates: decision.candidates, strategy: plan.strategy,
                decision: decision)
        case .model(let provider, let model):
            let ranked = Set(decision.candidates.map(\.id))
            let offered = models.models(matching: ModelQuery(providers: provider.map { [$0] } ?? [], model: model))
            var candidates =
                decision.candidates + explicit(offered.filter { !ranked.contains($0.id) }, plan.requirements)
            if candidates.isEmpty, let kind = offered.first?.model {
                throw Self.wrongKind(model, kind: kind)
            }
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
            guard !candidates.isEmpty else { throw nothingOffers(model, aliases: aliases) }
            return Route(
                selector: selector, target: plan.target, candidates: candidates, strategy: plan.strategy,
                decision: decision.candidates.isEmpty ? nil : decision)
        }
    }

    /// The model `name` (whose catalog entry is `model`) cannot answer a request of the other kind: chat or
    /// embeddings.
    private static func wrongKind(_ name: String, kind model: ModelInfo) -> ProviderError {
        model.capabilities.contains(.embeddings)
            ? ProviderError(
                .invalidRequest,
                "the model \"\(name)\" is an embedding model; it answers embeddings requests only, not chat")
            : ProviderError(
                .invalidRequest,
                "the model \"\(name)\" has no `embeddings` capability; embeddings need an embedding model "
                    + "(`switchboard models --capability embeddings` lists them)")
    }

    /// Why no provider offers the model `name`; for `broken/model` of a provider that is configured but was not
    /// created, that provider's own error.
    private func nothingOffers(_ name: String, aliases: [SwitchboardConfiguration.RoutingAlias]) -> any Error {
        if let slash = name.firstIndex(of: "/"), configuration.provider(named: String(name[..<slash])) != nil {
            do {
                _ = try self.provider(named: String(name[..<slash]))
            } catch {
                return error
            }
        }
        let aliasNames = aliases.map(\.name) + router.agents.map(\.name)
        return ProviderError(
            .notFound,
            "no provider offers a model \"\(name)\": it is not a routing alias or agent "
                + "(\(aliasNames.isEmpty ? "none defined" : aliasNames.joined(separator: ", "))), "
                + "PROVIDER/MODEL of a configured provider, or a model id in the registry; "
                + "`switchboard models` and the gateway's GET /v1/models list them")
    }

    /// Registry entries named explicitly, as candidates the router did not rank: available providers first; only
    /// those of the kind `requirements` asks for (chat or embeddings).
    private func explicit(_ entries: [RegistryEntry], _ requirements: Requirements) -> [RouteCandidate] {
        let candidates = entries.filter { requirements.admitsKind(of: $0.model) }.map { entry in
            RouteCandidate(
                provider: entry.provider, model: entry.model, rationale: "named explicitly",
                estimatedCost: nil, confidence: 1, availability: models.availability(of: entry.provider))
        }
        return candidates.filter { !$0.availability.isDown } + candidates.filter { $0.availability.isDown }
    }
}
