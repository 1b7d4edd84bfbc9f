import Switchboard
import SwitchboardKit
import Testing

/// `auto`, `local_only`, `cloud_only`, `local_first`, `cloud_first`, and the fall-through table they share.
@Suite("Strategies: fall-through")
struct FallThroughStrategyTests {
    let request = Strategies.request
    typealias C = Strategies

    @Test func autoAnswersWithTheFirstCandidate() async throws {
        let a = ScriptedProvider("a", ["m1": .answer("Paris")])
        let b = ScriptedProvider("b", ["m2": .answer("Lyon")])
        let result = try await C.executor(a, b).complete(
            request, strategy: .auto, candidates: [C.candidate("a", "m1"), C.candidate("b", "m2")])
        #expect(result.response.text == "Paris")
        #expect(result.strategy == .auto)
        #expect(result.candidate.id == "a/m1")
        #expect(C.outcomes(result.attempts) == ["a/m1 ok"])
        #expect(a.log.requests.map(\.model) == ["m1"], "each attempt asks for the candidate's model")
        #expect(b.log.requests.isEmpty)
    }

    @Test func autoFallsThroughARetryableFailure() async throws {
        let a = ScriptedProvider("a", ["m1": .fail(.rateLimited)])
        let b = ScriptedProvider("b", ["m2": .answer("Paris")])
        let result = try await C.executor(a, b).complete(
            request, strategy: .auto, candidates: [C.candidate("a", "m1"), C.candidate("b", "m2")])
        #expect(result.candidate.id == "b/m2")
        #expect(C.outcomes(result.attempts) == ["a/m1 rate_limited", "b/m2 ok"])
    }

    /// Candidates a/m1 (fails with the kind), a/m2, b/m3, each answering its own id; which one answers.
    @Test(arguments: [
        (ProviderError.Kind.timeout, "a/m2"), (.server, "a/m2"), (.notFound, "a/m2"), (.unsupported, "a/m2"),
        (.rateLimited, "b/m3"), (.overloaded, "b/m3"), (.connection, "b/m3"),
        (.authentication, "b/m3"), (.permission, "b/m3"), (.invalidRequest, "b/m3"), (.contentPolicy, "b/m3"),
        (ProviderError.Kind(rawValue: "something_new"), "b/m3"),
    ])
    func theFallThroughTable(kind: ProviderError.Kind, answeredBy expected: String) async throws {
        let a = ScriptedProvider("a", ["m1": .fail(kind), "m2": .answer("a/m2")])
        let b = ScriptedProvider("b", ["m3": .answer("b/m3")])
        let result = try await C.executor(a, b).complete(
            request, strategy: .auto,
            candidates: [C.candidate("a", "m1"), C.candidate("a", "m2"), C.candidate("b", "m3")])
        #expect(result.candidate.id == expected)
        #expect(result.response.text == expected)
        #expect(C.outcomes(result.attempts) == ["a/m1 \(kind)", "\(expected) ok"])
    }

    @Test func aProviderExcludedOnceStaysExcluded() async throws {
        let a = ScriptedProvider("a", ["m1": .fail(.authentication), "m2": .answer("a/m2")])
        let b = ScriptedProvider("b", ["m3": .fail(.overloaded)])
        let c = ScriptedProvider("c", ["m4": .answer("c/m4")])
        let result = try await C.executor(a, b, c).complete(
            request,
            strategy: .auto,
            candidates: [
                C.candidate("a", "m1"), C.candidate("b", "m3"), C.candidate("a", "m2"), C.candidate("c", "m4"),
            ]
        )
        #expect(C.outcomes(result.attempts) == ["a/m1 authentication", "b/m3 overloaded", "c/m4 ok"])
    }

    @Test func contextWindowExceededFallsThroughOnlyToALargerWindow() async throws {
        let a = ScriptedProvider("a", ["small": .fail(.contextWindowExceeded), "smaller": .answer("no")])
        let b = ScriptedProvider("b", ["unknown": .answer("no"), "large": .answer("large")])
        let result = try await C.executor(a, b).complete(
            request,
            strategy: .auto,
            candidates: [
                C.candidate("a", "small", contextWindow: 8_000), C.candidate("a", "smaller", contextWindow: 4_000),
                C.candidate("b", "unknown"), C.candidate("b", "large", contextWindow: 128_000),
            ]
        )
        #expect(C.outcomes(result.attempts) == ["a/small context_window_exceeded", "b/large ok"])
    }

    @Test func aCancelledAttemptStopsTheStrategy() async throws {
        let a = ScriptedProvider("a", ["m1": .fail(.cancelled)])
        let b = ScriptedProvider("b", ["m2": .answer("Paris")])
        let error = await #expect(throws: StrategyError.self) {
            try await C.executor(a, b).complete(
                request, strategy: .auto, candidates: [C.candidate("a", "m1"), C.candidate("b", "m2")])
        }
        #expect(C.outcomes(error?.attempts ?? []) == ["a/m1 cancelled"])
        #expect(error?.message.contains("not tried: b/m2") == true)
        #expect(b.log.requests.isEmpty)
    }

    @Test func whenEverythingFailsTheErrorListsEveryAttempt() async throws {
        let a = ScriptedProvider("a", ["m1": .fail(.server)])
        let b = ScriptedProvider("b", ["m2": .fail(.timeout)])
        let error = await #expect(throws: StrategyError.self) {
            try await C.executor(a, b).complete(
                request, strategy: .auto,
                candidates: [C.candidate("a", "m1"), C.candidate("b", "m2"), C.candidate("gone", "m3")])
        }
        let failure = try #require(error)
        #expect(failure.strategy == .auto)
        #expect(C.outcomes(failure.attempts) == ["a/m1 server", "b/m2 timeout", "gone/m3 not_found"])
        for expected in [
            "auto: no candidate answered", "a/m1: failed: server", "b/m2: failed: timeout",
            "gone/m3: failed: not_found",
        ] {
            #expect(failure.message.contains(expected), "\(failure.message)")
        }
    }

    @Test func noCandidatesIsAnError() async throws {
        let error = await #expect(throws: StrategyError.self) {
            try await C.executor().complete(request, strategy: .auto, candidates: [])
        }
        #expect(error?.message == "auto: the router proposed no candidates")
    }

    @Test func localOnlyAndCloudOnlyFilterByLocality() async throws {
        let local = ScriptedProvider("ollama", ["llama": .answer("local")])
        let cloud = ScriptedProvider("openai", ["gpt": .answer("cloud")])
        let candidates = [C.candidate("openai", "gpt"), C.candidate("ollama", "llama", local: true)]
        let executor = C.executor(local, cloud)
        let localResult = try await executor.complete(request, strategy: .localOnly, candidates: candidates)
        #expect(localResult.candidate.id == "ollama/llama")
        #expect(localResult.strategy == .localOnly)
        let cloudResult = try await executor.complete(request, strategy: .cloudOnly, candidates: candidates.reversed())
        #expect(cloudResult.candidate.id == "openai/gpt")
    }

    @Test func localOnlyWithoutALocalCandidateNamesWhatItExcluded() async throws {
        let error = await #expect(throws: StrategyError.self) {
            try await C.executor().complete(
                request, strategy: .localOnly,
                candidates: [C.candidate("openai", "gpt"), C.candidate("anthropic", "claude")])
        }
        #expect(
            error?.message == "local_only: no local candidate; excluded openai/gpt (cloud), anthropic/claude (cloud)")
        #expect(error?.attempts.isEmpty == true)
    }

    @Test func localFirstAndCloudFirstReorderStably() async throws {
        let p = ScriptedProvider(
            "p", ["c1": .fail(.server), "l1": .fail(.server), "c2": .fail(.server), "l2": .fail(.server)])
        let candidates = [
            C.candidate("p", "c1"), C.candidate("p", "l1", local: true), C.candidate("p", "c2"),
            C.candidate("p", "l2", local: true),
        ]
        let localFirst = await #expect(throws: StrategyError.self) {
            try await C.executor(p).complete(request, strategy: .localFirst, candidates: candidates)
        }
        #expect(localFirst?.attempts.map(\.candidate) == ["p/l1", "p/l2", "p/c1", "p/c2"])
        // A new executor: the first run's failures opened p's breaker in its own.
        let cloudFirst = await #expect(throws: StrategyError.self) {
            try await C.executor(p).complete(request, strategy: .cloudFirst, candidates: candidates)
        }
        #expect(cloudFirst?.attempts.map(\.candidate) == ["p/c1", "p/c2", "p/l1", "p/l2"])
    }

    @Test func theHostRunsAStrategyOverItsProviders() async throws {
        let host = SwitchboardHost(configuration: SwitchboardConfiguration(), loader: .init(optionalDirectories: []))
        host.registry.register(ScriptedProvider("a", ["m1": .fail(.overloaded)]))
        host.registry.register(ScriptedProvider("b", ["m2": .answer("Paris")]))
        let result = try await host.complete(
            request, strategy: .auto, candidates: [C.candidate("a", "m1"), C.candidate("b", "m2")])
        #expect(result.response.text == "Paris")
        #expect(C.outcomes(result.attempts) == ["a/m1 overloaded", "b/m2 ok"])
    }
}
