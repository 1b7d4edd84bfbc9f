public import SwitchboardKit

/// Turns requirements into ranked candidates: the first matching planner rule tightens the requirements, the
/// registry filters by them, and the survivors are ranked by ``ModelScore`` and the locality preference.
///
/// A candidate's confidence is its ``ModelScore/total`` wanting the required capabilities and the task's
/// ``SwitchboardConfiguration/TaskType/preferredCapabilities``, priced at the requirements' token estimate.
/// Candidates are sorted by confidence, then provider priority, then `provider/model`; under `prefer_local` every
/// local candidate comes before every cloud one. Before all that, availability (``ModelRegistry/availability(of:)``)
/// sorts: candidates of available providers come first, then those that may only probe or must wait out a rate
/// limit, then those known to be down (kept, so that a fallback may still try them); each candidate carries its
/// ``RouteCandidate/availability``. A decision lists the best ``candidateLimit`` candidates and counts
/// every model that met the requirements (``RouteDecision/matched``).
///
/// ```swift
/// let decision = await host.router.decide(request)
/// let reviewer = try host.router.model(forAgent: "reviewer")
/// ```
public struct Router: Sendable {
    /// Where candidates come from.
    public let registry: ModelRegistry
    /// The planner rules in force: the configuration's, or ``PlannerRule/builtIn`` when it has none.
    public let rules: [PlannerRule]
    /// The named roles.
    public let agents: [SwitchboardConfiguration.Agent]
    /// Turns `prefer_local` on for requirements that leave locality open (`routing.prefer_local`).
    package let preferLocal: Bool
    /// Caps every request's estimated cost (`routing.max_cost_per_request`).
    package let maxCostPerRequest: Double?
    /// Classifies requests for ``decide(_:base:)``.
    public let classifier: any TaskClassifier
    /// The most candidates a decision lists (the best ones); strategies never need more, and ranking only the best
    /// few keeps routing over ten thousand models in microseconds. Default: 16.
    public var candidateLimit = 16

    /// Creates a router over `registry` with the rules, agents and routing defaults of `configuration`.
    public init(
        registry: ModelRegistry,
        configuration: SwitchboardConfiguration = SwitchboardConfiguration(),
        classifier: any TaskClassifier = KeywordTaskClassifier()
    ) {
        self.registry = registry
        let configured = configuration.routing.rules
        rules =
            configured.isEmpty
            ? PlannerRule.builtIn.enumerated().map {
                PlannerRule(origin: .builtIn, number: $0.offset + 1, rule: $0.element)
            }
            : configured.enumerated().map {
                PlannerRule(origin: .configuration, number: $0.offset + 1, rule: $0.element)
            }
        agents = configuration.agents
        preferLocal = configuration.routing.preferLocal
        maxCostPerRequest = configuration.routing.maxCostPerRequest
        self.classifier = classifier
    }

    /// The ranked candidates for `requirements`.
    public func route(_ requirements: Requirements) -> [RouteCandidate] {
        decide(requirements).candidates
    }

    /// Classifies `request` (unless `base` names a task), adds what its shape needs (``Requirements/init(_:)-(ChatRequest)``)
    /// to `base`, and decides.
    public func decide(_ request: ChatRequest, base: Requirements = Requirements()) async -> RouteDecision {
        var requirements = base
        let shape = Requirements(request)
        requirements.capabilities.formUnion(shape.capabilities)
        if base.tokens == .typical { requirements.tokens = shape.tokens }
        let classification: TaskClassification
        if let task = base.task {
            classification = TaskClassification(task: task, reason: "given")
        } else {
            classification = await classifier.classify(request)
            requirements.task = classification.task
        }
        var decision = decide(requirements)
        decision.classification = classification
        return decision
    }

    /// Applies the first matching planner rule and the routing defaults to `requirements`, and ranks the models that
    /// meet them.
    public func decide(_ requirements: Requirements) -> RouteDecision {
        var effective = requirements
        let rule = rules.first { requirements.meets($0.rule.when) }
        if let rule { effective.apply(rule.rule.require) }
        if let cap = maxCostPerRequest { effective.maxCost = min(effective.maxCost ?? cap, cap) }
        if preferLocal, effective.locality == .any { effective.locality = .preferLocal }
        let (candidates, matched) = candidates(for: effective)
        return RouteDecision(
            classification: nil, rule: rule, requirements: effective, candidates: candidates, matched: matched)
    }

    /// The best candidate from a provider other than the author's, to review `response`.
    /// - Parameter requirements: what the reviewer needs; by default a `code_review` task.
    public func review(of response: ChatResponse, requirements: Requirements = Requirements(task: .codeReview))
        -> RouteCandidate?
    {
        review(ofProvider: response.provider, requirements: requirements)
    }

    /// The best candidate from a provider other than `author`.
    public func review(ofProvider author: String, requirements: Requirements = Requirements(task: .codeReview))
        -> RouteCandidate?
    {
        var requirements = requirements
        requirements.excludedProviders.insert(author)
        if requirements.provider == author { requirements.provider = nil }
        return route(requirements).first
    }

    /// The model for the named role of the configuration's `agents`: its pinned provider/model, or the best
    /// candidate for its requirements.
    /// - Throws: `not_found` when there is no such agent or no model meets it.
    public func model(forAgent name: String) throws -> RouteCandidate {
        guard let agent = agents.first(where: { $0.name == name }) else {
            let known = agents.map(\.name).sorted()
            throw ProviderError(
                .notFound,
                "no agent named \"\(name)\"; known agents: \(known.isEmpty ? "none" : known.joined(separator: ", "))")
        }
        var requirements = agent.require.map(Requirements.init) ?? Requirements()
        if let provider = agent.provider { requirements.provider = provider }
        if let model = agent.model { requirements.model = model }
        guard let candidate = route(requirements).first else {
            let pinned = [agent.provider, agent.model].compactMap(\.self).joined(separator: "/")
            throw ProviderError(
                .notFound,
                "no model in the registry meets agent \"\(name)\"\(pinned.isEmpty ? "" : " (\(pinned))")",
                provider: agent.provider
            )
        }
        return candidate
    }

    private func candidates(for requirements: Requirements) -> (candidates: [RouteCandidate], matched: Int) {
        let locality: SwitchboardConfiguration.Locality? =
            switch requirements.locality {
            case .local: .local
            case .cloud: .cloud
            case .preferLocal, .any: nil
            }
        var query = ModelQuery(
            capabilities: requirements.capabilities,
            tier: requirements.tier.map { .atLeast($0) },
            providers: requirements.provider.map { [$0] } ?? [],
            excludedProviders: requirements.excludedProviders,
            model: requirements.model,
            locality: locality,
            maxCost: requirements.maxCost,
            tokens: requirements.tokens,
            minContextWindow: requirements.minContextWindow
        )
        query.excludedCapabilities = requirements.excludedCapabilities
        let preferred = requirements.task?.preferredCapabilities ?? []
        let wanted = requirements.capabilities.union(preferred)
        let (ranked, matched) = registry.top(
            candidateLimit,
            matching: query,
            preferring: preferred,
            minimumKnownWindow: requirements.tokens.input + requirements.tokens.output,
            localFirst: requirements.locality == .preferLocal
        )
        let candidates = ranked.map { entry, score, statistics, availability in
            RouteCandidate(
                provider: entry.provider,
                model: entry.model,
                rationale: rationale(
                    entry, wanted: wanted, requirements: requirements, statistics: statistics,
                    availability: availability),
                estimatedCost: entry.estimatedCost(for: requirements.tokens),
                confidence: score.total,
                availability: availability
            )
        }
        return (candidates, matched)
    }

    /// `advanced tier, has vision+tools, $0.0042 est., cloud, priority 2, 90% success over 10 calls, 850 ms`, and
    /// `down (circuit open)` when the provider is not available.
    private func rationale(
        _ entry: RegistryEntry, wanted: Set<Capability>, requirements: Requirements, statistics: ModelStatistics?,
        availability: Availability
    ) -> String {
        var parts = ["\(entry.model.tier.rawValue) tier"]
        let has = wanted.intersection(entry.model.capabilities).map(\.rawValue).sorted()
        let lacks = wanted.subtracting(entry.model.capabilities).map(\.rawValue).sorted()
        if !has.isEmpty { parts.append("has \(has.joined(separator: "+"))") }
        if !lacks.isEmpty { parts.append("lacks \(lacks.joined(separator: "+"))") }
        switch entry.estimatedCost(for: requirements.tokens) {
        case nil: parts.append("price unknown")
        case 0: parts.append("free")
        case let cost?: parts.append("\(Self.dollars(cost)) est.")
        }
        parts.append(entry.local ? (requirements.locality == .preferLocal ? "local (preferred)" : "local") : "cloud")
        if entry.priority != 0 { parts.append("priority \(entry.priority)") }
        if let statistics {
            parts.append(
                "\(Int((Double(statistics.successes) / Double(statistics.attempts) * 100).rounded()))% success over \(statistics.attempts) calls"
            )
            if let latency = statistics.latencyMilliseconds { parts.append("\(Int(latency.rounded())) ms") }
        }
        if availability.status != .available { parts.append(availability.description) }
        return parts.joined(separator: ", ")
    }

    /// `$0.0042`: dollars to four decimals, without `String(format:)`, which is slow enough to matter here.
    static func dollars(_ cost: Double) -> String {
        let tenThousandths = Int((cost * 10_000).rounded())
        let fraction = String(tenThousandths % 10_000)
        return "$\(tenThousandths / 10_000).\(String(repeating: "0", count: 4 - fraction.count))\(fraction)"
    }
}
