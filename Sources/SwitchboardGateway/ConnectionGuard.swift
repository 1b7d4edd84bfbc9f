import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTPTypes
import SwitchboardKit

/// A channel handler that holds every connection to the gateway's limits on how a request arrives: a request head
/// larger than `gateway.max_header_bytes` is answered 431 and the connection closed; a connection that takes longer
/// than `gateway.request_header_timeout_ms` to deliver a request head (from when it opened, or from the end of its
/// previous response), or longer than `gateway.request_body_timeout_ms` to deliver a body after its head, is closed.
///
/// It sits after HTTP decoding, one instance per connection, on the connection's event loop. Slow-header clients
/// ("slowloris") and idle keep-alive connections therefore cost one timer each and end on time.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The limits, from the gateway settings.
    struct Limits: Sendable {
        var maxHeaderBytes: Int
        var headerTimeout: TimeAmount
        var bodyTimeout: TimeAmount
    }

    /// Why the guard closed a connection: the `reason` label of `switchboard_gateway_connections_closed_total`.
    enum Closure: String {
        case headerTooLarge = "header_too_large"
        case headerTimeout = "header_timeout"
        case bodyTimeout = "body_timeout"
    }

    private let limits: Limits
    private let metrics: GatewayMetrics
    private let logger: Logger
    /// Requests whose head has arrived and whose response has not ended (more than one when a client pipelines).
    private var unanswered = 0
    /// Whether the newest request's body is still arriving.
    private var receivingBody = false
    /// Whether a head was refused: the rest of the connection's input is dropped while it closes.
    private var refused = false
    private var timer: Scheduled<Void>?

    init(limits: Limits, metrics: GatewayMetrics, logger: Logger) {
        self.limits = limits
        self.metrics = metrics
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { rearm(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    func channelActive(context: ChannelHandlerContext) {
        rearm(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            let size = Self.headerBytes(head)
            if size > limits.maxHeaderBytes {
                refuse(context, size: size)
                return
            }
            unanswered += 1
            receivingBody = true
            rearm(context)
        case .body:
            break
        case .end:
            receivingBody = false
            rearm(context)
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), !refused {
            unanswered = max(0, unanswered - 1)
            rearm(context)
        }
        context.write(data, promise: promise)
    }

    /// The bytes of a request head the limit counts: the target, and each header field's name and value plus the
    /// four bytes of `: ` and CRLF.
    static func headerBytes(_ head: HTTPRequest) -> Int {
        var size = (head.path?.utf8.count ?? 0) + (head.authority?.utf8.count ?? 0)
        for field in head.headerFields { size += field.name.rawName.utf8.count + field.value.utf8.count + 4 }
        return size
    }

    /// Answers 431 in OpenAI's error shape and closes the connection.
    private func refuse(_ context: ChannelHandlerContext, size: Int) {
        refused = true
        disarm()
        let failure = APIFailure(
            status: 431, kind: .invalidRequest,
            "the request head is \(size) bytes, larger than this gateway accepts (\(limits.maxHeaderBytes) bytes; "
                + "gateway.max_header_bytes); send fewer or shorter headers",
            code: "request_header_fields_too_large")
        var writer = JSONWriter(capacity: 256)
        writer.value(failure.body(in: .openAI))
        let body = ByteBuffer(bytes: writer.bytes)
        let head = HTTPResponse(
            status: .init(code: 431, reasonPhrase: "Request Header Fields Too Large"),
            headerFields: [
                .contentType: "application/json", .contentLength: String(body.readableBytes),
                .connection: "close",
            ])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
        record(.headerTooLarge)
    }

    /// The timer the connection's state calls for: the body's while a body arrives, the next head's while every
    /// request has been answered, none while a response is being written.
    private func rearm(_ context: ChannelHandlerContext) {
        if receivingBody {
            arm(context, after: limits.bodyTimeout, closing: .bodyTimeout)
        } else if unanswered == 0 {
            arm(context, after: limits.headerTimeout, closing: .headerTimeout)
        } else {
            disarm()
        }
    }

    private func arm(_ context: ChannelHandlerContext, after delay: TimeAmount, closing closure: Closure) {
        disarm()
        timer = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(in: delay) { [self] in
            timer = nil
            record(closure)
            context.close(promise: nil)
        }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
    }

    private func record(_ closure: Closure) {
        metrics.connectionClosed(reason: closure.rawValue)
        let limit =
            switch closure {
            case .headerTooLarge: "gateway.max_header_bytes"
            case .headerTimeout: "gateway.request_header_timeout_ms"
            case .bodyTimeout: "gateway.request_body_timeout_ms"
            }
        logger.notice(
            "closed a connection over a limit", metadata: ["reason": "\(closure.rawValue)", "limit": "\(limit)"])
    }
}
