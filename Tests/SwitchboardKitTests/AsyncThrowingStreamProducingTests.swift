import SwitchboardKit
import SwitchboardTesting
import Testing

@Suite("AsyncThrowingStream.producing")
struct AsyncThrowingStreamProducingTests {
    /// A one-shot flag a test can wait on.
    final class Flag: Sendable {
        private let value = Locked(false)
        func set() { value.withLock { $0 = true } }
        var isSet: Bool { value.withLock { $0 } }

        /// Waits until the flag is set (``eventually(within:_:)-(_,()->Bool)``); returns whether it was.
        func wait() async -> Bool {
            await eventually { isSet }
        }
    }

    @Test("the stream finishes when the closure returns")
    func finishesOnReturn() async throws {
        let stream = AsyncThrowingStream<Int, any Error>.producing { continuation in
            for value in 1...3 { continuation.yield(value) }
        }
        var values: [Int] = []
        for try await value in stream { values.append(value) }
        #expect(values == [1, 2, 3])
    }

    @Test("the stream throws what the closure throws, after what it yielded")
    func throwsOnThrow() async throws {
        let stream = AsyncThrowingStream<Int, any Error>.producing { continuation in
            continuation.yield(1)
            continuation.yield(2)
            throw PlainError("producer failed")
        }
        var values: [Int] = []
        await #expect(throws: PlainError("producer failed")) {
            for try await value in stream { values.append(value) }
        }
        #expect(values == [1, 2])
    }

    @Test("cancelling the consumer cancels the producer's task")
    func consumerCancellationCancelsProducer() async throws {
        let producerCancelled = Flag()
        let firstReceived = Flag()
        let stream = AsyncThrowingStream<Int, any Error>.producing { continuation in
            try await withTaskCancellationHandler {
                continuation.yield(1)
                try await Task.sleep(for: .seconds(30))
                continuation.yield(2)
            } onCancel: {
                producerCancelled.set()
            }
        }
        let consumer = Task {
            var values: [Int] = []
            for try await value in stream {
                values.append(value)
                firstReceived.set()
            }
            return values
        }
        #expect(await firstReceived.wait())
        #expect(!producerCancelled.isSet)
        consumer.cancel()
        #expect(await producerCancelled.wait())
        let values = try await consumer.value
        #expect(values == [1])
    }

    @Test("dropping the stream unconsumed cancels the producer's task")
    func droppingCancelsProducer() async throws {
        let producerCancelled = Flag()
        let producerStarted = Flag()
        do {
            let stream = AsyncThrowingStream<Int, any Error>.producing { _ in
                try await withTaskCancellationHandler {
                    producerStarted.set()
                    try await Task.sleep(for: .seconds(30))
                } onCancel: {
                    producerCancelled.set()
                }
            }
            _ = stream
            #expect(await producerStarted.wait())
        }
        #expect(await producerCancelled.wait())
    }

    @Test("the buffering policy is the one given")
    func bufferingPolicy() async throws {
        let produced = Flag()
        let stream = AsyncThrowingStream<Int, any Error>.producing(bufferingPolicy: .bufferingNewest(1)) {
            continuation in
            for value in 1...5 { continuation.yield(value) }
            produced.set()
        }
        #expect(await produced.wait())
        var values: [Int] = []
        for try await value in stream { values.append(value) }
        #expect(values == [5])
    }

    @Test("with a limit, the producer waits while that many elements are not taken, and nothing is lost")
    func aLimitHoldsTheProducerBack() async throws {
        let sent = Locked(0)
        let stream = AsyncThrowingStream<Int, any Error>.producing(limit: 3) { send in
            for value in 0..<100 {
                await send(value)
                sent.withLock { $0 += 1 }
            }
        }
        // Sends 0 and 1 return; send(2) fills the queue and waits for the consumer.
        #expect(await eventually { sent.withLock { $0 } == 2 })
        // Time for the producer to go on if it could (it must not).
        try await Task.sleep(for: .milliseconds(20))
        #expect(sent.withLock { $0 } == 2)
        var values: [Int] = []
        for try await value in stream { values.append(value) }
        #expect(values == Array(0..<100))
        #expect(sent.withLock { $0 } == 100)
    }

    @Test("with a limit, a consumer that goes away frees the waiting producer and cancels its task")
    func aLimitedProducerIsFreedWhenTheConsumerGoes() async throws {
        let producerEnded = Flag()
        let cancelledInProducer = Flag()
        var stream: AsyncThrowingStream<Int, any Error>? = .producing(limit: 1) { send in
            defer { producerEnded.set() }
            await send(1)
            await send(2)
            if Task.isCancelled { cancelledInProducer.set() }
        }
        var iterator = stream?.makeAsyncIterator()
        #expect(try await iterator?.next() == 1)
        stream = nil
        iterator = nil
        #expect(await producerEnded.wait())
        #expect(cancelledInProducer.isSet)
    }
}
