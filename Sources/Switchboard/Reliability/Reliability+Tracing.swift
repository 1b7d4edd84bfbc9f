import Tracing

extension Reliability {
    /// Runs `body` inside a span named `name` of ``tracer``, ended when `body` returns or throws.
    func withSpan<Result>(
        _ name: String,
        ofKind kind: SpanKind = .internal,
        _ body: (any Span) async throws -> Result
    ) async rethrows -> Result {
        try await Self.span(tracer, name, kind, body)
    }

    private static func span<T: Tracer, Result>(
        _ tracer: T,
        _ name: String,
        _ kind: SpanKind,
        _ body: (any Span) async throws -> Result
    ) async rethrows -> Result {
        try await tracer.withSpan(name, ofKind: kind) { span in try await body(span) }
    }
}
