import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Switchboard
import SwitchboardKit
import Tracing

/// The outermost middleware of the API routes (`/v1/chat/completions`, `/v1/messages`, `/v1/responses`,
/// `/v1/embeddings`, `/v1/models`): gives each request its ``Exchange`` (dialect, log metadata, a server span whose context the handler
/// runs in), turns any error thrown below it into an error response in the client's dialect, and records the
/// request's metrics, log line and span once it is over.
///
/// "Over" is when the handler returned or threw; for a streamed answer (`text/event-stream`), when its body ends —
/// just before the last bytes go out, so a client that reads `/metrics` after its stream already sees the stream
/// counted — or fails. The body also counts in `switchboard_gateway_streams_in_flight` while it is written.
struct RequestMetricsMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    let metrics: GatewayMetrics
    /// For the failure messages: no configured key reaches a client or a log line.
    let keyring: GatewayKeyring
    /// Told of every request, so memory is released only once the gateway goes quiet.
    let activity: IdleMemoryRelease
    /// Where the server span goes: the host's tracer, so the host's spans are its children in one trace.
    let tracer: any Tracer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        activity.noteRequest()
        let endpoint = request.uri.path
        let dialect = APIDialect(path: endpoint, headers: request.headers)
        var context = context
        context.dialect = dialect
        context.logger[metadataKey: "endpoint"] = "\(endpoint)"
        let method = request.method.rawValue
        let span = Self.serverSpan(tracer, "\(method) \(endpoint)", continuing: request.headers)
        span.attributes["http.request.method"] = method
        span.attributes["url.path"] = endpoint
        span.attributes["switchboard.request_id"] = context.id
        let exchange = Exchange(
            endpoint: endpoint, dialect: dialect, requestID: context.id, arrived: .now, logger: context.logger,
            span: span, metrics: metrics)
        context.exchange = exchange
        do {
            var response = try await ServiceContext.$current.withValue(span.context) {
                try await next(request, context)
            }
            guard response.headers[.contentType] == "text/event-stream" else {
                exchange.record()
                return response
            }
            let body = response.body
            let metrics = metrics
            response.body = ResponseBody { writer in
                metrics.streamOpened()
                defer { metrics.streamClosed() }
                do {
                    try await body.write(RecordingWriter(base: writer, beforeFinish: exchange.record))
                } catch {
                    exchange.record()
                    throw error
                }
            }
            return response
        } catch {
            let failure = keyring.redacting(APIFailure(error))
            exchange.settle(.failed(failure))
            exchange.record()
            return Gateway.failureResponse(failure, dialect: dialect, requestID: context.id)
        }
    }
}

extension RequestMetricsMiddleware {
    /// Starts the request's server span, a child of the caller's span when `headers` carry a W3C `traceparent`.
    private static func serverSpan<T: Tracer>(_ tracer: T, _ name: String, continuing headers: HTTPFields) -> any Span {
        var context = ServiceContext.current ?? .topLevel
        tracer.extract(headers, into: &context, using: HTTPFieldsExtractor())
        return tracer.startSpan(name, context: context, ofKind: .server)
    }
}

/// A response body writer that runs `beforeFinish` before it finishes the body it wraps.
struct RecordingWriter: ResponseBodyWriter {
    var base: any ResponseBodyWriter
    let beforeFinish: @Sendable () -> Void

    mutating func write(_ buffer: ByteBuffer) async throws {
        try await base.write(buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        beforeFinish()
        try await base.finish(trailingHeaders)
    }
}
