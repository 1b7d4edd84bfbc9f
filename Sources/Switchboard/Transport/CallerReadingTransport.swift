import SwitchboardKit

/// A transport that runs an exchange in the calling task, handing each body chunk to the caller as it is read,
/// without the task and queue that ``HTTPTransport/execute(_:)``'s stream needs: ``AsyncHTTPClientTransport``.
///
/// Every exchange the host runs for a plugin goes through ``HTTPTransport/exchange(_:onHead:onChunk:)``, which takes
/// this path when the transport offers it.
protocol CallerReadingTransport: HTTPTransport {
    /// Sends `request`, gives the response's head to `onHead`, then each body chunk to `onChunk`, reading the next only
    /// once `onChunk` has returned; returns at the body's end.
    /// - Throws: ``ProviderError`` (`timeout` when the request's deadline passes, the body included); what `onChunk`
    ///   throws ends the exchange.
    func exchange(
        _ request: HTTPRequest, onHead: (HTTPResponseHead) -> Void, onChunk: ([UInt8]) async throws -> Void
    ) async throws
}

extension HTTPTransport {
    /// Runs `request`, giving its head to `onHead` and its body chunks to `onChunk` in order: in the calling task when
    /// the transport is a ``CallerReadingTransport``, else through ``execute(_:)``'s stream.
    func exchange(
        _ request: HTTPRequest, onHead: (HTTPResponseHead) -> Void, onChunk: ([UInt8]) async throws -> Void
    ) async throws {
        if let direct = self as? any CallerReadingTransport {
            return try await direct.exchange(request, onHead: onHead, onChunk: onChunk)
        }
        let response = try await execute(request)
        onHead(response.head)
        for try await chunk in response.body {
            try await onChunk(chunk)
        }
    }
}
