import Hummingbird

/// The header names the gateway reads and writes beyond the standard ones.
extension HTTPFields.Element.Name {
    /// `x-request-id`: the request id of every chat response, as it appears in the logs.
    static let requestID = Self("x-request-id")!
    /// `x-switchboard-provider`: the provider instance that answered a non-streaming request.
    static let switchboardProvider = Self("x-switchboard-provider")!
    /// `x-switchboard-model`: the model that answered a non-streaming request.
    static let switchboardModel = Self("x-switchboard-model")!
    /// `x-switchboard-cost-usd`: what a non-streaming request cost in US dollars, every attempt together, as the
    /// host priced it and the usage ledger records it.
    static let switchboardCostUSD = Self("x-switchboard-cost-usd")!
    /// `x-api-key`: Anthropic clients' way to present a key.
    static let apiKey = Self("x-api-key")!
    /// `anthropic-version`: sent by Anthropic clients; selects Anthropic's shape for `GET /v1/models`.
    static let anthropicVersion = Self("anthropic-version")!
    /// `retry-after-ms`: the wait `Retry-After` gives in whole seconds, in milliseconds; the official OpenAI and
    /// Anthropic SDKs read it before `Retry-After`.
    static let retryAfterMs = Self("retry-after-ms")!
}
