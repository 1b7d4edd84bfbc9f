public import SwitchboardKit

/// Every model of every provider, queryable: from catalogs (plugin manifests with configuration overrides), from
/// host code registering models in-process, and from live discovery (``refresh(timeout:)``).
///
/// Queries read an immutable snapshot with precomputed indices (a bitset per capability, tier, locality and
/// provider), so they take microseconds over ten thousand models and never wait on discovery.
///
/// ```swift
/// let vision = host.models.models(matching: ModelQuery(capabilities: [.vision], locality: .local))
/// let cheap = host.models.cheapest(ModelQuery(capabilities: [.tools], tokens: TokenEstimate(input: 2000, output: 500)))
/// ```
public final class ModelRegistry: Sendable {
    private struct Source {
        var models: [ModelInfo]
        var priority: Int
        var discoveryFailure: ProviderError?
        /// The models a local server keeps when discovery fails (its configured ones); nil for a catalog.
        var fallback: [ModelInfo]? = nil
        /// Whether discovery has answered at least once.
        var discovered = false
        /// The last health check or discovery that said something about the provider being up: nil when none has,
        /// or when the last one succeeded; else why it failed.
        var lastFailure: String? = nil
    }

    private struct State {
        var sources: [String: Source] = [:]
        var snapshot = RegistrySnapshot(entries: [])
        var signals = AvailabilitySignals.none

        mutating func rebuild() {
            snapshot = RegistrySnapshot(
                entries: sources.flatMap { name, source in
                    source.models.map { RegistryEntry(provider: name, model: $0, priority: source.priority) }
                })
        }
    }

    /// The provider instances ``refresh(timeout:)`` discovers models from and ``availability(timeout:)`` checks.
    public let providers: ProviderRegistry
    private let state = Locked(State())
    private let observations = Locked<[String: ModelStatistics]>([:])

    /// Creates a registry over `providers`, holding no models until ``register(_:provider:priority:)`` or
    /// ``refresh(timeout:)``.
    public init(providers: ProviderRegistry = ProviderRegistry()) {
        self.providers = providers
    }

    // MARK: Contents

    /// Where a provider's models come from, and so what a failed discovery leaves.
    public enum ModelSource: Sendable, Hashable {
        /// A catalog (the plugin's manifest, or host code's list) that discovery refines; a failed discovery keeps
        /// the catalog or the last list discovery returned.
        case catalog
        /// Only what the provider's server reports (a local server: LM Studio, vLLM, Ollama): the models registered
        /// are the configured ones, discovery replaces them with the server's list plus the configured ones, and a
        /// failed discovery leaves only the configured ones.
        case serverReported
    }

    /// Sets the models of `provider` (its catalog, or models host code offers in-process), replacing any it had.
    /// - Parameters:
    ///   - models: The models; their `local` flags say where they run.
    ///   - provider: The provider instance's name.
    ///   - priority: The provider's priority; higher is preferred among equals.
    ///   - source: Whether `models` is a catalog discovery refines, or the configured models of a local server
    ///     that offers only what it reports.
    public func register(_ models: [ModelInfo], provider: String, priority: Int = 0, source: ModelSource = .catalog) {
        state.withLock { state in
            state.sources[provider] = Source(
                models: models, priority: priority, discoveryFailure: nil,
                fallback: source == .serverReported ? models : nil)
            state.rebuild()
        }
    }

    /// Connects the registry to what else says whether a provider is up (the host's breakers and health monitor);
    /// see ``availability(of:)``.
    package func connect(_ signals: AvailabilitySignals) {
        state.withLock { $0.signals = signals }
    }

    /// Forgets the models of `provider`.
    public func remove(provider: String) {
        state.withLock { state in
            state.sources[provider] = nil
            state.rebuild()
        }
    }

    /// Asks every provider of ``providers`` (or those named in `only`) for its models (`models()`), all at once, each
    /// given `timeout`.
    ///
    /// A provider that answers gets its list replaced (keeping its priority). One that fails or times out keeps its
    /// catalog or last known list, except a local server (``ModelSource/serverReported``), which is left with its
    /// configured models only; the failure shows in ``availability(timeout:)``, ``availability(of:)`` and
    /// ``providersWithoutModels()``.
    /// - Returns: the failures, by provider name.
    @discardableResult
    public func refresh(_ only: Set<String>? = nil, timeout: Duration = .seconds(5)) async -> [String: ProviderError] {
        let results = await withTaskGroup(of: (String, Result<[ModelInfo], ProviderError>).self) { group in
            for provider in providers.all where only?.contains(provider.name) ?? true {
                group.addTask {
                    let result = await withDeadline(timeout) { () async -> Result<[ModelInfo], ProviderError> in
                        do { return .success(try await provider.models()) } catch {
                            return .failure(ProviderError(error, provider: provider.name))
                        }
                    }
                    return (
                        provider.name,
                        result
                            ?? .failure(
                                ProviderError(
                                    .timeout, "model discovery did not answer within \(timeout)",
                                    provider: provider.name
                                ))
                    )
                }
            }
            return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        var failures: [String: ProviderError] = [:]
        state.withLock { state in
            for (name, result) in results {
                var source = state.sources[name] ?? Source(models: [], priority: 0)
                switch result {
                case .success(let models):
                    source.models = models
                    source.discoveryFailure = nil
                    source.discovered = true
                    source.lastFailure = nil
                case .failure(let error):
                    source.discoveryFailure = error
                    if let fallback = source.fallback { source.models = fallback }
                    if Self.saysDown(error.kind) { source.lastFailure = "discovery failed: \(error.message)" }
                    failures[name] = error
                }
                state.sources[name] = source
            }
            state.rebuild()
        }
        return failures
    }

    /// Every entry, sorted by provider then model id.
    public var entries: [RegistryEntry] { snapshot.entries }

    // MARK: Queries

    /// The entries `query` matches, sorted by provider then model id.
    public func models(matching query: ModelQuery = ModelQuery()) -> [RegistryEntry] {
        let snapshot = snapshot
        return snapshot.indices(matching: query).map { snapshot.entries[$0] }
    }

    /// The entry `query` matches whose request of `query.tokens` costs least (local models cost 0); models without a
    /// price are left out. Ties go to the higher provider priority, then the stronger tier, then the id.
    public func cheapest(_ query: ModelQuery = ModelQuery()) -> RegistryEntry? {
        let snapshot = snapshot
        var best: (entry: RegistryEntry, cost: Double)?
        for index in snapshot.indices(matching: query) {
            let entry = snapshot.entries[index]
            guard let cost = entry.estimatedCost(for: query.tokens) else { continue }
            if let current = best {
                let better =
                    (cost, -entry.priority, -Self.rank(entry.model.tier)) < (
                        current.cost, -current.entry.priority, -Self.rank(current.entry.model.tier)
                    )
                if !better { continue }
            }
            best = (entry, cost)
        }
        return best?.entry
    }

    /// The entries `query` matches with their ``ModelScore`` for a request of `query.tokens` wanting the query's
    /// capabilities and `preferred` ones, best first; ties go to the higher provider priority, then the id.
    public func ranked(
        _ query: ModelQuery = ModelQuery(),
        preferring preferred: Set<Capability> = []
    ) -> [(entry: RegistryEntry, score: ModelScore)] {
        scored(query, preferring: preferred).sorted(by: Self.ranksBefore)
    }

    /// The entry `query` matches with the highest ``ModelScore`` (the first of ``ranked(_:preferring:)``, found
    /// without sorting).
    public func best(_ query: ModelQuery = ModelQuery(), preferring preferred: Set<Capability> = []) -> RegistryEntry? {
        scored(query, preferring: preferred).min(by: Self.ranksBefore)?.entry
    }

    /// The best `limit` entries `query` matches, ranked as ``ranked(_:preferring:)`` ranks them except that
    /// entries of providers known to be down come after the rest (``availability(of:)``), with each entry's
    /// availability, and how many matched: the router's single pass over the snapshot (see
    /// ``RegistrySnapshot/top(_:matching:preferring:statistics:minimumKnownWindow:localFirst:providerRanks:)``).
    func top(
        _ limit: Int,
        matching query: ModelQuery,
        preferring preferred: Set<Capability>,
        minimumKnownWindow: Int,
        localFirst: Bool
    ) -> (
        ranked: [(entry: RegistryEntry, score: ModelScore, statistics: ModelStatistics?, availability: Availability)],
        matched: Int
    ) {
        let snapshot = snapshot
        let statistics = indexedStatistics(in: snapshot)
        let availabilities = availabilities()
        let (ranked, matched) = snapshot.top(
            limit, matching: query, preferring: preferred, statistics: statistics,
            minimumKnownWindow: minimumKnownWindow, localFirst: localFirst,
            providerRanks: availabilities.compactMapValues { $0.rank > 0 ? $0.rank : nil }
        )
        return (
            ranked.map {
                let entry = snapshot.entries[$0.index]
                return (entry, $0.score, statistics[$0.index], availabilities[entry.provider] ?? .available)
            },
            matched
        )
    }

    /// The observations, by entry index of `snapshot`.
    private func indexedStatistics(in snapshot: RegistrySnapshot) -> [Int: ModelStatistics] {
        let observed = observations.withLock { $0 }
        var statistics: [Int: ModelStatistics] = [:]
        for (id, value) in observed { if let index = snapshot.indexByID[id] { statistics[index] = value } }
        return statistics
    }

    private func scored(_ query: ModelQuery, preferring preferred: Set<Capability>) -> [(
        entry: RegistryEntry, score: ModelScore
    )] {
        let snapshot = snapshot
        let statistics = indexedStatistics(in: snapshot)
        let wanted = query.capabilities.union(preferred)
        return snapshot.indices(matching: query).map { index in
            let entry = snapshot.entries[index]
            return (
                entry: entry,
                score: ModelScore(entry, wanting: wanted, tokens: query.tokens, statistics: statistics[index])
            )
        }
    }

    private static func ranksBefore(
        _ lhs: (entry: RegistryEntry, score: ModelScore),
        _ rhs: (entry: RegistryEntry, score: ModelScore)
    ) -> Bool {
        let (left, right) = (lhs.score.total, rhs.score.total)
        if left != right { return left > right }
        if lhs.entry.priority != rhs.entry.priority { return lhs.entry.priority > rhs.entry.priority }
        return lhs.entry.id < rhs.entry.id
    }

    // MARK: Observations

    /// Learns from one request: the model's success rate and moving-average latency, which ``ModelScore`` uses.
    public func record(outcome: RequestOutcome) {
        observations.withLock { $0["\(outcome.provider)/\(outcome.model)", default: ModelStatistics()].add(outcome) }
    }

    /// Everything observed so far, by `provider/model`.
    public func statistics() -> [String: ModelStatistics] {
        observations.withLock { $0 }
    }

    /// What has been observed of `model` of `provider`, or nil.
    public func statistics(provider: String, model: String) -> ModelStatistics? {
        observations.withLock { $0["\(provider)/\(model)"] }
    }

    // MARK: Health

    /// Checks the health of every provider of ``providers``, all at once, each given `timeout` (a check that has not
    /// answered by then counts as `unavailable`), with the last discovery failure and model count of each.
    /// - Parameter reusing: verdicts already known (the background health checks'), which are not checked again.
    /// - Returns: one report per provider, sorted by name.
    public func availability(
        timeout: Duration = .seconds(5),
        reusing known: [String: ProviderHealth] = [:]
    ) async -> [ProviderAvailability] {
        let healths = await withTaskGroup(of: (String, ProviderHealth).self) { group in
            for provider in providers.all {
                group.addTask {
                    if let health = known[provider.name] { return (provider.name, health) }
                    let health = await withDeadline(timeout) { await provider.health() }
                    return (
                        provider.name,
                        health
                            ?? ProviderHealth(
                                status: .unavailable, message: "the health check did not answer within \(timeout)"
                            )
                    )
                }
            }
            return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        let (sources, counts) = state.withLock { state in
            for (name, health) in healths where state.sources[name] != nil {
                state.sources[name]!.lastFailure =
                    health.status == .unavailable ? "health check: \(health.message ?? "unavailable")" : nil
            }
            return (
                state.sources,
                state.snapshot.entries.reduce(into: [String: Int]()) { $0[$1.provider, default: 0] += 1 }
            )
        }
        return healths.keys.sorted().map { name in
            ProviderAvailability(
                provider: name,
                health: healths[name]!,
                discoveryFailure: sources[name]?.discoveryFailure,
                models: counts[name] ?? 0
            )
        }
    }

    // MARK: Availability

    /// Whether `provider` can be expected to answer now: its circuit breaker (open: down; half-open: probing), a
    /// rate-limit wait, the health monitor's latest verdict, then the last health check or discovery seen here
    /// (a failed one that says the provider is unreachable or broken: down). Without ``connect(_:)`` only the last
    /// two count.
    public func availability(of provider: String) -> Availability {
        let (signals, lastFailure) = state.withLock { ($0.signals, $0.sources[provider]?.lastFailure) }
        return Self.availability(of: provider, signals: signals, lastFailure: lastFailure)
    }

    /// Whether `provider` is not known to be down (``availability(of:)``).
    public func isAvailable(provider: String) -> Bool {
        !availability(of: provider).isDown
    }

    /// Every provider's ``availability(of:)``, by name.
    package func availabilities() -> [String: Availability] {
        let (signals, failures) = state.withLock { state in
            (state.signals, state.sources.mapValues(\.lastFailure))
        }
        return Dictionary(
            uniqueKeysWithValues: failures.map { name, failure in
                (name, Self.availability(of: name, signals: signals, lastFailure: failure))
            })
    }

    private static func availability(
        of provider: String, signals: AvailabilitySignals, lastFailure: String?
    ) -> Availability {
        switch signals.circuit(provider) {
        case .open(let until): return Availability(.down, reason: "circuit open", until: until)
        case .halfOpen: return Availability(.probing, reason: "circuit half-open")
        case .closed: break
        }
        if let until = signals.rateLimitedUntil(provider), signals.now() < until {
            return Availability(.rateLimited, reason: "asked to wait", until: until)
        }
        if let health = signals.health(provider) {
            guard health.status != .unavailable else {
                return Availability(.down, reason: "health check: \(health.message ?? "unavailable")")
            }
            return .available
        }
        return lastFailure.map { Availability(.down, reason: $0) } ?? .available
    }

    /// The providers whose last discovery failed in a way that says their server is down, so asking again later may
    /// succeed (``rediscover(timeout:firstInterval:maximumInterval:clock:onDiscovered:)``).
    var providersToRediscover: Set<String> {
        state.withLock { state in
            Set(
                state.sources.compactMap { name, source in
                    source.discoveryFailure.map { Self.saysDown($0.kind) } == true ? name : nil
                })
        }
    }

    /// Whether a discovery failure of `kind` says the provider is unreachable or broken (rather than, say, without a
    /// model list or a key).
    static func saysDown(_ kind: ProviderError.Kind) -> Bool {
        [.connection, .timeout, .server, .overloaded].contains(kind)
    }

    /// The providers that offer no models, sorted by name, each with why in a few words:
    /// `discovery failed: cannot connect …`, `discovery not run`, `its server reports none`.
    public func providersWithoutModels() -> [(provider: String, reason: String)] {
        let sources = state.withLock { $0.sources }
        return sources.keys.sorted().compactMap { name in
            let source = sources[name]!
            guard source.models.isEmpty else { return nil }
            if let failure = source.discoveryFailure { return (name, "discovery failed: \(failure.message)") }
            if source.fallback != nil, !source.discovered {
                return (name, "a local server offers only the models it reports; discovery not run")
            }
            return (name, source.discovered ? "discovery found none" : "none registered")
        }
    }

    /// Whether `provider` offers only what its server reports (``ModelSource/serverReported``).
    package func isServerReported(provider: String) -> Bool {
        state.withLock { $0.sources[provider]?.fallback != nil }
    }

    /// Providers, models, and totals by tier and locality.
    public func summary() -> RegistrySummary {
        let entries = snapshot.entries
        var byProvider = state.withLock { Dictionary(uniqueKeysWithValues: $0.sources.keys.map { ($0, 0) }) }
        var byTier = Dictionary(uniqueKeysWithValues: Tier.allCases.map { ($0, 0) })
        var local = 0
        for entry in entries {
            byProvider[entry.provider, default: 0] += 1
            byTier[entry.model.tier, default: 0] += 1
            if entry.local { local += 1 }
        }
        return RegistrySummary(
            modelsByProvider: byProvider, modelsByTier: byTier, localModels: local, cloudModels: entries.count - local)
    }

    private var snapshot: RegistrySnapshot { state.withLock { $0.snapshot } }

    private static func rank(_ tier: Tier) -> Int { Tier.allCases.firstIndex(of: tier)! }
}
