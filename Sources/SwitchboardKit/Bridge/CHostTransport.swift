import Foundation
import SwitchboardABI

/// The host's HTTP transport as a plugin sees it: ``HTTPTransport`` over the `http_start` / `http_cancel` services.
struct CHostTransport: HTTPTransport {
    let api: HostAPI

    func execute(_ request: HTTPRequest) async throws -> HTTPStreamingResponse {
        let exchange = CHostExchange(api: api)
        let requestJSON = WireHTTPRequest(request).jsonBytes()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                exchange.start(requestJSON: requestJSON, body: request.body, headContinuation: continuation)
            }
        } onCancel: {
            exchange.cancel()
        }
    }
}

/// The JSON form of a request handed to `http_start`.
package struct WireHTTPRequest: Sendable {
    package var method: String
    package var url: String
    package var headers: [[String]]
    package var timeoutMilliseconds: Int?

    /// The SDK's request in its wire form.
    package init(_ request: HTTPRequest) {
        method = request.method
        url = request.url
        headers = request.headers.map { [$0.name, $0.value] }
        timeoutMilliseconds = request.timeout.map {
            Int($0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000)
        }
    }

    /// The wire form as the SDK's request, with `body`.
    package func request(body: [UInt8]) -> HTTPRequest {
        HTTPRequest(
            method: method,
            url: url,
            headers: headers.compactMap { $0.count == 2 ? HTTPHeader($0[0], $0[1]) : nil },
            body: body,
            timeout: timeoutMilliseconds.map { .milliseconds($0) }
        )
    }
}

/// One exchange in flight through the host: the sink's context, turning C callbacks into a head and a body stream.
///
/// The body waits in a ``ChunkQueue``. With a host that can resume an exchange (ABI 1.2), the sink answers
/// `on_body_paced` with a pause once the queue holds its limit, and calls `http_resume` when the provider has taken
/// the body: a provider that reads slowly (because its own consumer does) slows the host's read of the response.
final class CHostExchange: Sendable {
    private enum Phase {
        case idle
        case awaitingHead(CheckedContinuation<HTTPStreamingResponse, any Error>)
        case streaming
        case ended
    }

    private struct State {
        var phase: Phase = .idle
        var id: swb_http_id = 0
        var cancelRequested = false
    }

    private let api: HostAPI
    private let state = Locked(State())
    private let body: ChunkQueue

    init(api: HostAPI) {
        self.api = api
        body = api.canResumeExchanges ? ChunkQueue() : ChunkQueue(limit: .max)
    }

    func start(
        requestJSON: [UInt8], body requestBody: [UInt8],
        headContinuation: CheckedContinuation<HTTPStreamingResponse, any Error>
    ) {
        let alreadyCancelled = state.withLock { state in
            state.phase = .awaitingHead(headContinuation)
            return state.cancelRequested
        }
        if alreadyCancelled {
            end(error: ProviderError(.cancelled, "the request was cancelled before it started"))
            return
        }
        body.onResume { [weak self] in self?.resume() }
        // The sink's context holds a retained reference, released by `on_end`.
        var sink = swb_http_sink(
            struct_size: UInt32(MemoryLayout<swb_http_sink>.size),
            context: Unmanaged.passRetained(self).toOpaque(),
            on_head: { context, status, headersJSON, length in
                CHostExchange.from(context).receiveHead(status: Int(status), headersJSON: headersJSON, length: length)
            },
            on_body: { context, bytes, length in
                CHostExchange.from(context).receiveBody(UnsafeBufferPointer(start: bytes, count: length))
            },
            on_end: { context, errorJSON, length in
                let exchange = Unmanaged<CHostExchange>.fromOpaque(context!).takeRetainedValue()
                exchange.receiveEnd(errorJSON: errorJSON, length: length)
            },
            on_body_paced: api.canResumeExchanges
                ? { context, bytes, length in
                    CHostExchange.from(context).body.append(Array(UnsafeBufferPointer(start: bytes, count: length)))
                        ? SWB_FLOW_CONTINUE : SWB_FLOW_PAUSE
                } : nil
        )
        let id = JSONCoding.withBuffer(requestJSON) { requestPointer, requestLength in
            requestBody.withUnsafeBufferPointer { bodyBuffer in
                api.table.pointee.http_start(
                    api.context,
                    requestPointer,
                    requestLength,
                    bodyBuffer.baseAddress,
                    bodyBuffer.count,
                    &sink
                )
            }
        }
        let cancelNow = state.withLock { state in
            state.id = id
            return state.cancelRequested
        }
        if cancelNow { api.table.pointee.http_cancel(api.context, id) }
    }

    func cancel() {
        let id = state.withLock { state in
            state.cancelRequested = true
            if case .ended = state.phase { return 0 as swb_http_id }
            return state.id
        }
        if id != 0 { api.table.pointee.http_cancel(api.context, id) }
    }

    private func resume() {
        let id = state.withLock { state in
            if case .ended = state.phase { return 0 as swb_http_id }
            return state.id
        }
        if id != 0 { api.table.pointee.http_resume?(api.context, id) }
    }

    private static func from(_ context: UnsafeMutableRawPointer?) -> CHostExchange {
        Unmanaged<CHostExchange>.fromOpaque(context!).takeUnretainedValue()
    }

    private func receiveHead(status: Int, headersJSON: UnsafePointer<CChar>, length: Int) {
        let json = UnsafeRawBufferPointer(start: headersJSON, count: length)
        let headers = (try? WireHTTPRequest.headers(jsonBytes: json)) ?? []
        let continuation: CheckedContinuation<HTTPStreamingResponse, any Error>? = state.withLock { state in
            guard case .awaitingHead(let continuation) = state.phase else { return nil }
            state.phase = .streaming
            return continuation
        }
        let stream = body.stream(finished: { [weak self] in self?.cancel() })
        continuation?.resume(
            returning: HTTPStreamingResponse(head: HTTPResponseHead(status: status, headers: headers), body: stream))
    }

    private func receiveBody(_ bytes: UnsafeBufferPointer<UInt8>) {
        body.append(Array(bytes))
    }

    private func receiveEnd(errorJSON: UnsafePointer<CChar>?, length: Int) {
        let error: ProviderError? = errorJSON.map { pointer in
            JSONCoding.decodeError(from: pointer, count: length)
                ?? ProviderError(.connection, "the host transport failed with an undecodable error")
        }
        end(error: error)
    }

    private func end(error: ProviderError?) {
        let continuation: CheckedContinuation<HTTPStreamingResponse, any Error>? = state.withLock { state in
            defer { state.phase = .ended }
            if case .awaitingHead(let continuation) = state.phase { return continuation }
            return nil
        }
        if let continuation {
            continuation.resume(
                throwing: error ?? ProviderError(.connection, "the connection ended before a response arrived"))
        }
        body.end(error)
    }
}
