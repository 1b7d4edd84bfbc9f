import SwitchboardKit

/// The HTTP transport of a `switchboard plugin-host` child: every exchange is sent to the host, which runs it on its
/// own transport and streams the response back. The child opens no connection of its own.
///
/// A plugin's exchange (`http_start`) takes the direct path, ``SinkDeliveringTransport``: the host's `http_head`,
/// `http_body` and `http_end` frames go to the plugin's sink from the channel's reader thread, with no task or stream
/// between. ``execute(_:)`` serves any other caller in the child.
///
/// Flow control crosses the pipe as frames: when the plugin pauses an exchange's body (`on_body_paced`), an
/// `http_pause` frame asks the host to stop sending it, and the plugin's `http_resume` becomes an `http_resume`
/// frame: one of each per pause, in the order the plugin made them (the host pairs them by count). Chunks already on
/// their way still reach the plugin, which takes them.
final class ForwardedHTTPTransport: SinkDeliveringTransport {
    private enum Exchange {
        /// A plugin's exchange: the response goes to its sink.
        case sink(HTTPSink)
        /// An ``execute(_:)`` call: the head resumes `head`, the body goes to `body`.
        case stream(
            head: CheckedContinuation<HTTPStreamingResponse, any Error>?,
            body: AsyncThrowingStream<[UInt8], any Error>.Continuation,
            bodyStream: AsyncThrowingStream<[UInt8], any Error>)
    }

    private let channel: PluginHostChannel
    private let exchanges = Locked<[UInt64: Exchange]>([:])

    init(channel: PluginHostChannel) {
        self.channel = channel
    }

    func start(_ request: HTTPRequest, id: UInt64, into sink: HTTPSink) {
        exchanges.withLock { $0[id] = .sink(sink) }
        if !channel.send(.httpStart(id: id, request: request)) {
            end(id, error: ProviderError(.connection, "the host is gone"))
        }
    }

    func cancel(_ id: UInt64) {
        channel.send(.httpCancel(id: id))
    }

    func resume(_ id: UInt64) {
        channel.sendDeferred(.httpResume(id: id))
    }

    func execute(_ request: HTTPRequest) async throws -> HTTPStreamingResponse {
        let id = HostServicesTable.newExchangeID()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let (stream, body) = AsyncThrowingStream.makeStream(of: [UInt8].self)
                body.onTermination = { [channel] termination in
                    if case .cancelled = termination { channel.send(.httpCancel(id: id)) }
                }
                exchanges.withLock { $0[id] = .stream(head: continuation, body: body, bodyStream: stream) }
                if !channel.send(.httpStart(id: id, request: request)) {
                    end(id, error: ProviderError(.connection, "the host is gone"))
                }
            }
        } onCancel: {
            channel.send(.httpCancel(id: id))
        }
    }

    /// Delivers the host's `http_head`, `http_body` or `http_end` frame; called on the channel's reader thread.
    func deliver(_ message: PluginHostMessage) {
        switch message {
        case .httpHead(let id, let status, let headers):
            let head = HTTPResponseHead(status: status, headers: headers)
            let exchange = exchanges.withLock { exchanges -> Exchange? in
                guard let exchange = exchanges[id] else { return nil }
                if case .stream(_, let body, let bodyStream) = exchange {
                    exchanges[id] = .stream(head: nil, body: body, bodyStream: bodyStream)
                }
                return exchange
            }
            switch exchange {
            case .sink(let sink): sink.head(head)
            case .stream(let continuation?, _, let bodyStream):
                continuation.resume(returning: HTTPStreamingResponse(head: head, body: bodyStream))
            case .stream(nil, _, _), nil: break
            }
        case .httpBody(let id, let bytes):
            switch exchanges.withLock({ $0[id] }) {
            case .sink(let sink):
                if !sink.body(bytes) { channel.sendDeferred(.httpPause(id: id)) }
            case .stream(_, let body, _): body.yield(bytes)
            case nil: break
            }
        case .httpEnd(let id, let error):
            end(id, error: error)
        default:
            break
        }
    }

    private func end(_ id: UInt64, error: ProviderError?) {
        switch exchanges.withLock({ $0.removeValue(forKey: id) }) {
        case .sink(let sink):
            sink.end(error: error)
        case .stream(let head, let body, _):
            head?.resume(
                throwing: error ?? ProviderError(.server, "the host ended the exchange without a response head"))
            if let error { body.finish(throwing: error) } else { body.finish() }
        case nil:
            break
        }
    }
}
