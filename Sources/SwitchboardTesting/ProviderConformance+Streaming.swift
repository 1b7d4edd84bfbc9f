import SwitchboardKit

extension ProviderConformance {
    /// ``ConformanceCheck/streaming``.
    func checkStreaming(_ problems: inout Problems) async throws {
        let request = Self.request(model: try firstModel())
        let stream = transcripts.stream
        try await withProvider(answering: { _ in stream }) { provider, server in
            let (events, error) = await provider.collect(request)
            if let error {
                problems.add("the recorded answer ended with an error: \(error)")
                return
            }
            Self.expectCompleteAnswer(events, &problems)
            let text = events.compactMap { if case .textDelta(let text) = $0 { text } else { nil } }.joined()
            problems.expect(!text.isEmpty, "the answer carries no text_delta")
            let usages = events.compactMap { if case .usage(let usage) = $0 { usage } else { nil } }
            problems.expect(!usages.isEmpty, "the answer carries no usage event; report the tokens the vendor counted")
            problems.expect(
                usages.allSatisfy { $0.inputTokens + $0.outputTokens > 0 },
                "a usage event counts no tokens at all"
            )
            problems.expect(
                chatRequests(server).count == 1,
                "expected one request to the server, found \(chatRequests(server).count)")
            do {
                let response = try await provider.complete(request)
                problems.expect(
                    response.text == text, "complete() answers \"\(response.text)\"; the stream said \"\(text)\"")
                problems.expect(
                    response.provider == instanceName,
                    "complete() names the provider \"\(response.provider)\"; expected \"\(instanceName)\""
                )
            } catch {
                problems.add("complete() failed where stream() succeeded: \(error)")
            }
        }
    }

    /// ``ConformanceCheck/truncatedStream``.
    func checkTruncatedStream(_ problems: inout Problems) async throws {
        let request = Self.request(model: try firstModel())
        let truncated = transcripts.truncatedStream
        try await withProvider(answering: { _ in truncated }) { provider, _ in
            let (events, error) = await provider.collect(request)
            Self.expectFailure(events, error, "a stream that stops before its end marker", &problems)
        }
        let dropped = Self.firstHalf(of: transcripts.stream, then: .drop)
        try await withProvider(answering: { _ in dropped }) { provider, _ in
            let (events, error) = await provider.collect(request)
            Self.expectFailure(events, error, "a stream whose connection drops half-way", &problems)
            problems.expect(
                error == nil || error?.kind == .connection,
                "a dropped connection must be a connection error; found \(error?.kind.rawValue ?? "none")"
            )
        }
    }

    /// ``ConformanceCheck/cancellation``.
    func checkCancellation(_ problems: inout Problems) async throws {
        let request = Self.request(model: try firstModel())
        let hanging = Self.firstHalf(of: transcripts.stream, then: .hang)
        let stream = transcripts.stream
        let served = Counter()
        try await withProvider(answering: { _ in served.increment() == 1 ? hanging : stream }) { provider, server in
            let ended = Counter()
            let consumer = Task {
                defer { _ = ended.increment() }
                for try await _ in provider.stream(request) {}
            }
            guard await eventually({ served.value == 1 }) else {
                consumer.cancel()
                problems.add("the request never reached the server")
                return
            }
            try await Task.sleep(for: .milliseconds(50))
            consumer.cancel()
            // A minute for each: a check that passes returns as soon as it sees the stream end and the client go, and
            // a loaded machine (a sanitizer build beside other work) can take tens of seconds to get there.
            problems.expect(
                await eventually(within: .seconds(60)) { ended.value > 0 },
                "the stream did not end within 60 s of its consumer being cancelled"
            )
            problems.expect(
                await eventually(within: .seconds(60)) { server.clientDisconnectsWhileStreaming == 1 },
                "the server never saw the client go away: cancelling the stream must cancel the HTTP request "
                    + "(disconnects seen while streaming: \(server.clientDisconnectsWhileStreaming))"
            )
            let (events, error) = await provider.collect(request)
            problems.expect(
                error == nil && events.last.map(Self.isFinish) == true,
                "the request after a cancelled one failed: \(error.map(String.init(describing:)) ?? "no finish event")"
            )
        }
    }

    /// Records what is wrong with a successful answer's shape: exactly one `finish`, last; one `start`, first.
    static func expectCompleteAnswer(_ events: [StreamEvent], _ problems: inout Problems) {
        let finishes = events.filter(isFinish).count
        problems.expect(finishes == 1, "expected exactly one finish event, found \(finishes)")
        problems.expect(
            events.last.map(isFinish) == true,
            "the last event must be finish; found \(events.last.map(String.init(describing:)) ?? "no events")")
        let starts = events.indices.filter { if case .start = events[$0] { true } else { false } }
        problems.expect(starts.count <= 1, "expected at most one start event, found \(starts.count)")
        problems.expect(starts.allSatisfy { $0 == 0 }, "a start event must come first")
        if let lastUsage = events.lastIndex(where: { if case .usage = $0 { true } else { false } }),
            let finish = events.lastIndex(where: isFinish)
        {
            problems.expect(lastUsage < finish, "usage must come before finish")
        }
    }

    private static func expectFailure(
        _ events: [StreamEvent], _ error: ProviderError?, _ what: String, _ problems: inout Problems
    ) {
        problems.expect(
            !events.contains(where: isFinish),
            "\(what) delivered a finish event: a cut-off answer must never look complete")
        guard let error else {
            problems.add(
                "\(what) ended without an error; it must fail (connection or server), never end as a short answer")
            return
        }
        problems.expect(
            [.connection, .server].contains(error.kind),
            "\(what) failed with \(error.kind); expected connection or server"
        )
    }

    /// A count shared between a server's handler or a task and the check.
    private final class Counter: Sendable {
        private let count = Locked(0)

        /// Adds one and returns the new count.
        func increment() -> Int {
            count.withLock {
                $0 += 1; return $0
            }
        }

        var value: Int { count.withLock { $0 } }
    }

    static func isFinish(_ event: StreamEvent) -> Bool {
        if case .finish = event { true } else { false }
    }

    /// `response` with only the first half of its body bytes, followed by `step`.
    static func firstHalf(of response: MockHTTPServer.Response, then step: MockHTTPServer.Step)
        -> MockHTTPServer.Response
    {
        let bytes = response.chunks.flatMap { step -> [UInt8] in
            if case .bytes(let bytes) = step { bytes } else { [] }
        }
        var cut = response
        cut.headers = response.headers.filter { $0.0.lowercased() != "content-length" }
        cut.chunks = [.bytes(Array(bytes.prefix(bytes.count / 2))), step]
        return cut
    }
}
