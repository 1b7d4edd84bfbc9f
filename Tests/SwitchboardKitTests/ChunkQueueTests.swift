import SwitchboardKit
import SwitchboardTesting
import Testing

@Suite("Chunk queue and resume gate (flow control)")
struct ChunkQueueTests {
    @Test("append asks the producer to pause at the limit, and the consumer's take resumes it once")
    func pauseAtTheLimitAndResumeOnTake() async throws {
        let resumes = Locked(0)
        let queue = ChunkQueue(limit: 10) { resumes.withLock { $0 += 1 } }
        #expect(queue.append([1, 2, 3, 4]))
        #expect(!queue.append([5, 6, 7, 8, 9, 10]))
        // A producer that cannot stop at once loses nothing, and is asked to pause once, not again.
        #expect(queue.append([11]))
        #expect(resumes.withLock { $0 } == 0)
        guard case .chunks(let chunks) = await queue.take() else {
            Issue.record("expected the queued chunks")
            return
        }
        #expect(chunks == [[1, 2, 3, 4], [5, 6, 7, 8, 9, 10], [11]])
        #expect(resumes.withLock { $0 } == 1)
        #expect(queue.append([12]))
        _ = await queue.take()
        #expect(resumes.withLock { $0 } == 1)
    }

    @Test("send waits while the queue is full, until the consumer takes")
    func sendWaitsForTheConsumer() async throws {
        let queue = ChunkQueue(limit: 4)
        let sent = Locked(0)
        let producer = Task {
            for value in UInt8(0)..<8 {
                await queue.send([value, value])
                sent.withLock { $0 += 1 }
            }
            queue.end(nil)
        }
        // Two chunks of two bytes reach the limit: the second send waits.
        #expect(await eventually { sent.withLock { $0 } == 1 })
        // Time for the producer to go on if it could (it must not).
        try await Task.sleep(for: .milliseconds(20))
        #expect(sent.withLock { $0 } == 1)
        var received: [UInt8] = []
        while case .chunks(let chunks) = await queue.take() { received += chunks.joined() }
        await producer.value
        #expect(received == (UInt8(0)..<8).flatMap { [$0, $0] })
    }

    @Test("the stream joins what waited into one chunk and ends with the producer's error")
    func theStreamJoinsAndEnds() async throws {
        let queue = ChunkQueue()
        let finished = Locked(0)
        let stream = queue.stream(finished: { finished.withLock { $0 += 1 } })
        queue.append(Array("data: a\n".utf8))
        queue.append(Array("data: b\n".utf8))
        queue.end(ProviderError(.connection, "the server went away"))
        queue.append(Array("late".utf8))
        var iterator = stream.makeAsyncIterator()
        #expect(try await iterator.next() == Array("data: a\ndata: b\n".utf8))
        do {
            _ = try await iterator.next()
            Issue.record("expected the producer's error")
        } catch {
            #expect(error as? ProviderError == ProviderError(.connection, "the server went away"))
        }
        #expect(finished.withLock { $0 } == 1)
    }

    @Test("a resume that comes before the sender waits is kept; a cancelled waiter returns")
    func resumeGate() async throws {
        let gate = ResumeGate()
        gate.open()
        await gate.wait()
        let waiter = Task { await gate.wait() }
        waiter.cancel()
        await waiter.value
        let resumed = Task { await gate.wait() }
        gate.open()
        await resumed.value
    }
}
