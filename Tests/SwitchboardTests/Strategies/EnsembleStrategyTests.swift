import Switchboard
import SwitchboardKit
import Testing

/// `ensemble`: vote, chain and best_of over fakes.
@Suite("Strategies: ensemble")
struct EnsembleStrategyTests {
    let request = Strategies.request
    typealias C = Strategies

    @Test func aVoteTakesTheMajorityOfNormalisedAnswers() async throws {
        let p = ScriptedProvider(
            "p",
            [
                "a": .answer("Lyon"), "b": .answer("  The capital is\n  PARIS.  "),
                "c": .answer("the capital is paris"), "d": .fail(.server),
            ])
        let result = try await C.executor(p).complete(
            request,
            strategy: .ensemble(.vote(count: 4)),
            candidates: ["a", "b", "c", "d"].map { C.candidate("p", $0) }
        )
        #expect(result.strategy == .ensemble)
        #expect(result.candidate.id == "p/b", "the first member of the majority answers")
        #expect(result.response.text == "  The capital is\n  PARIS.  ")
        #expect(C.outcomes(result.attempts) == ["p/a ok", "p/b ok", "p/c ok", "p/d server"])
    }

    @Test func aTiedVoteGoesToTheGroupWhoseFirstMemberComesFirst() async throws {
        let p = ScriptedProvider(
            "p", ["a": .answer("Lyon"), "b": .answer("Paris"), "c": .answer("paris!"), "d": .answer("lyon")])
        let result = try await C.executor(p).complete(
            request, strategy: .ensemble(.vote(count: 4)),
            candidates: ["a", "b", "c", "d"].map { C.candidate("p", $0) })
        #expect(result.candidate.id == "p/a")
        #expect(result.response.text == "Lyon")
    }

    @Test func aVoteAsksOnlyTheFirstCount() async throws {
        let p = ScriptedProvider("p", ["a": .answer("x"), "b": .answer("y"), "c": .answer("y")])
        let result = try await C.executor(p).complete(
            request, strategy: .ensemble(.vote(count: 2)), candidates: ["a", "b", "c"].map { C.candidate("p", $0) })
        #expect(result.candidate.id == "p/a")
        #expect(p.log.requests.count == 2)
    }

    @Test func aChainPassesTheDraftToTheRefiner() async throws {
        let drafter = ScriptedProvider("drafter", ["d": .answer("Paris, I think")])
        let refiner = ScriptedProvider("refiner", ["r": .answer("Paris.")])
        let result = try await C.executor(drafter, refiner).complete(
            request, strategy: .ensemble(.chain(count: 2)),
            candidates: [C.candidate("drafter", "d"), C.candidate("refiner", "r")])
        #expect(result.response.text == "Paris.")
        #expect(result.candidate.id == "refiner/r")
        #expect(result.attempts.map(\.role) == [.answer, .refine])
        #expect(drafter.log.requests.first?.messages == request.messages)
        let refinement = try #require(refiner.log.requests.first)
        #expect(Array(refinement.messages.prefix(2)) == request.messages, "the refiner sees the original request")
        #expect(refinement.messages[2] == .assistant("Paris, I think"), "then the draft")
        #expect(refinement.messages[3].role == .user)
        #expect(refinement.messages[3].text.hasPrefix("Above is a draft answer"))
    }

    @Test func aChainSkipsAFailedDrafter() async throws {
        let p = ScriptedProvider(
            "p", ["a": .fail(.server), "b": .answer("draft"), "c": .answer("refined"), "d": .answer("unused")])
        let result = try await C.executor(p).complete(
            request, strategy: .ensemble(.chain(count: 2)),
            candidates: ["a", "b", "c", "d"].map { C.candidate("p", $0) })
        #expect(result.response.text == "refined")
        #expect(C.outcomes(result.attempts) == ["p/a server", "p/b ok", "p/c ok"])
        #expect(result.attempts.map(\.role) == [.answer, .answer, .refine])
    }

    @Test func bestOfLetsTheJudgePick() async throws {
        let p = ScriptedProvider("p", ["a": .answer("Lyon"), "b": .fail(.timeout), "c": .answer("Paris")])
        let judge = ScriptedProvider("judge", ["j": .answer("Answer 2 is best.")])
        let result = try await C.executor(p, judge).complete(
            request,
            strategy: .ensemble(.bestOf(count: 3, judge: .model(provider: "judge", model: "j"))),
            candidates: ["a", "b", "c"].map { C.candidate("p", $0) }
        )
        #expect(result.response.text == "Paris")
        #expect(result.candidate.id == "p/c")
        #expect(C.outcomes(result.attempts) == ["p/a ok", "p/b timeout", "p/c ok", "judge/j ok"])
        #expect(result.attempts.last?.role == .judge)
        let prompt = try #require(judge.log.requests.first?.messages.last?.text)
        #expect(prompt.contains("user: What is the capital of France?"))
        #expect(prompt.contains("[1]\nLyon"))
        #expect(prompt.contains("[2]\nParis"))
    }

    @Test(arguments: ["I cannot decide", "7", ""])
    func bestOfFallsBackToTheFirstSuccessWhenTheJudgeIsUnparseable(verdict: String) async throws {
        let p = ScriptedProvider(
            "p", ["a": .fail(.server), "b": .answer("Lyon"), "c": .answer("Paris"), "j": .answer(verdict)])
        let result = try await C.executor(p).complete(
            request,
            strategy: .ensemble(.bestOf(count: 3, judge: .candidate(3))),
            candidates: ["a", "b", "c", "j"].map { C.candidate("p", $0) }
        )
        #expect(result.candidate.id == "p/b")
        #expect(C.outcomes(result.attempts) == ["p/a server", "p/b ok", "p/c ok", "p/j ok"])
    }

    @Test func bestOfFallsBackWhenTheJudgeFails() async throws {
        let p = ScriptedProvider("p", ["a": .answer("Lyon"), "b": .answer("Paris")])
        let result = try await C.executor(p).complete(
            request,
            strategy: .ensemble(.bestOf(count: 2, judge: .model(provider: "missing", model: "j"))),
            candidates: ["a", "b"].map { C.candidate("p", $0) }
        )
        #expect(result.candidate.id == "p/a")
        #expect(C.outcomes(result.attempts) == ["p/a ok", "p/b ok", "missing/j not_found"])
    }

    @Test func bestOfWithAJudgeOutsideTheCandidatesIsAnError() async throws {
        let error = await #expect(throws: StrategyError.self) {
            try await C.executor().complete(
                request, strategy: .ensemble(.bestOf(count: 2, judge: .candidate(5))),
                candidates: [C.candidate("p", "a")])
        }
        #expect(error?.message == "ensemble: best_of judge is candidate 5, but there are 1 candidates")
    }
}
