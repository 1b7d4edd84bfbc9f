import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
public import Switchboard

/// A TCP relay on 127.0.0.1 in front of a PostgreSQL server, which a test cuts to take "the database" down and restores
/// to bring it back, while the real server goes on serving every other test.
///
/// Cut, it closes every connection it relays and closes each new one as soon as it is accepted, so that the client
/// sees a server that drops it; restored, it relays again.
public final class DatabaseRelay: Sendable {
    /// The port clients connect to.
    public let port: Int
    private let server: any Channel
    private let state: NIOLockedValueBox<(open: Bool, connections: [any Channel])>

    /// A relay to `address`'s server; `address` with the relay's port is ``address(for:)``.
    public init(to address: PostgresAddress) async throws {
        let state = NIOLockedValueBox((open: true, connections: [any Channel]()))
        self.state = state
        server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.autoRead, value: false)
            .childChannelInitializer { inbound in
                guard state.withLockedValue({ $0.open }) else { return inbound.close() }
                return ClientBootstrap(group: inbound.eventLoop)
                    .channelInitializer { outbound in
                        outbound.eventLoop.makeCompletedFuture {
                            try outbound.pipeline.syncOperations.addHandler(Forwarder(to: inbound))
                        }
                    }
                    .connect(host: address.host, port: address.port)
                    .flatMapThrowing { outbound in
                        try inbound.pipeline.syncOperations.addHandler(Forwarder(to: outbound))
                        state.withLockedValue { $0.connections += [inbound, outbound] }
                        inbound.setOption(.autoRead, value: true).whenFailure { _ in inbound.close(promise: nil) }
                    }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = server.localAddress?.port ?? 0
    }

    /// `address` reached through this relay.
    public func address(for address: PostgresAddress) -> PostgresAddress {
        var relayed = address
        relayed.host = "127.0.0.1"
        relayed.port = port
        return relayed
    }

    /// Takes the database down: every relayed connection is closed, and new ones are closed on arrival.
    public func cut() {
        let connections = state.withLockedValue { state in
            state.open = false
            defer { state.connections = [] }
            return state.connections
        }
        for connection in connections { connection.close(promise: nil) }
    }

    /// Brings the database back: new connections are relayed again.
    public func restore() {
        state.withLockedValue { $0.open = true }
    }

    /// Stops listening and closes every connection.
    public func close() async {
        cut()
        try? await server.close()
    }
}

/// Writes what one side of a relayed connection reads to the other, and closes the other when it closes.
private final class Forwarder: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let partner: any Channel

    init(to partner: any Channel) { self.partner = partner }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        partner.writeAndFlush(unwrapInboundIn(data), promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        partner.close(promise: nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
