import SwitchboardKit

extension StrategyExecutor {
    /// Races `runners`: the first success wins and the task group cancels the others, which cancels their streams
    /// down to the HTTP exchange. Attempts are listed in the order they ended.
    func race(_ request: ChatRequest, _ runners: ArraySlice<RouteCandidate>, scope: RequestScope) async throws
        -> StrategyResult
    {
        let (winner, attempts) = await withTaskGroup(of: (RouteCandidate, [Attempt], ChatResponse?).self) { group in
            for candidate in runners {
                group.addTask {
                    let (attempts, response) = await ask(candidate, request, scope: scope)
                    return (candidate, attempts, response)
                }
            }
            var winner: (RouteCandidate, ChatResponse)?
            var attempts: [Attempt] = []
            for await (candidate, tries, response) in group {
                var tries = tries
                if winner != nil, let last = tries.indices.last, case .failure = tries[last].outcome {
                    tries[last].outcome = .cancelled
                }
                attempts += tries
                if winner == nil, let response {
                    winner = (candidate, response)
                    group.cancelAll()
                }
            }
            return (winner, attempts)
        }
        guard let (candidate, response) = winner else {
            throw StrategyError(strategy: .parallel, attempts: attempts, summary: Self.noAnswer(runners, attempts))
        }
        return StrategyResult(response: response, strategy: .parallel, candidate: candidate, attempts: attempts)
    }

}
