public import SwitchboardKit

extension UsageMeter {
    /// Runs one attempt of the embeddings `request` (whose `model` is already the candidate's) on `candidate` through
    /// `call`, metered as a chat attempt is (``run(_:for:_:)``), with no response cache:
    ///
    /// 1. the request's estimated input tokens (``EmbeddingRequest/estimatedInputTokens``) at the model's input price
    ///    are reserved on every budget that counts the request; a `block` budget it would exceed throws
    ///    `budget_exceeded` before `call` runs;
    /// 2. the answer's usage is the provider's, or that estimate when it reported none; it is priced (input tokens
    ///    only) and recorded in the ledger, and the reservation gives way to the real cost;
    /// 3. if `call` throws (or is cancelled), the reservation is released and the error rethrown.
    /// - Returns: the answer (its usage completed) and its priced usage.
    public func run(
        _ request: EmbeddingRequest,
        for candidate: RouteCandidate,
        _ call: (EmbeddingRequest) async throws -> EmbeddingResponse
    ) async throws -> (response: EmbeddingResponse, usage: PricedUsage) {
        try admitLedger(for: candidate)
        let (pricing, source) = prices.price(of: candidate)
        let estimate = request.estimatedInputTokens
        let reservation = try await budgets?.reserve(
            pricing.map { Double(estimate) * $0.input / 1_000_000 } ?? 0, provider: candidate.provider,
            tags: request.tags, now: clock())
        var response: EmbeddingResponse
        do {
            response = try await call(request)
        } catch {
            budgets?.release(reservation)
            throw error
        }
        if response.usage.estimated, response.usage.inputTokens == 0 { response.usage.inputUncached = estimate }
        let priced = PricedUsage(
            provider: candidate.provider, model: candidate.model.id, usage: response.usage, pricing: pricing,
            source: source)
        await settle(reservation, LedgerRecord(time: clock(), usage: priced, tags: request.tags))
        return (response, priced)
    }
}
