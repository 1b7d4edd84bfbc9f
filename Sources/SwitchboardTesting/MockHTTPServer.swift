import NIOCore
import NIOHTTP1
import NIOPosix
import SwitchboardKit

/// An HTTP/1.1 server on 127.0.0.1 and an ephemeral port that replays scripted responses, for testing providers
/// against a vendor's real wire format without a network.
///
/// ```swift
/// let server = try await MockHTTPServer.start { request in
///     .init(status: 200, headers: [("content-type", "text/event-stream")], chunks: [.text("data: {…}\n\n")])
/// }
/// defer { Task { try await server.shutdown() } }
/// ```
public final class MockHTTPServer: Sendable {
    /// One request the server received.
    public struct RecordedRequest: Sendable {
        /// `GET`, `POST`, …
        public var method: String
        /// The path and query.
        public var uri: String
        /// Header fields in wire order.
        public var headers: [(name: String, value: String)]
        /// The body.
        public var body: [UInt8]

        /// The first value of header `name`, compared case-insensitively.
        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        /// The body as UTF-8 text.
        public var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    /// A scripted response.
    public struct Response: Sendable {
        /// The status code.
        public var status: Int
        /// Header fields.
        public var headers: [(String, String)]
        /// What to do, in order.
        public var chunks: [Step]
        /// How long to wait before sending the status line and headers.
        public var headDelay: Duration

        /// Creates a response.
        public init(
            status: Int = 200, headers: [(String, String)] = [], chunks: [Step] = [], headDelay: Duration = .zero
        ) {
            self.status = status
            self.headers = headers
            self.chunks = chunks
            self.headDelay = headDelay
        }

        /// A complete JSON response.
        public static func json(_ status: Int = 200, _ body: String, headers: [(String, String)] = []) -> Response {
            Response(
                status: status,
                headers: [("content-type", "application/json"), ("content-length", "\(body.utf8.count)")] + headers,
                chunks: [.text(body)]
            )
        }
    }

    /// One step of a scripted response.
    public enum Step: Sendable {
        /// Send these bytes as a body chunk.
        case bytes([UInt8])
        /// Wait before the next step.
        case delay(Duration)
        /// Close the connection abruptly, without ending the response.
        case drop
        /// Send nothing more and keep the connection open until the client goes away.
        case hang

        /// Send this text as a body chunk.
        public static func text(_ text: String) -> Step { .bytes(Array(text.utf8)) }
    }

    /// Decides the response to each request.
    public typealias Handler = @Sendable (RecordedRequest) -> Response

    private struct State {
        var requests: [RecordedRequest] = []
        var clientDisconnectsWhileStreaming = 0
        var bodyBytesSent = 0
    }

    private let channel: any Channel
    private let state = Locked(State())

    /// The server's port.
    public let port: Int

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Every request received so far, in order.
    public var requests: [RecordedRequest] { state.withLock { $0.requests } }

    /// How many times a client closed its connection while a response was still being sent (cancellation reached
    /// the wire).
    public var clientDisconnectsWhileStreaming: Int { state.withLock { $0.clientDisconnectsWhileStreaming } }

    /// How many bytes of scripted bodies the server has handed to the operating system so far, over every response.
    ///
    /// The server writes like a real one: while the connection's send buffer is full it stops, and goes on when the
    /// client has read. So a client (or a proxy) that stops reading stops this count from growing.
    public var bodyBytesSent: Int { state.withLock { $0.bodyBytesSent } }

    private init(channel: any Channel) {
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
    }

    /// ``bodyBytesSent`` once it stops growing: unchanged over `looks` looks `interval` apart (or all of the bodies,
    /// if every client reads them whole). For a test that holds a client still and asks how far the server got.
    public func bodyBytesSentOnceStalled(looks: Int = 10, interval: Duration = .milliseconds(100)) async throws -> Int {
        var last = -1
        var unchanged = 0
        while unchanged < looks {
            try await Task.sleep(for: interval)
            let sent = bodyBytesSent
            unchanged = sent == last ? unchanged + 1 : 0
            last = sent
        }
        return last
    }

    /// Starts a server that answers every request with `handler`.
    /// - Parameter sendBuffer: the size of each connection's socket send buffer (`SO_SNDBUF`) when set, for a test
    ///   that needs the operating system to hold little of what the server sends; by default the system's own.
    public static func start(sendBuffer: Int? = nil, _ handler: @escaping Handler) async throws -> MockHTTPServer {
        let box = ServerBox()
        var bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        if let sendBuffer {
            bootstrap = bootstrap.childChannelOption(.socketOption(.so_sndbuf), value: SocketOptionValue(sendBuffer))
        }
        let channel =
            try await bootstrap
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(ScriptedHandler(handler: handler, box: box))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        let server = MockHTTPServer(channel: channel)
        box.server.withLock { $0 = server }
        return server
    }

    /// Stops listening and waits until the listening socket is closed.
    public func shutdown() async throws {
        try await channel.close()
    }

    /// Runs `body` while the server listens, then shuts it down, whether `body` returns or throws.
    public func whileRunning<Result>(_ body: () async throws -> Result) async throws -> Result {
        let result: Result
        do {
            result = try await body()
        } catch {
            try await shutdown()
            throw error
        }
        try await shutdown()
        return result
    }

    fileprivate func record(_ request: RecordedRequest) {
        state.withLock { $0.requests.append(request) }
    }

    fileprivate func recordDisconnect() {
        state.withLock { $0.clientDisconnectsWhileStreaming += 1 }
    }

    fileprivate func recordSent(_ count: Int) {
        state.withLock { $0.bodyBytesSent += count }
    }
}

/// Lets child handlers reach the server, which exists only once the bind finished.
private final class ServerBox: Sendable {
    let server = Locked<MockHTTPServer?>(nil)
}

/// Collects one request and plays its scripted response.
private final class ScriptedHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let handler: MockHTTPServer.Handler
    private let box: ServerBox
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var streaming = false
    /// The steps left when the connection stopped being writable; played on when it is again.
    private var waitingForWritability: ArraySlice<MockHTTPServer.Step>?

    init(handler: @escaping MockHTTPServer.Handler, box: ServerBox) {
        self.handler = handler
        self.box = box
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head else { return }
            let request = MockHTTPServer.RecordedRequest(
                method: head.method.rawValue,
                uri: head.uri,
                headers: head.headers.map { ($0.name, $0.value) },
                body: body
            )
            box.server.withLock { $0 }?.record(request)
            let response = handler(request)
            var headers = HTTPHeaders(response.headers)
            if !headers.contains(name: "content-length") && !headers.contains(name: "transfer-encoding") {
                headers.add(name: "transfer-encoding", value: "chunked")
            }
            let responseHead = HTTPResponseHead(
                version: .http1_1,
                status: HTTPResponseStatus(statusCode: response.status),
                headers: headers
            )
            streaming = true
            guard response.headDelay > .zero else {
                context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
                play(response.chunks[...], context: context)
                return
            }
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: Self.timeAmount(response.headDelay)) {
                let (handler, context) = loopBound.value
                guard context.channel.isActive else { return }
                context.write(handler.wrapOutboundOut(.head(responseHead)), promise: nil)
                handler.play(response.chunks[...], context: context)
            }
        }
    }

    private static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(
            Int64(duration.components.seconds) * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// Plays the steps in order: bytes are written in a loop (a response of thousands of chunks must not nest a call
    /// per chunk on the event loop's stack); a delay resumes the rest from a scheduled task; a full send buffer (the
    /// channel is not writable) resumes the rest when it drains.
    private func play(_ steps: ArraySlice<MockHTTPServer.Step>, context: ChannelHandlerContext) {
        var steps = steps
        while let step = steps.popFirst() {
            switch step {
            case .bytes(let bytes):
                let written = context.eventLoop.makePromise(of: Void.self)
                let server = box.server.withLock { $0 }
                written.futureResult.whenSuccess { server?.recordSent(bytes.count) }
                context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: bytes)))), promise: written)
                if !context.channel.isWritable {
                    waitingForWritability = steps
                    return
                }
            case .delay(let duration):
                context.flush()
                let rest = steps
                let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(in: Self.timeAmount(duration)) {
                    let (handler, context) = loopBound.value
                    guard context.channel.isActive else { return }
                    handler.play(rest, context: context)
                }
                return
            case .drop:
                streaming = false
                context.flush()
                context.close(promise: nil)
                return
            case .hang:
                context.flush()
                return
            }
        }
        streaming = false
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, let steps = waitingForWritability {
            waitingForWritability = nil
            play(steps, context: context)
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        waitingForWritability = nil
        if streaming { box.server.withLock { $0 }?.recordDisconnect() }
        streaming = false
        context.fireChannelInactive()
    }
}
