import Foundation
import Switchboard
import SwitchboardKit
import Testing

/// The opt-in exact-match response cache.
@Suite("Response cache")
struct ResponseCacheTests {
    typealias CacheSettings = SwitchboardConfiguration.UsageTracking.ResponseCache

    /// A clock tests move by hand.
    final class Clock: Sendable {
        private let now = Locked(Date(timeIntervalSince1970: 1_750_000_000))
        func read() -> Date { now.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { now.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    /// How many times a provider was called.
    final class Calls: Sendable {
        private let count = Locked(0)
        func add() { count.withLock { $0 += 1 } }
        var value: Int { count.withLock { $0 } }
    }

    static let candidate = Metering.candidate("cloud", "m", input: 2, output: 4)

    /// Runs `request` through `meter`, counting provider calls in `calls`.
    static func ask(_ meter: UsageMeter, _ request: ChatRequest, _ calls: Calls) async throws -> (
        ChatResponse, PricedUsage
    ) {
        try await meter.run(request, for: candidate) { _ in
            calls.add()
            return Metering.answer("cloud", Usage(inputUncached: 10, outputText: 5), text: "Paris")
        }
    }

    @Test func aRepeatedRequestIsAnsweredFromTheCacheFreeAndRecordedAsAHit() async throws {
        let ledger = try UsageLedger(.memory)
        let meter = UsageMeter(prices: .candidatesOnly, ledger: ledger, cache: CacheSettings(enabled: true))
        let calls = Calls()
        let (first, firstUsage) = try await Self.ask(meter, Metering.request("Capital of France?", tags: ["a"]), calls)
        #expect(first.usage == Usage(inputUncached: 10, outputText: 5))
        #expect(abs(firstUsage.costUSD - 0.00004) < 1e-12)
        // Tags and metadata do not change the answer, so they do not change the key.
        var again = Metering.request("Capital of France?", tags: ["b"])
        again.metadata = ["trace": "x"]
        let (second, secondUsage) = try await Self.ask(meter, again, calls)
        #expect(calls.value == 1)
        #expect(second.text == "Paris")
        #expect(second.usage == .responseCache)
        #expect(second.usage.responseCacheHit)
        #expect(secondUsage.costUSD == 0)
        #expect(secondUsage.source == .responseCache)
        let total = try #require(try await ledger.totals().first)
        #expect(total.requests == 2)
        #expect(total.responseCacheHits == 1)
        #expect(total.usage.inputTokens == 10)
        #expect(try await ledger.totals(UsageQuery(tag: "b")).first?.responseCacheHits == 1)
    }

    @Test func anyChangeToMessagesOrSamplingMissesTheCache() async throws {
        let meter = UsageMeter(
            prices: .candidatesOnly, ledger: try UsageLedger(.memory), cache: CacheSettings(enabled: true))
        let calls = Calls()
        var request = Metering.request("Q")
        _ = try await Self.ask(meter, request, calls)
        request.temperature = 0.2
        _ = try await Self.ask(meter, request, calls)
        request.messages.append(.user("more"))
        _ = try await Self.ask(meter, request, calls)
        _ = try await meter.run(request, for: Metering.candidate("other", "m")) { _ in
            calls.add()
            return Metering.answer("other", Usage())
        }
        #expect(calls.value == 4)
    }

    @Test func answersExpireAfterTheirTimeToLive() async throws {
        let clock = Clock()
        let meter = UsageMeter(
            prices: .candidatesOnly, ledger: try UsageLedger(.memory),
            cache: CacheSettings(enabled: true, ttlSeconds: 60),
            clock: clock.read)
        let calls = Calls()
        _ = try await Self.ask(meter, Metering.request(), calls)
        clock.advance(59)
        _ = try await Self.ask(meter, Metering.request(), calls)
        #expect(calls.value == 1)
        clock.advance(2)
        _ = try await Self.ask(meter, Metering.request(), calls)
        #expect(calls.value == 2)
    }

    @Test func theMemoryStoreKeepsAtMostMaxEntries() async throws {
        let clock = Clock()
        let meter = UsageMeter(
            prices: .candidatesOnly, ledger: try UsageLedger(.memory),
            cache: CacheSettings(enabled: true, maxEntries: 2),
            clock: clock.read)
        let calls = Calls()
        for text in ["a", "b", "c"] {
            _ = try await Self.ask(meter, Metering.request(text), calls)
            clock.advance(1)
        }
        _ = try await Self.ask(meter, Metering.request("c"), calls)
        #expect(calls.value == 3)
        _ = try await Self.ask(meter, Metering.request("a"), calls)
        #expect(calls.value == 4)
    }

    @Test func theLedgerStoreIsSharedByMetersOnOneFile() async throws {
        let path = try Metering.temporaryLedgerPath()
        defer { TestSupport.removeDirectory((path as NSString).deletingLastPathComponent) }
        let settings = CacheSettings(enabled: true, store: .ledger)
        let first = UsageMeter(prices: .candidatesOnly, ledger: try UsageLedger(.file(path)), cache: settings)
        let second = UsageMeter(prices: .candidatesOnly, ledger: try UsageLedger(.file(path)), cache: settings)
        let calls = Calls()
        _ = try await Self.ask(first, Metering.request("shared"), calls)
        let (hit, usage) = try await Self.ask(second, Metering.request("shared"), calls)
        #expect(calls.value == 1)
        #expect(hit.text == "Paris")
        #expect(usage.usage.responseCacheHit)
    }

    @Test func aFailedCallIsNotCached() async throws {
        let meter = UsageMeter(
            prices: .candidatesOnly, ledger: try UsageLedger(.memory), cache: CacheSettings(enabled: true))
        await #expect(throws: ProviderError.self) {
            try await meter.run(Metering.request(), for: Self.candidate) { _ in throw ProviderError(.server, "boom") }
        }
        let calls = Calls()
        _ = try await Self.ask(meter, Metering.request(), calls)
        #expect(calls.value == 1)
        #expect(try await meter.ledger?.totals().first?.requests == 1)
    }
}

/// The response cache on the streaming path of the strategy executor.
@Suite("Response cache while streaming")
struct StreamingResponseCacheTests {
    @Test func aStreamedRepeatIsReplayedFromTheCache() async throws {
        let provider = ScriptedProvider("cloud", ["m": .answer("Paris")])
        let registry = ProviderRegistry()
        registry.register(provider)
        let meter = UsageMeter(
            prices: .candidatesOnly, ledger: try UsageLedger(.memory),
            cache: SwitchboardConfiguration.UsageTracking.ResponseCache(enabled: true))
        let executor = StrategyExecutor(registry: registry, meter: meter)
        let candidate = Metering.candidate("cloud", "m")
        var texts: [String] = []
        var results: [StrategyResult] = []
        for _ in 0..<2 {
            var text = ""
            for try await event in executor.stream(
                Metering.request("Capital?"), strategy: .auto, candidates: [candidate])
            {
                switch event {
                case .event(.textDelta(let delta)): text += delta
                case .completed(let result): results.append(result)
                default: break
                }
            }
            texts.append(text)
        }
        #expect(texts == ["Paris", "Paris"])
        #expect(provider.log.requests.count == 1)
        #expect(results.map { $0.usage?.usage.responseCacheHit } == [false, true])
        #expect(results.last?.usage?.costUSD == 0)
        #expect(results.first?.usage?.usage == Usage(inputUncached: 3, outputText: 2))
    }
}
