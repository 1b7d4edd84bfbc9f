import SwitchboardKit

extension StrategyExecutor {
    /// Asks `voters` at once; the normalised answer most of them give wins, a tie going to the group whose first
    /// member comes first in candidate order. The result is that member's answer.
    func vote(_ request: ChatRequest, _ voters: ArraySlice<RouteCandidate>, scope: RequestScope) async throws
        -> StrategyResult
    {
        let answers = await gather(request, voters, scope: scope)
        let attempts = answers.flatMap(\.attempts)
        var groups: [(key: String, members: [(RouteCandidate, ChatResponse)])] = []
        for answer in answers {
            guard let response = answer.response else { continue }
            let key = AnswerNormalizer.normalize(response.text)
            if let position = groups.firstIndex(where: { $0.key == key }) {
                groups[position].members.append((answer.candidate, response))
            } else {
                groups.append((key, [(answer.candidate, response)]))
            }
        }
        // Strictly greater: on a tie the earlier group (by its first member's candidate order) stays.
        guard
            let winner = groups.reduce(
                nil,
                { best, group in
                    (best?.members.count ?? 0) < group.members.count ? group : best
                })
        else {
            throw StrategyError(strategy: .ensemble, attempts: attempts, summary: Self.noAnswer(voters, attempts))
        }
        let (candidate, response) = winner.members[0]
        return StrategyResult(response: response, strategy: .ensemble, candidate: candidate, attempts: attempts)
    }

    /// The first candidate that answers drafts; each next one refines the previous answer, until `count` answers.
    /// Failures fall through as in ``fallThrough(_:strategy:_:validator:scope:sink:)``; the last answer is the result.
    func chain(_ request: ChatRequest, _ ordered: [RouteCandidate], count: Int, scope: RequestScope) async throws
        -> StrategyResult
    {
        var policy = FallThroughPolicy()
        var attempts: [Attempt] = []
        var latest: (candidate: RouteCandidate, response: ChatResponse)?
        var answers = 0
        for candidate in ordered where answers < count && policy.admits(candidate) {
            let (tries, response) =
                if let latest {
                    await ask(
                        candidate, EnsemblePrompts.refinement(of: request, draft: latest.response), role: .refine,
                        scope: scope)
                } else {
                    await ask(candidate, request, scope: scope)
                }
            attempts += tries
            if let response {
                latest = (candidate, response)
                answers += 1
            } else if let last = tries.last, last.outcome.wasNotAsked, scope.fallbacks {
                continue
            } else if let last = tries.last, case .failure(let error) = last.outcome, scope.fallbacks,
                policy.record(error, from: candidate)
            {
                continue
            } else {
                break
            }
        }
        guard let latest else {
            throw StrategyError(strategy: .ensemble, attempts: attempts, summary: Self.noAnswer(ordered, attempts))
        }
        return StrategyResult(
            response: latest.response, strategy: .ensemble, candidate: latest.candidate, attempts: attempts)
    }

    /// Asks the first `count` candidates at once, then `judge` picks one answer by its number; a failed or
    /// unparseable judgement (or a single answer) gives the first success in candidate order.
    func bestOf(
        _ request: ChatRequest, _ ordered: [RouteCandidate], count: Int, judge: Judge, scope: RequestScope
    ) async throws -> StrategyResult {
        let judgeCandidate: RouteCandidate
        switch judge {
        case .candidate(let index):
            guard ordered.indices.contains(index) else {
                throw StrategyError(
                    strategy: .ensemble,
                    attempts: [],
                    summary: "best_of judge is candidate \(index), but there are \(ordered.count) candidates"
                )
            }
            judgeCandidate = ordered[index]
        case .model(let provider, let model):
            judgeCandidate = RouteCandidate(
                provider: provider,
                model: ModelInfo(id: model),
                rationale: "the best_of judge host code named",
                estimatedCost: nil,
                confidence: 1
            )
        }
        let answers = await gather(request, ordered.prefix(count), scope: scope)
        var attempts = answers.flatMap(\.attempts)
        let successes = answers.compactMap { answer in answer.response.map { (answer.candidate, $0) } }
        guard let first = successes.first else {
            throw StrategyError(
                strategy: .ensemble, attempts: attempts, summary: Self.noAnswer(ordered.prefix(count), attempts))
        }
        var chosen = first
        if successes.count > 1 {
            let judgement = EnsemblePrompts.judgement(of: request, answers: successes.map(\.1))
            let (tries, verdict) = await ask(judgeCandidate, judgement, role: .judge, scope: scope)
            attempts += tries
            if let verdict, let pick = EnsemblePrompts.pick(from: verdict.text, count: successes.count) {
                chosen = successes[pick]
            }
        }
        return StrategyResult(response: chosen.1, strategy: .ensemble, candidate: chosen.0, attempts: attempts)
    }

    /// Asks every one of `candidates` at once and waits for all; the answers come back in candidate order.
    func gather(
        _ request: ChatRequest,
        _ candidates: ArraySlice<RouteCandidate>,
        scope: RequestScope
    ) async -> [(candidate: RouteCandidate, attempts: [Attempt], response: ChatResponse?)] {
        let list = Array(candidates)
        let answers = await withTaskGroup(of: (Int, [Attempt], ChatResponse?).self) { group in
            for (index, candidate) in list.enumerated() {
                group.addTask {
                    let (attempts, response) = await ask(candidate, request, scope: scope)
                    return (index, attempts, response)
                }
            }
            var answers: [Int: ([Attempt], ChatResponse?)] = [:]
            for await (index, attempt, response) in group {
                answers[index] = (attempt, response)
            }
            return answers
        }
        return list.indices.compactMap { index in
            answers[index].map { (list[index], $0.0, $0.1) }
        }
    }
}
