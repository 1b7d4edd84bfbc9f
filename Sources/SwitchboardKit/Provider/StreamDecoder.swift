/// The state machine from a provider's wire stream to ``StreamEvent``s, fed one element at a time.
///
/// A provider writes the decoder for its API and hands it to
/// ``_Concurrency/AsyncThrowingStream/decoding(_:with:)``, which owns the loop every streaming provider needs:
/// ```swift
/// func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
///     .decoding({ try await http.postSSE(url, headers: headers, body: try body(for: request)) },
///               with: { MyDecoder(provider: name, model: request.model) })
/// }
/// ```
public protocol StreamDecoder {
    /// One element of the wire stream: a ``ServerSentEvent``, an NDJSON line (`[UInt8]`), …
    associatedtype Input

    /// Whether the answer is complete (its `finish` has been emitted); the rest of the wire stream is not read.
    ///
    /// Defaults to `false`: the wire stream is read to its end, then ``end()`` emits what is owed.
    var isComplete: Bool { get }

    /// The events one element of the wire stream yields (often none).
    /// - Throws: ``ProviderError`` for an error the stream reports, or for input the API does not send.
    mutating func decode(_ input: Input) throws -> [StreamEvent]

    /// Called when the wire stream ended before ``isComplete``: the events still owed (usage, `finish`).
    ///
    /// Defaults to throwing `connection`, for decoders that emit `finish` themselves and set ``isComplete``: a wire
    /// stream that ends before that was cut off. A decoder that reads to the end implements it.
    /// - Throws: ``ProviderError`` (usually `connection`) when the answer is incomplete: a stream that ends without
    ///   `finish` is an error, never a short success.
    mutating func end() throws -> [StreamEvent]
}

extension StreamDecoder {
    /// `false`: the wire stream is read to its end.
    public var isComplete: Bool { false }

    /// Throws `connection`: the wire stream ended before the answer was complete.
    public func end() throws -> [StreamEvent] {
        throw ProviderError(.connection, "the stream ended before the answer was complete")
    }
}

extension AsyncThrowingStream where Element == StreamEvent, Failure == any Error {
    /// A provider's answer: the wire stream `open` returns, run through the decoder `makeDecoder` creates.
    ///
    /// `open` runs when the first event is asked for, and everything runs in the consuming task: no task of its own
    /// and no thread wake-up per event. Each element goes to ``StreamDecoder/decode(_:)`` and the events it returns
    /// are yielded in order. Reading stops (and the HTTP exchange ends) once the decoder
    /// ``StreamDecoder/isComplete``; if the wire stream ends first, ``StreamDecoder/end()`` emits what is owed or
    /// throws. A cancelled consumer cancels `open`'s stream, down to the host's HTTP exchange, and ends with
    /// `CancellationError` instead of calling `end()`.
    /// - Parameters:
    ///   - open: sends the request and returns the wire stream, e.g. ``ProviderHTTPClient/postSSE(_:headers:body:timeout:)``.
    ///     An error it throws (the request cannot be encoded, the server answered with an error status) ends the
    ///     stream with that error.
    ///   - makeDecoder: creates the decoder for this one answer.
    public static func decoding<Decoder: StreamDecoder>(
        _ open: @escaping @Sendable () async throws -> AsyncThrowingStream<Decoder.Input, any Error>,
        with makeDecoder: @escaping @Sendable () -> Decoder
    ) -> AsyncThrowingStream<StreamEvent, any Error> {
        AsyncThrowingStream(unfolding: DecodedStream(open: open, makeDecoder: makeDecoder).next)
    }
}
