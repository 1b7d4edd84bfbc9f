import Synchronization
import SwitchboardKit

/// The HTTP transport of a `switchboard plugin-host` child: every exchange is sent to the host, which runs it on its
/// own transport and streams the response back. The child opens no connection of its own.
final class ForwardedHTTPTransport: HTTPTransport {
    private struct Exchange {
        var head: CheckedContinuation<HTTPStreamingResponse, any Error>?
        var body: AsyncThrowingStream<[UInt8], any Error>.Continuation
        var bodyStream: AsyncThrowingStream<[UInt8], any Error>
    }

    private let channel: PluginHostChannel
    private let exchanges = Locked<[UInt64: Exchange]>([:])
    private let nextID = Atomic<UInt64>(1)

    init(channel: PluginHostChannel) {
        self.channel = channel
    }

    func execute(_ request: HTTPRequest) async throws -> HTTPStreamingResponse {
        let id = nextID.add(1, ordering: .relaxed).oldValue
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let (stream, body) = AsyncThrowingStream.makeStream(of: [UInt8].self)
                body.onTermination = { [channel] termination in
                    if case .cancelled = termination { channel.send(.httpCancel(id: id)) }
                }
                exchanges.withLock { $0[id] = Exchange(head: continuation, body: body, bodyStream: stream) }
                if !channel.send(.httpStart(id: id, request: request)) {
                    end(id, error: ProviderError(.connection, "the host is gone"))
                }
            }
        } onCancel: {
            channel.send(.httpCancel(id: id))
        }
    }

    /// Delivers the host's `http_head`, `http_body` or `http_end` frame.
    func deliver(_ message: PluginHostMessage) {
        switch message {
        case .httpHead(let id, let status, let headers):
            let resumed = exchanges.withLock {
                exchanges -> (
                    CheckedContinuation<HTTPStreamingResponse, any Error>, AsyncThrowingStream<[UInt8], any Error>
                )? in
                guard let exchange = exchanges[id], let head = exchange.head else { return nil }
                exchanges[id]?.head = nil
                return (head, exchange.bodyStream)
            }
            if let resumed {
                resumed.0.resume(
                    returning: HTTPStreamingResponse(
                        head: HTTPResponseHead(status: status, headers: headers), body: resumed.1))
            }
        case .httpBody(let id, let bytes):
            _ = exchanges.withLock { $0[id]?.body }?.yield(bytes)
        case .httpEnd(let id, let error):
            end(id, error: error)
        default:
            break
        }
    }

    private func end(_ id: UInt64, error: ProviderError?) {
        guard let exchange = exchanges.withLock({ $0.removeValue(forKey: id) }) else { return }
        if let head = exchange.head {
            head.resume(
                throwing: error ?? ProviderError(.server, "the host ended the exchange without a response head"))
        }
        if let error { exchange.body.finish(throwing: error) } else { exchange.body.finish() }
    }
}
