public import SwitchboardConformanceKit

extension MockHTTPServer.Response {
    /// The response a plugin package recorded for `switchboard conformance` (``ReplayedResponse``), as this server
    /// replays it.
    public init(_ replayed: ReplayedResponse) {
        self.init(
            status: replayed.status,
            headers: replayed.headers.map { ($0.name, $0.value) },
            chunks: replayed.chunks.map { chunk in
                switch chunk {
                case .bytes(let bytes): .bytes(bytes)
                case .delay(let milliseconds): .delay(.milliseconds(milliseconds))
                case .drop: .drop
                }
            }
        )
    }
}

extension WireRequest {
    /// A request this server recorded, in the form `switchboard conformance` reports it.
    public init(_ recorded: MockHTTPServer.RecordedRequest) {
        self.init(method: recorded.method, uri: recorded.uri, headers: recorded.headers, body: recorded.body)
    }
}
