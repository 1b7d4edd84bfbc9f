public import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
public import SwitchboardKit

/// The host's HTTP transport: AsyncHTTPClient, with one connection pool for every provider and plugin.
public struct AsyncHTTPClientTransport: HTTPTransport {
    /// The client requests run on. It lives as long as the process (the host never shuts it down).
    public let client: HTTPClient
    /// The longest an exchange may take when the request sets no timeout.
    package let defaultTimeout: Duration

    /// The process-wide transport every plugin shares, with a connect timeout of 10 seconds.
    ///
    /// A refused connection fails at once instead of being retried until the request's deadline, so a provider that
    /// is down is reported (and can be failed over) in milliseconds. Up to ``connectionsPerHost`` HTTP/1 connections
    /// are kept per host, because a streamed answer holds its connection for as long as the model writes.
    public static let shared = shared(connectTimeout: .seconds(10))

    /// The most HTTP/1 connections the shared transports open to one host.
    ///
    /// A streamed answer holds its HTTP/1 connection until the model stops writing, so this is the most concurrent
    /// streams to one provider: a gateway holding 1,000 streams to one local server needs 1,000 connections, and
    /// the next request beyond the limit waits (against its first-token timeout) for one to be free.
    /// AsyncHTTPClient's default of 8 would queue the ninth. The limit only guards against runaway growth.
    public static let connectionsPerHost = 4096

    private static let byConnectTimeout = Locked<[Duration: AsyncHTTPClientTransport]>([:])

    /// The process-wide transport whose connections must be established within `connectTimeout`
    /// (`routing.timeouts.connect_ms`); one client per distinct timeout, living as long as the process.
    public static func shared(connectTimeout: Duration) -> AsyncHTTPClientTransport {
        byConnectTimeout.withLock { transports in
            if let transport = transports[connectTimeout] { return transport }
            var configuration = HTTPClient.Configuration()
            configuration.timeout = .init(connect: .nanoseconds(connectTimeout.nanoseconds), read: .seconds(300))
            configuration.connectionPool.retryConnectionEstablishment = false
            configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connectionsPerHost
            // The attempt's span is the provider call's client span. AsyncHTTPClient's own would repeat it, and it
            // parses each request's URL for its attributes even when the tracer records nothing.
            configuration.tracing.tracer = nil
            let transport = AsyncHTTPClientTransport(
                client: HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration),
                defaultTimeout: .seconds(600)
            )
            transports[connectTimeout] = transport
            return transport
        }
    }

    /// Creates a transport over `client`.
    public init(client: HTTPClient, defaultTimeout: Duration = .seconds(600)) {
        self.client = client
        self.defaultTimeout = defaultTimeout
    }

    public func execute(_ request: HTTPRequest) async throws -> HTTPStreamingResponse {
        let (response, deadline, timeout) = try await start(request)
        let url = request.url
        // One task reads AsyncHTTPClient's body into a queue of at most `ChunkQueue.defaultLimit` bytes: while the
        // consumer is that far behind the task waits, AsyncHTTPClient stops reading the socket, and the server is
        // slowed by TCP's flow control instead of the answer piling up here. The body is held to the request's
        // deadline by a timer on the event loop that ends the stream with `timeout` and stops the task (and with it
        // the exchange), so a server that stops sending mid-answer times out with the request.
        let queue = ChunkQueue()
        let reader = Task {
            do {
                for try await buffer in response.body {
                    await queue.send(Array(buffer.readableBytesView))
                    try Task.checkCancellation()
                }
                queue.end(nil)
            } catch {
                queue.end(Self.providerError(error, url: url))
            }
        }
        let timer = client.eventLoopGroup.any().scheduleTask(deadline: deadline) {
            queue.end(Self.timedOut(url, after: timeout))
            reader.cancel()
        }
        let body = queue.stream(finished: {
            timer.cancel()
            reader.cancel()
        })
        return HTTPStreamingResponse(head: Self.head(of: response), body: body)
    }

    /// Sends `request` and waits for the response's head, within the request's timeout (AsyncHTTPClient's deadline
    /// covers the exchange until the head arrives); returns the response, the deadline its body is held to, and the
    /// timeout it came from.
    private func start(_ request: HTTPRequest) async throws -> (HTTPClientResponse, NIODeadline, Duration) {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers {
            outgoing.headers.add(name: header.name, value: header.value)
        }
        if !request.body.isEmpty {
            outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        }
        let timeout = request.timeout ?? defaultTimeout
        let deadline = NIODeadline.now() + .nanoseconds(timeout.nanoseconds)
        do {
            return (try await client.execute(outgoing, deadline: deadline), deadline, timeout)
        } catch {
            throw Self.providerError(error, url: request.url)
        }
    }

    private static func head(of response: HTTPClientResponse) -> SwitchboardKit.HTTPResponseHead {
        SwitchboardKit.HTTPResponseHead(
            status: Int(response.status.code), headers: response.headers.map { HTTPHeader($0.name, $0.value) })
    }

    private static func timedOut(_ url: String, after timeout: Duration) -> ProviderError {
        ProviderError(.timeout, "the request to \(target(of: url)) did not finish within its timeout of \(timeout)")
    }

    /// Maps AsyncHTTPClient's and NIO's errors into the taxonomy, naming the host but never the query string.
    static func providerError(_ error: any Error, url: String) -> ProviderError {
        if let error = error as? ProviderError { return error }
        let target = target(of: url)
        if error is CancellationError {
            return ProviderError(.cancelled, "the request to \(target) was cancelled")
        }
        if let error = error as? HTTPClientError {
            switch error {
            case .cancelled, .requestStreamCancelled:
                return ProviderError(.cancelled, "the request to \(target) was cancelled")
            case .connectTimeout, .tlsHandshakeTimeout, .getConnectionFromPoolTimeout:
                return ProviderError(.timeout, "connecting to \(target) timed out")
            case .readTimeout, .writeTimeout, .deadlineExceeded:
                return ProviderError(.timeout, "the request to \(target) timed out")
            case .remoteConnectionClosed:
                return ProviderError(.connection, "\(target) closed the connection before the response was complete")
            case .invalidURL, .emptyHost, .emptyScheme:
                return ProviderError(
                    .invalidRequest, "the URL \"\(SecretPolicy.redactingURL(url))\" is not usable: \(error)")
            default:
                return ProviderError(.connection, "the request to \(target) failed: \(error)")
            }
        }
        if isConnectionRefused(error) {
            return NetworkLocality(url: url)?.isLocal == true
                ? ProviderError(
                    .connection, "cannot connect to \(target) (connection refused); is the server running?",
                    reason: .serverNotRunning)
                : ProviderError(
                    .connection, "cannot connect to \(target) (connection refused)", reason: .connectionRefused)
        }
        return ProviderError(.connection, "the request to \(target) failed: \(error)")
    }

    /// Whether `error` is a refused connection (`ECONNREFUSED`), alone or as every address's failure.
    private static func isConnectionRefused(_ error: any Error) -> Bool {
        if let error = error as? IOError { return error.errnoCode == ECONNREFUSED }
        if let error = error as? NIOConnectionError {
            let failures = error.connectionErrors.map { $0.error }
            return !failures.isEmpty && failures.allSatisfy(isConnectionRefused)
        }
        return false
    }
}

extension AsyncHTTPClientTransport: CallerReadingTransport {
    /// Runs the exchange in the calling task, reading AsyncHTTPClient's body directly: no task, queue or hand-off of
    /// its own between the socket and `onChunk`. While `onChunk` has not returned, the next chunk is not read, so
    /// AsyncHTTPClient stops reading the socket and TCP's flow control slows the server.
    ///
    /// The body is held to the request's deadline by a timer on the event loop that cancels the calling task; the
    /// exchange then throws `timeout` (not `cancelled`).
    func exchange(
        _ request: HTTPRequest, onHead: (SwitchboardKit.HTTPResponseHead) -> Void,
        onChunk: ([UInt8]) async throws -> Void
    ) async throws {
        let (response, deadline, timeout) = try await start(request)
        onHead(Self.head(of: response))
        let expiry = BodyDeadline()
        let timer = withUnsafeCurrentTask { task in
            task.map { task in
                let reader = UncheckedTask(task: task)
                return client.eventLoopGroup.any().scheduleTask(deadline: deadline) { expiry.expire(reader) }
            }
        }
        defer {
            timer?.cancel()
            expiry.finish()
        }
        do {
            for try await buffer in response.body {
                try await onChunk(Array(buffer.readableBytesView))
            }
        } catch {
            throw expiry.expired
                ? Self.timedOut(request.url, after: timeout) : Self.providerError(error, url: request.url)
        }
        if expiry.expired { throw Self.timedOut(request.url, after: timeout) }
    }
}

extension AsyncHTTPClientTransport {
    /// `scheme://host:port` of `url`, never its path or query (which may carry a key).
    static func target(of url: String) -> String {
        URLComponents(string: url).map { "\($0.scheme ?? "http")://\($0.host ?? "?")\($0.port.map { ":\($0)" } ?? "")" }
            ?? "the server"
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : scaled + attoseconds / 1_000_000_000
    }
}
