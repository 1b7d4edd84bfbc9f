import SwitchboardKit
import SwitchboardTesting
import Testing

@Suite("AsyncThrowingStream.decoding")
struct StreamDecoderTests {
    /// Decodes words: `.` completes the answer, `!` is an in-stream error; `end()` finishes only after a `.`-less
    /// stream that said `done`.
    struct WordDecoder: StreamDecoder {
        var isComplete = false
        var sawDone = false

        mutating func decode(_ word: String) throws -> [StreamEvent] {
            switch word {
            case ".":
                isComplete = true
                return [.finish(.stop)]
            case "!": throw ProviderError(.server, "the stream reported an error")
            case "done":
                sawDone = true
                return []
            default: return [.textDelta(word)]
            }
        }

        mutating func end() throws -> [StreamEvent] {
            guard sawDone else { throw ProviderError(.connection, "cut off") }
            return [.usage(Usage(inputUncached: 1, outputText: 2)), .finish(.length)]
        }
    }

    /// A decoder that reads to the end: it relies on the default `isComplete`.
    struct ToTheEndDecoder: StreamDecoder {
        var words: [String] = []
        mutating func decode(_ word: String) throws -> [StreamEvent] {
            words.append(word)
            return []
        }
        mutating func end() throws -> [StreamEvent] { [.textDelta(words.joined(separator: " ")), .finish(.stop)] }
    }

    private func wire(_ words: [String]) -> AsyncThrowingStream<String, any Error> {
        AsyncThrowingStream { continuation in
            for word in words { continuation.yield(word) }
            continuation.finish()
        }
    }

    private func events(_ stream: AsyncThrowingStream<StreamEvent, any Error>) async -> ([StreamEvent], (any Error)?) {
        var events: [StreamEvent] = []
        do {
            for try await event in stream { events.append(event) }
            return (events, nil)
        } catch {
            return (events, error)
        }
    }

    @Test func decodedEventsAreYieldedInOrderAndReadingStopsOnceComplete() async throws {
        let wire = wire(["Hello", "world", ".", "ignored", "!"])
        let (events, error) = await events(.decoding({ wire }, with: { WordDecoder() }))
        #expect(error == nil)
        #expect(events == [.textDelta("Hello"), .textDelta("world"), .finish(.stop)])
    }

    @Test func aWireStreamThatEndsEarlyGetsTheEventsEndOwes() async throws {
        let wire = wire(["Hi", "done"])
        let (events, error) = await events(.decoding({ wire }, with: { WordDecoder() }))
        #expect(error == nil)
        #expect(events == [.textDelta("Hi"), .usage(Usage(inputUncached: 1, outputText: 2)), .finish(.length)])
    }

    @Test func aCutOffStreamEndsWithTheErrorEndThrows() async throws {
        let wire = wire(["Once", "upon"])
        let (events, error) = await events(.decoding({ wire }, with: { WordDecoder() }))
        #expect(events == [.textDelta("Once"), .textDelta("upon")])
        #expect((error as? ProviderError)?.kind == .connection)
    }

    @Test func anErrorFromTheDecoderOrFromOpeningEndsTheStream() async throws {
        let wire = wire(["Hi", "!"])
        let (_, decodeError) = await events(.decoding({ wire }, with: { WordDecoder() }))
        #expect((decodeError as? ProviderError)?.message == "the stream reported an error")

        let (events, openError) = await events(
            .decoding(
                { () async throws -> AsyncThrowingStream<String, any Error> in
                    throw ProviderError(.authentication, "bad key")
                }, with: { WordDecoder() })
        )
        #expect(events.isEmpty)
        #expect((openError as? ProviderError)?.kind == .authentication)
    }

    @Test func theDefaultIsCompleteReadsTheWholeWireStream() async throws {
        let wire = wire(["a", "b", "c"])
        let (events, error) = await events(.decoding({ wire }, with: { ToTheEndDecoder() }))
        #expect(error == nil)
        #expect(events == [.textDelta("a b c"), .finish(.stop)])
    }

    @Test func cancellingTheConsumerCancelsTheWireStreamWithoutCallingEnd() async throws {
        let wireCancelled = Locked(false)
        let (wire, feed) = AsyncThrowingStream<String, any Error>.makeStream()
        feed.onTermination = { termination in
            if case .cancelled = termination { wireCancelled.withLock { $0 = true } }
        }
        feed.yield("Hello")
        let stream = AsyncThrowingStream.decoding({ wire }, with: { WordDecoder() })
        let consumer = Task {
            var received: [StreamEvent] = []
            for try await event in stream { received.append(event) }
            return received
        }
        try await Task.sleep(for: .milliseconds(50))
        consumer.cancel()
        let result = await consumer.result
        #expect(await eventually { wireCancelled.withLock { $0 } }, "the wire stream is cancelled with its consumer")
        if case .success(let received) = result {
            #expect(!received.contains(.finish(.length)), "end() is not called for a cancelled stream")
        }
    }
}

extension StreamDecoderTests {
    /// Relies on both defaults: reads to the end, then `end()` throws.
    struct FinishlessDecoder: StreamDecoder {
        mutating func decode(_ word: String) throws -> [StreamEvent] { [.textDelta(word)] }
    }

    @Test func theDefaultEndIsAConnectionErrorForACutOffAnswer() async throws {
        let wire = wire(["Once"])
        let (events, error) = await events(.decoding({ wire }, with: { FinishlessDecoder() }))
        #expect(events == [.textDelta("Once")])
        let failure = try #require(error as? ProviderError)
        #expect(failure.kind == .connection)
        #expect(failure.message == "the stream ended before the answer was complete")
    }
}
