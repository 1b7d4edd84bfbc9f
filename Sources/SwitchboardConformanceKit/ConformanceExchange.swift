public import SwitchboardKit

/// One request through the plugin against a replayed answer, for a plugin's own tests beyond the conformance checks:
/// what the provider answered (or the error it threw) and every request it sent on the wire.
public struct ConformanceExchange: Codable, Sendable, Hashable {
    /// What ``PluginConformance/exchange(_:answering:)`` asks the runner: the request to make and the answer the
    /// local server replays to it.
    public struct Input: Codable, Sendable, Hashable {
        /// The request the provider gets.
        public var request: ChatRequest
        /// What the server answers every request with (except the transcripts' routes).
        public var response: ReplayedResponse

        /// Creates an input.
        public init(request: ChatRequest, response: ReplayedResponse) {
            self.request = request
            self.response = response
        }
    }

    /// The provider's answer, when it answered.
    public var answer: ChatResponse?
    /// The error the provider threw, when it did.
    public var error: ProviderError?
    /// The requests the server received, in order.
    public var requests: [WireRequest]

    /// Creates an exchange.
    public init(answer: ChatResponse?, error: ProviderError?, requests: [WireRequest]) {
        self.answer = answer
        self.error = error
        self.requests = requests
    }
}
