public import Foundation
public import Logging
public import Metrics
public import SwitchboardKit

/// What the strategy executor calls around each attempt: answer from the response cache, or reserve the request's
/// estimated cost against the budgets, make the call, then price the answer, record it in the ledger and settle
/// the reservation — or release it when the call fails.
///
/// ```swift
/// let meter = try UsageMeter(configuration: configuration, prices: prices)
/// let (response, usage) = try await meter.run(request, for: candidate) { try await provider.complete($0) }
/// print(usage.costUSD, usage.source)
/// ```
/// `docs/usage-and-cost.md` describes pricing, estimates, budgets, the ledger and the cache.
public final class UsageMeter: Sendable {
    /// Prices answers.
    public let prices: PriceBook
    /// The ledger every answer is recorded in; nil for a meter that only prices.
    public let ledger: UsageLedger?
    let budgets: BudgetGuard?
    private let cache: ResponseCache?
    private let logger: Logger
    let clock: @Sendable () -> Date

    /// A meter that prices answers and records nothing: no ledger, no budgets, no cache.
    public init(prices: PriceBook) {
        self.prices = prices
        self.ledger = nil
        self.budgets = nil
        self.cache = nil
        self.logger = Logger(label: "switchboard.usage")
        self.clock = { Date() }
    }

    /// A meter that records in `ledger`, enforces `budgets` and, when `cache` is enabled, answers repeated requests
    /// from the response cache.
    /// - Parameters:
    ///   - logger: where budget warnings and alerts go.
    ///   - metrics: where alert and budget metrics go; by default the process's metrics system.
    ///   - clock: the current time (budget periods, cache expiry, record times).
    public init(
        prices: PriceBook,
        ledger: UsageLedger,
        budgets: [SwitchboardConfiguration.Budget] = [],
        cache: SwitchboardConfiguration.UsageTracking.ResponseCache = .init(),
        onStoreFailure: SwitchboardConfiguration.UsageTracking.StoreFailurePolicy = .failClosed,
        logger: Logger = Logger(label: "switchboard.usage"),
        metrics: any MetricsFactory = MetricsSystem.factory,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.prices = prices
        self.ledger = ledger
        self.budgets = BudgetGuard(
            budgets: budgets, ledger: ledger, onStoreFailure: onStoreFailure, logger: logger, metrics: metrics)
        self.cache = cache.enabled ? ResponseCache(cache, ledger: ledger) : nil
        self.logger = logger
        self.clock = clock
    }

    /// The meter `configuration`'s `usage` section and `budgets` describe: with its ledger when usage is enabled,
    /// pricing only when it is not.
    /// - Throws: ``UsageLedgerError`` when the ledger cannot be opened.
    public convenience init(
        configuration: SwitchboardConfiguration,
        prices: PriceBook,
        logger: Logger = Logger(label: "switchboard.usage"),
        metrics: any MetricsFactory = MetricsSystem.factory
    ) throws {
        guard configuration.usage.enabled else {
            self.init(prices: prices)
            return
        }
        self.init(
            prices: prices,
            ledger: try UsageLedger(
                configuration.usage.ledger, durability: configuration.usage.durability,
                storeBuffer: configuration.usage.storeBuffer),
            budgets: configuration.budgets,
            cache: configuration.usage.cache,
            onStoreFailure: configuration.usage.onStoreFailure,
            logger: logger,
            metrics: metrics
        )
    }

    /// Runs one attempt of `request` (whose `model` is already the candidate's) on `candidate` through `call`.
    ///
    /// 1. A response-cache hit returns the cached answer with ``Usage/responseCache`` usage (recorded, free);
    ///    `call` is not made.
    /// 2. Otherwise the most the request can cost (its ``TokenCeiling`` at the model's prices) is reserved on every
    ///    budget that counts the request; a `block` budget it would exceed throws `budget_exceeded` before `call`
    ///    runs.
    /// 3. The answer's usage is completed with estimates where the provider reported none, priced, and recorded in
    ///    the ledger (committed before this returns); the reservation gives way to the real cost.
    /// 4. If `call` throws (or is cancelled), the reservation is released and the error rethrown.
    ///
    /// While the ledger cannot be used, records wait for it (`usage.store_buffer`) and budgets follow
    /// `usage.on_store_failure`; once the buffer is full, every request is refused (`unavailable`) before `call`.
    /// - Returns: the answer (its usage completed) and its priced usage.
    public func run(
        _ request: ChatRequest,
        for candidate: RouteCandidate,
        _ call: (ChatRequest) async throws -> ChatResponse
    ) async throws -> (response: ChatResponse, usage: PricedUsage) {
        // The call lasts as long as the answer streams: only what is needed after it is kept across it, and the work
        // before and after is done in helpers of their own (a task keeps every slab of async frames it ever needed).
        switch try await admit(request, for: candidate) {
        case .cached(let response, let usage):
            return (response, usage)
        case .call(let reservation, let pricing, let source, let cacheKey):
            let response: ChatResponse
            do {
                response = try await call(request)
            } catch {
                budgets?.release(reservation)
                throw error
            }
            return await finish(
                response, of: request, on: candidate, reservation: reservation, pricing: pricing, source: source,
                cacheKey: cacheKey)
        }
    }

    /// What ``run(_:for:_:)`` found before the call.
    private enum Admission {
        /// The response cache's answer, already recorded.
        case cached(ChatResponse, PricedUsage)
        /// Call the provider: with this reservation, at these prices from this source; the answer is cached under
        /// the key.
        case call(BudgetGuard.Reservation?, Pricing?, PriceSource, cacheKey: String?)
    }

    /// Steps 1 and 2 of ``run(_:for:_:)``: the response cache, then the reservation on the budgets.
    @inline(never)
    private func admit(_ request: ChatRequest, for candidate: RouteCandidate) async throws -> Admission {
        try admitLedger(for: candidate)
        let now = clock()
        let key = cache == nil ? nil : ResponseCache.key(for: request, provider: candidate.provider)
        if let cache, let key, var hit = await lookup(cache, key, now: now) {
            hit.usage = .responseCache
            let priced = PricedUsage(
                provider: candidate.provider, model: candidate.model.id, usage: .responseCache, pricing: nil,
                source: .responseCache)
            await settle(nil, LedgerRecord(time: now, usage: priced, tags: request.tags, responseID: hit.id))
            return .cached(hit, priced)
        }
        let (pricing, source) = prices.price(of: candidate)
        let estimate = pricing.map { Self.reservedCost(request, candidate.model, at: $0) } ?? 0
        let reservation = try await budgets?.reserve(
            estimate, provider: candidate.provider, tags: request.tags, now: now)
        return .call(reservation, pricing, source, cacheKey: key)
    }

    /// Step 3 of ``run(_:for:_:)``: `response`'s usage completed, priced, recorded and settled against
    /// `reservation`, and the answer cached under `cacheKey`.
    @inline(never)
    private func finish(
        _ response: ChatResponse, of request: ChatRequest, on candidate: RouteCandidate,
        reservation: BudgetGuard.Reservation?, pricing: Pricing?, source: PriceSource, cacheKey: String?
    ) async -> (response: ChatResponse, usage: PricedUsage) {
        var response = response
        response.usage = UsageEstimator.completed(response, for: request)
        let priced = PricedUsage(
            provider: candidate.provider, model: candidate.model.id, usage: response.usage, pricing: pricing,
            source: source)
        await settle(
            reservation, LedgerRecord(time: clock(), usage: priced, tags: request.tags, responseID: response.id))
        if let cache, let cacheKey {
            do {
                try await cache.store(response, key: cacheKey, now: clock())
            } catch {
                logger.error("could not store the answer in the response cache: \(error)")
            }
        }
        return (response, priced)
    }

    /// Refuses every request while the ledger's store buffer is full (`unavailable`).
    func admitLedger(for candidate: RouteCandidate) throws {
        do {
            try ledger?.outage.admit()
        } catch {
            throw ProviderError(.unavailable, error.description, provider: candidate.provider)
        }
    }

    /// What a reservation holds, in USD: the request's ``TokenCeiling`` at ``Pricing/highestRates(promptTokens:)``,
    /// so every input token at the highest price any cache operation, service tier or long-context tier could bill it
    /// at (a cache write costs more than plain input at Anthropic), and likewise every output token.
    static func reservedCost(_ request: ChatRequest, _ model: ModelInfo, at pricing: Pricing) -> Double {
        let ceiling = TokenCeiling(request, model: model)
        let rates = pricing.highestRates(promptTokens: ceiling.input)
        return (Double(ceiling.input) * rates.input + Double(ceiling.output) * rates.output) / 1_000_000
    }

    private func lookup(_ cache: ResponseCache, _ key: String, now: Date) async -> ChatResponse? {
        do {
            return try await cache.lookup(key, now: now)
        } catch {
            logger.error("could not read the response cache, asking the provider: \(error)")
            return nil
        }
    }

    /// Records `record` and settles `reservation` (a record the ledger cannot take now waits for it).
    func settle(_ reservation: BudgetGuard.Reservation?, _ record: LedgerRecord) async {
        await budgets?.settle(reservation, record: record)
    }
}
