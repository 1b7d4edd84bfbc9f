import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// `cascade` (cheapest capable tier first, escalating on failure or rejection) and `parallel` (a race) over fakes.
@Suite("Strategies: cascade and parallel")
struct CascadeAndParallelTests {
    let request = Strategies.request
    typealias C = Strategies

    @Test func aCascadeTriesTheCheapestTierFirst() async throws {
        let p = ScriptedProvider(
            "p",
            [
                "big": .fail(.server), "mid-cheap": .fail(.server), "mid": .fail(.server), "small": .fail(.server),
                "free": .fail(.server),
            ])
        let error = await #expect(throws: StrategyError.self) {
            try await C.executor(p).complete(
                request,
                strategy: .cascade(),
                candidates: [
                    C.candidate("p", "big", tier: .advanced, cost: 0.001),
                    C.candidate("p", "mid", tier: .standard),
                    C.candidate("p", "mid-cheap", tier: .standard, cost: 0.01),
                    C.candidate("p", "small", tier: .fast, cost: 0.002),
                    C.candidate("p", "free", tier: .fast, cost: 0),
                ]
            )
        }
        #expect(error?.attempts.map(\.candidate) == ["p/free", "p/small", "p/mid-cheap", "p/mid", "p/big"])
        #expect(error?.strategy == .cascade)
    }

    @Test func aCascadeEscalatesWhenTheValidatorRejects() async throws {
        let p = ScriptedProvider("p", ["small": .answer("I don't know"), "big": .answer("Paris")])
        let validator: ResponseValidator = { response in
            response.text.contains("know") ? .reject("the answer dodges the question") : .accept
        }
        let result = try await C.executor(p).complete(
            request,
            strategy: .cascade(validator: validator),
            candidates: [C.candidate("p", "big", tier: .advanced), C.candidate("p", "small", tier: .fast)]
        )
        #expect(result.response.text == "Paris")
        #expect(result.candidate.id == "p/big")
        #expect(C.outcomes(result.attempts) == ["p/small rejected the answer dodges the question", "p/big ok"])
    }

    @Test func aCascadeWhoseEveryAnswerIsRejectedFails() async throws {
        let p = ScriptedProvider("p", ["small": .answer("no"), "big": .answer("no")])
        let error = await #expect(throws: StrategyError.self) {
            try await C.executor(p).complete(
                request,
                strategy: .cascade(validator: { _ in .reject("never good enough") }),
                candidates: [C.candidate("p", "small", tier: .fast), C.candidate("p", "big", tier: .advanced)]
            )
        }
        #expect(
            error?.message
                == "cascade: no candidate answered: p/small: rejected: never good enough; p/big: rejected: never good enough"
        )
    }

    @Test func aRaceReturnsTheFirstSuccessAndCancelsTheOthers() async throws {
        let slow = ScriptedProvider("slow", ["hang": .hang])
        let fast = ScriptedProvider("fast", ["quick": .answerWhen({ !slow.log.requests.isEmpty }, "Paris")])
        let unused = ScriptedProvider("unused", ["third": .answer("never asked")])
        let result = try await C.executor(slow, fast, unused).complete(
            request,
            strategy: .parallel(width: 2),
            candidates: [C.candidate("slow", "hang"), C.candidate("fast", "quick"), C.candidate("unused", "third")]
        )
        #expect(result.response.text == "Paris")
        #expect(result.strategy == .parallel)
        #expect(result.candidate.id == "fast/quick")
        #expect(C.outcomes(result.attempts) == ["fast/quick ok", "slow/hang cancelled"])
        #expect(await eventually { slow.log.cancelled == ["hang"] }, "the loser's stream was cancelled")
        #expect(unused.log.requests.isEmpty, "only the first `width` candidates race")
    }

    @Test func aRaceSurvivesFailuresUntilOneSucceeds() async throws {
        let broken = ScriptedProvider("broken", ["m": .fail(.connection)])
        let fine = ScriptedProvider("fine", ["m": .answerWhen({ !broken.log.requests.isEmpty }, "Paris")])
        let result = try await C.executor(broken, fine).complete(
            request, strategy: .parallel(width: 3), candidates: [C.candidate("broken", "m"), C.candidate("fine", "m")])
        #expect(result.candidate.id == "fine/m")
        #expect(Set(C.outcomes(result.attempts)) == ["broken/m connection", "fine/m ok"])
    }

    @Test func aRaceEveryoneLosesFails() async throws {
        let a = ScriptedProvider("a", ["m": .fail(.server)])
        let b = ScriptedProvider("b", ["m": .fail(.authentication)])
        let error = await #expect(throws: StrategyError.self) {
            try await C.executor(a, b).complete(
                request, strategy: .parallel(width: 2), candidates: [C.candidate("a", "m"), C.candidate("b", "m")])
        }
        #expect(Set(C.outcomes(error?.attempts ?? [])) == ["a/m server", "b/m authentication"])
    }
}
