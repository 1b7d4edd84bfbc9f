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

    /// The events of the whole JSON document a server sent instead of a stream: the vendor's non-streamed response,
    /// which some servers answer a streamed request with (see ``StreamedBody``).
    ///
    /// Return the events the same answer streamed would give: start, text, thinking, tool calls, usage, finish. If
    /// the decoder is not ``isComplete`` afterwards, ``end()`` is called as for a stream that ended, so a decoder may
    /// feed the document's parts to its stream code and let ``end()`` finish. Defaults to throwing `server`.
    /// - Throws: ``ProviderError``: the mapped error of an error document, or `server` for a document that is not the
    ///   vendor's response.
    mutating func decode(document: [UInt8]) throws -> [StreamEvent]
}

extension StreamDecoder {
    /// `false`: the wire stream is read to its end.
    public var isComplete: Bool { false }

    /// Throws `connection`: the wire stream ended before the answer was complete.
    public func end() throws -> [StreamEvent] {
        throw ProviderError(.connection, "the stream ended before the answer was complete")
    }

    /// Throws `server`: this decoder reads only streams.
    public func decode(document: [UInt8]) throws -> [StreamEvent] {
        throw ProviderError(
            .server,
            "the server answered a streamed request with a whole JSON document, which this provider cannot read; "
                + "check that the server supports streaming for this request"
        )
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
        decoding({ StreamedBody(try await open()) }, with: makeDecoder)
    }

    /// A provider's answer: the streamed body `open` returns, run through the decoder `makeDecoder` creates.
    ///
    /// As ``decoding(_:with:)-(()->AsyncThrowingStream<Decoder.Input,any Error>,_)``, and when the server answered
    /// with a whole JSON document instead of a stream (``StreamedBody/document``), the document goes to
    /// ``StreamDecoder/decode(document:)``, followed by ``StreamDecoder/end()`` unless the decoder is then complete.
    /// - Parameters:
    ///   - open: sends the request and returns its body, e.g. ``ProviderHTTPClient/postSSE(_:headers:body:timeout:)``.
    ///   - makeDecoder: creates the decoder for this one answer.
    public static func decoding<Decoder: StreamDecoder>(
        _ open: @escaping @Sendable () async throws -> StreamedBody<Decoder.Input>,
        with makeDecoder: @escaping @Sendable () -> Decoder
    ) -> AsyncThrowingStream<StreamEvent, any Error> {
        AsyncThrowingStream(unfolding: DecodedStream(open: open, makeDecoder: makeDecoder).next)
    }
}
