/// A source of answers: a vendor's API, a local server, a CLI — in-process or loaded from a plugin.
///
/// Host code cannot tell a plugin's provider from one registered in-process: both are `any Provider`.
/// Implement ``stream(_:)``; ``complete(_:)`` is derived from it, and so are ``models()`` (the catalog)
/// and ``health()`` (always ok) unless you know better.
public protocol Provider: Sendable {
    /// The instance's name (e.g. `openai`, `lmstudio`), as responses and errors report it.
    var name: String { get }

    /// The models this instance offers now: the catalog, refined by live discovery where the provider has it.
    func models() async throws -> [ModelInfo]

    /// Streams the answer to `request`.
    ///
    /// The stream ends with a ``StreamEvent/finish(_:)`` event, or throws a ``ProviderError``. Cancelling the
    /// consuming task (or dropping the stream) cancels the request, down to the HTTP exchange.
    func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error>

    /// Answers `request` in one piece.
    func complete(_ request: ChatRequest) async throws -> ChatResponse

    /// Checks whether the provider can answer right now.
    func health() async -> ProviderHealth
}

extension Provider {
    /// Collects ``stream(_:)`` into one response.
    ///
    /// - Throws: ``ProviderError`` from the stream, or a `server` error when the stream ended without `finish`.
    public func complete(_ request: ChatRequest) async throws -> ChatResponse {
        var accumulator = StreamAccumulator(provider: name, model: request.model)
        for try await event in stream(request) {
            try accumulator.add(event)
        }
        return try accumulator.response()
    }

    /// Reports ok: the provider has no cheaper check than a real request.
    public func health() async -> ProviderHealth {
        ProviderHealth(status: .ok, message: "no health check; assumed available")
    }
}
