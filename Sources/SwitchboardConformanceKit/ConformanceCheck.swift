/// One check of the conformance suite (`ProviderConformance`, or ``PluginConformance`` through the CLI): a promise
/// every provider plugin keeps.
///
/// Run them one by one (a parameterised test reports each separately):
/// ```swift
/// @Test(arguments: ConformanceCheck.allCases)
/// func conformance(_ check: ConformanceCheck) async throws { try await Self.conformance.run(check) }
/// ```
public enum ConformanceCheck: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    /// The file loads through the host's loader; the manifest is complete (description, provider kinds, models with
    /// capabilities, well-typed settings, no default for a secret); the file name implies the plugin's id; an
    /// instance can be created from the conformance settings.
    case manifest
    /// Every capability a model of the manifest advertises answers a request that uses it: text for `chat` and
    /// `code`, an image for `vision`, a tool call for `tools` (from ``ConformanceTranscripts/toolCall``), a JSON
    /// schema for `json_schema`, thinking for `thinking` and `reasoning` (thinking deltas from
    /// ``ConformanceTranscripts/thinking``). `embeddings` is not a chat capability and is not exercised.
    case capabilities
    /// A streamed answer carries text and usage and ends with exactly one `finish`, its last event; a `start`, if
    /// any, comes first; `complete` assembles the same answer under the instance's name.
    case streaming
    /// A stream that ends before its end marker (``ConformanceTranscripts/truncatedStream``), or whose connection
    /// drops half-way, ends with an error (`connection` or `server`), never with `finish`.
    case truncatedStream
    /// HTTP failures map into the error taxonomy: 401 `authentication`, 403 `permission`, 404 `not_found`, 429
    /// `rate_limited` with its `Retry-After`, 400 context-length `context_window_exceeded`, 500 `server`, 503
    /// `overloaded` — each with the status, the instance's name, a message, and no secret in it. Then each of the
    /// vendor's own failures in ``ConformanceTranscripts/vendorErrors`` becomes exactly the error it states.
    case errors
    /// Cancelling the consumer of a stream closes the HTTP connection the server is still sending on, and the provider
    /// answers the next request.
    case cancellation
    /// `models()` lists at least one model, with unique non-empty ids; `health()` reports `ok`.
    case discovery

    public var description: String { rawValue }
}
