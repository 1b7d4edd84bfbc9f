import Foundation
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

extension ReliabilitySuites {
    /// 10,000 requests through a mix of every fault the server injects, over three deployments of the real OpenAI
    /// plugin with a fallback chain, half streamed (with `resume`) and half completed, 32 at a time.
    ///
    /// `SWITCHBOARD_SOAK_REQUESTS` sets another count: the sanitizer runs of `.ci/run` take 1,000, which exercise
    /// every fault as well while leaving the shared event loops to the other suites.
    @Suite("Reliability: soak")
    struct SoakTests {
        /// How one request ended.
        enum Ending: Sendable {
            case success(StrategyResult)
            case failure(StrategyError)
        }

        static let faults: [(weight: Int, fault: FaultInjectingServer.Fault)] = [
            (600, .ok), (60, .serverError), (50, .unavailable), (40, .overloaded), (40, .rateLimited(retryAfter: "0")),
            (10, .rateLimited(retryAfter: FaultInjectingServer.httpDate(secondsFromNow: 0))),
            (30, .slowFirstToken(.seconds(5))),
            (20, .slowHeaders(.seconds(5))), (40, .dropAfter("The capital")), (30, .malformedJSON), (30, .truncatedSSE),
            (15, .contextWindowExceeded), (15, .contentPolicy), (10, .authentication),
        ]

        @Test(.timeLimit(.minutes(10)))
        func everyRequestEndsInAnAnswerOrATypedError() async throws {
            let total = ProcessInfo.processInfo.environment["SWITCHBOARD_SOAK_REQUESTS"].flatMap(Int.init) ?? 10_000
            let random = SharedRandom(seed: 2026)
            let weightSum = Self.faults.map(\.weight).reduce(0, +)
            let chain = SwitchboardConfiguration.Fallback(
                from: .init(provider: "a"), to: [.init(provider: "c")], on: [.server, .timeout])
            var routing = FaultHarness.fastRouting(
                maxAttempts: 2, requestMs: 10_000, firstTokenMs: 1_000, failureThreshold: 20, cooldownMs: 50,
                fallbacks: [chain],
                streamFailure: .resume)
            routing.retry.budgetRatio = 0.2
            routing.retry.budgetReserve = 50
            try await FaultHarness.run(
                deployments: ["a", "b", "c"], routing: routing,
                { _ in
                    var pick = random.next(below: weightSum)
                    for (weight, fault) in Self.faults {
                        if pick < weight { return fault }
                        pick -= weight
                    }
                    return .ok
                }
            ) { h in
                let candidates = [
                    FaultHarness.candidate("a"), FaultHarness.candidate("b"), FaultHarness.candidate("c"),
                ]
                let endings = await withTaskGroup(of: Ending.self) { group in
                    var endings: [Ending] = []
                    var started = 0
                    func launch(_ index: Int) {
                        group.addTask {
                            do {
                                if index.isMultiple(of: 2) {
                                    return .success(try await h.complete(candidates))
                                }
                                var completed: StrategyResult?
                                for try await element in h.executor.stream(
                                    FaultHarness.request, strategy: .auto, candidates: candidates)
                                {
                                    if case .completed(let result) = element { completed = result }
                                }
                                guard let completed else {
                                    return .failure(
                                        StrategyError(
                                            strategy: .auto, attempts: [], message: "the stream ended without a result")
                                    )
                                }
                                return .success(completed)
                            } catch let error as StrategyError {
                                return .failure(error)
                            } catch {
                                return .failure(
                                    StrategyError(strategy: .auto, attempts: [], message: "untyped error: \(error)"))
                            }
                        }
                    }
                    while started < min(32, total) {
                        launch(started)
                        started += 1
                    }
                    for await ending in group {
                        endings.append(ending)
                        if started < total {
                            launch(started)
                            started += 1
                        }
                    }
                    return endings
                }

                #expect(endings.count == total, "every request ended")
                var successes = 0
                var usage = Usage()
                var failureKinds: [String: Int] = [:]
                for ending in endings {
                    switch ending {
                    case .success(let result):
                        successes += 1
                        usage.inputUncached += result.response.usage.inputUncached
                        usage.outputText += result.response.usage.outputText
                        #expect(!result.response.text.isEmpty)
                    case .failure(let error):
                        #expect(!error.message.contains("untyped error"), "\(error.message)")
                        #expect(!error.message.contains("the stream ended without a result"))
                        #expect(!error.attempts.isEmpty, "\(error.message)")
                        let last = error.attempts.last.map { attempt -> String in
                            switch attempt.outcome {
                            case .failure(let failure): failure.kind.rawValue
                            case .skipped: "skipped"
                            case .unavailable: "unavailable"
                            case .rejected: "rejected"
                            case .cancelled: "cancelled"
                            case .success: "success"
                            }
                        }
                        failureKinds[last ?? "none", default: 0] += 1
                    }
                }
                #expect(failureKinds["cancelled", default: 0] == 0, "nothing was cancelled: \(failureKinds)")
                #expect(
                    successes > total * 9 / 10,
                    "fallbacks answered most requests: \(successes) of \(total), failures \(failureKinds)")
                #expect(
                    usage.inputUncached == successes * FaultInjectingServer.inputTokens, "each answer's usage sums up")
                #expect(usage.outputText == successes * FaultInjectingServer.outputTokens)
                // The ledger holds exactly what the answers reported: one record per answer, the same tokens.
                let recorded = try await h.ledger.totals()
                #expect(recorded.reduce(0) { $0 + $1.requests } == successes, "one ledger record per answer")
                #expect(recorded.reduce(0) { $0 + $1.usage.inputUncached } == usage.inputUncached)
                #expect(recorded.reduce(0) { $0 + $1.usage.outputText } == usage.outputText)
            }
        }
    }
}

/// A seeded generator behind a lock, for a server's `decide` closure.
final class SharedRandom: Sendable {
    private let generator: Locked<SeededGenerator>

    init(seed: UInt64) { generator = Locked(SeededGenerator(state: seed)) }

    /// A number in `0..<bound`.
    func next(below bound: Int) -> Int { generator.withLock { Int.random(in: 0..<bound, using: &$0) } }
}
