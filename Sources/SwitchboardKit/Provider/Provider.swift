/// A source of answers: a vendor's API, a local server, a CLI — in-process or loaded from a plugin.
///
/// Host code cannot tell a plugin's provider from one registered in-process: both are `any Provider`.
/// Implement ``stream(_:)``; ``complete(_:)`` is derived from it, and so are ``models()`` (the catalog)
/// and ``health()`` (always ok) unless you know better. ``embed(_:)`` answers `unsupported` unless the provider
/// offers embeddings.
///
/// ## Implementation requirements
///
/// The router, the retry policy, the circuit breakers and the usage meter rely on every provider keeping these
/// promises. The conformance suite in the `SwitchboardTesting` module, `ProviderConformance`, is their executable
/// form: run its `ConformanceCheck`s on your plugin (see `docs/writing-a-provider.md`).
///
/// - **Events in order.** ``stream(_:)`` yields at most one ``StreamEvent/start(id:model:)``, first; then text,
///   thinking and tool-call events in the order the vendor sent them; usage before the end; and ends with exactly one
///   ``StreamEvent/finish(_:)`` as its last event — or throws a ``ProviderError`` instead, never both. An answer cut
///   off before the vendor's end marker, or whose connection dropped, throws (`connection` or `server`): it never ends
///   as a short success.
/// - **Errors in the taxonomy.** Every failure is a ``ProviderError`` with the instance's ``name`` as its provider
///   and a ``ProviderError/Kind`` the router can act on: 401 `authentication`, 403 `permission`, 404 `not_found`,
///   429 `rate_limited` with the `Retry-After` it was given, a prompt too long `context_window_exceeded`, 5xx
///   `server`, overload `overloaded`; with the HTTP status when there was one and the vendor's message (see
///   ``HTTPErrorMapping``). A request the vendor cannot take is refused before the network (`invalid_request` or
///   `unsupported`).
/// - **Cancellation.** Cancelling the consuming task, or dropping the stream, cancels the request down to the HTTP
///   exchange or the child process, and the instance answers the next request.
/// - **Sendable.** One instance serves concurrent requests from many tasks; keep shared state behind a lock (or in
///   an actor), never in unsynchronised globals.
/// - **No secrets in messages.** Error messages, health messages and logs never contain an API key or another
///   secret setting, even when the vendor echoes it (``HTTPErrorMapping/redacting(_:secrets:)``).
/// - **Honest health and discovery.** ``health()`` reports `ok` only when the provider can answer now, and says why
///   when it cannot; ``models()`` lists models with unique, non-empty ids.
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

    /// Embeds `request.inputs` with `request.model`: one vector per input, in order.
    ///
    /// - Throws: ``ProviderError``, in the same taxonomy as ``stream(_:)``; `unsupported` when the provider has no
    ///   embeddings (the default).
    func embed(_ request: EmbeddingRequest) async throws -> EmbeddingResponse
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

    /// Throws `unsupported`: a provider has no embeddings unless it implements them.
    public func embed(_ request: EmbeddingRequest) async throws -> EmbeddingResponse {
        throw ProviderError(.unsupported, "provider \"\(name)\" does not offer embeddings", provider: name)
    }

    /// Reports ok: the provider has no cheaper check than a real request.
    public func health() async -> ProviderHealth {
        ProviderHealth(status: .ok, message: "no health check; assumed available")
    }
}
