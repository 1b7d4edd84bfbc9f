import Switchboard
import SwitchboardKit
import Testing

/// Streaming with a strategy: failover only before the first content event.
@Suite("Strategies: streaming")
struct StrategyStreamingTests {
    let request = Strategies.request
    typealias C = Strategies

    /// Every element of the stream, and the error it ended with.
    private func collect(
        _ stream: AsyncThrowingStream<StrategyStreamEvent, any Error>
    ) async -> (events: [StreamEvent], result: StrategyResult?, error: StrategyError?) {
        var events: [StreamEvent] = []
        var result: StrategyResult?
        do {
            for try await element in stream {
                switch element {
                case .event(let event): events.append(event)
                case .completed(let completed): result = completed
                }
            }
            return (events, result, nil)
        } catch {
            return (events, result, error as? StrategyError)
        }
    }

    @Test func aStreamFailsOverBeforeTheFirstContentEvent() async throws {
        let a = ScriptedProvider("a", ["m1": .startThenFail(.connection)])
        let b = ScriptedProvider("b", ["m2": .answer("Paris")])
        let (events, result, error) = await collect(
            C.executor(a, b).stream(
                request, strategy: .auto, candidates: [C.candidate("a", "m1"), C.candidate("b", "m2")]))
        #expect(error == nil)
        #expect(
            events == [
                .start(id: nil, model: "m2"), .textDelta("Paris"), .usage(Usage(inputUncached: 3, outputText: 2)),
                .finish(.stop),
            ],
            "the failed candidate's start never reaches the caller"
        )
        let completed = try #require(result)
        #expect(completed.response.text == "Paris")
        #expect(completed.candidate.id == "b/m2")
        #expect(C.outcomes(completed.attempts) == ["a/m1 connection", "b/m2 ok"])
    }

    @Test func aStreamDoesNotFailOverAfterContentReachedTheCaller() async throws {
        let a = ScriptedProvider("a", ["m1": .textThenFail("The capital is", .server)])
        let b = ScriptedProvider("b", ["m2": .answer("Paris")])
        let (events, result, error) = await collect(
            C.executor(a, b).stream(
                request, strategy: .auto, candidates: [C.candidate("a", "m1"), C.candidate("b", "m2")]))
        #expect(events == [.start(id: nil, model: "m1"), .textDelta("The capital is")])
        #expect(result == nil)
        let failure = try #require(error)
        #expect(C.outcomes(failure.attempts) == ["a/m1 server"])
        #expect(failure.message.contains("no failover once content reached the caller"))
        #expect(b.log.requests.isEmpty)
    }

    @Test func aCascadeStreamsCheapestFirst() async throws {
        let p = ScriptedProvider("p", ["small": .fail(.server), "big": .answer("Paris")])
        let (events, result, _) = await collect(
            C.executor(p).stream(
                request,
                strategy: .cascade(),
                candidates: [C.candidate("p", "big", tier: .advanced), C.candidate("p", "small", tier: .fast)]
            ))
        #expect(events.contains(.textDelta("Paris")))
        #expect(C.outcomes(result?.attempts ?? []) == ["p/small server", "p/big ok"])
    }

    @Test func aStreamWhereEverythingFailsListsEveryAttempt() async throws {
        let p = ScriptedProvider("p", ["a": .fail(.server), "b": .startThenFail(.timeout)])
        let (events, _, error) = await collect(
            C.executor(p).stream(
                request, strategy: .localFirst, candidates: [C.candidate("p", "a"), C.candidate("p", "b")]))
        #expect(events.isEmpty)
        #expect(
            error?.message
                == "local_first: no candidate answered: p/a: failed: server: scripted server for a; p/b: failed: timeout: scripted timeout for b"
        )
    }

    @Test func aCompleteOnlyStrategyReplaysTheChosenAnswer() async throws {
        let p = ScriptedProvider("p", ["a": .answer("Paris"), "b": .answer("paris"), "c": .answer("Lyon")])
        let (events, result, _) = await collect(
            C.executor(p).stream(
                request, strategy: .ensemble(.vote(count: 3)), candidates: ["a", "b", "c"].map { C.candidate("p", $0) })
        )
        var accumulator = StreamAccumulator(provider: "p", model: "a")
        for event in events { try accumulator.add(event) }
        #expect(try accumulator.response() == result?.response)
        #expect(result?.candidate.id == "p/a")
    }
}
