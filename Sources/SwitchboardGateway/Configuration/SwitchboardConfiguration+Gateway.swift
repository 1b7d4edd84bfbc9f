public import Switchboard

extension SwitchboardConfiguration {
    /// The OpenAI- and Anthropic-compatible HTTP gateway that `switchboard serve` runs (the `gateway` section).
    ///
    /// `docs/gateway.md` describes what each setting does at run time; ``schema`` declares each key once (its reader,
    /// rendering, template and docs table). The section exists only where it is registered:
    /// `ConfigurationLoader(sections: [.gateway])`.
    public struct Gateway: Sendable, Equatable {
        /// The address to listen on. Default: `127.0.0.1`.
        public var host: String
        /// The TCP port; 0 picks a free one. Default: 8080.
        public var port: Int
        /// The keys clients authenticate with. With none, the gateway accepts every request, and refuses to listen on
        /// a non-loopback address unless ``allowUnauthenticatedNonLoopback`` is set.
        public var keys: [Key]
        /// Lets the gateway listen on a non-loopback address without keys. Default: false.
        public var allowUnauthenticatedNonLoopback: Bool
        /// The largest request body accepted, in bytes; larger ones are answered 413. Default: 10 MiB.
        public var maxBodyBytes: Int
        /// The largest request head accepted (the target and every header field's name and value), in bytes; larger
        /// ones are answered 431 and the connection is closed. Default: 32 KiB.
        public var maxHeaderBytes: Int
        /// The most messages one chat request may carry; more are answered 400. Default: 1 000.
        public var maxMessages: Int
        /// The largest output limit (`max_tokens`, `max_completion_tokens`) a request may ask for; larger ones are
        /// answered 400. Nil (the default) for no limit beyond the model's.
        public var maxOutputTokens: Int?
        /// The most streamed answers one key may have open at once (without keys: all clients together); more are
        /// answered 429. A key's own `max_concurrent_streams` overrides it. Nil (the default) for no limit.
        public var maxConcurrentStreamsPerKey: Int?
        /// How long a connection may take to deliver a complete request head, counted from when it opened or from the
        /// end of its previous response, in milliseconds; then it is closed (slow clients, idle keep-alive).
        /// Default: 10 000.
        public var requestHeaderTimeoutMs: Int
        /// How long a request may take to deliver its body after its head, in milliseconds; then the connection is
        /// closed. Default: 30 000.
        public var requestBodyTimeoutMs: Int
        /// How long a graceful shutdown waits for in-flight requests and streams before cancelling them, in
        /// milliseconds. Default: 30 000.
        public var shutdownTimeoutMs: Int
        /// Model names that run the router and a strategy instead of naming one model, in file order.
        /// Default: one alias, `auto`, with no requirements and the `routing.strategy`.
        public var aliases: [Alias]

        /// Creates gateway settings; every argument has a default.
        public init(
            host: String = "127.0.0.1",
            port: Int = 8080,
            keys: [Key] = [],
            allowUnauthenticatedNonLoopback: Bool = false,
            maxBodyBytes: Int = 10 * 1024 * 1024,
            shutdownTimeoutMs: Int = 30_000,
            aliases: [Alias] = [Alias(name: "auto")],
            maxHeaderBytes: Int = 32 * 1024,
            maxMessages: Int = 1_000,
            maxOutputTokens: Int? = nil,
            maxConcurrentStreamsPerKey: Int? = nil,
            requestHeaderTimeoutMs: Int = 10_000,
            requestBodyTimeoutMs: Int = 30_000
        ) {
            self.host = host
            self.port = port
            self.keys = keys
            self.allowUnauthenticatedNonLoopback = allowUnauthenticatedNonLoopback
            self.maxBodyBytes = maxBodyBytes
            self.shutdownTimeoutMs = shutdownTimeoutMs
            self.aliases = aliases
            self.maxHeaderBytes = maxHeaderBytes
            self.maxMessages = maxMessages
            self.maxOutputTokens = maxOutputTokens
            self.maxConcurrentStreamsPerKey = maxConcurrentStreamsPerKey
            self.requestHeaderTimeoutMs = requestHeaderTimeoutMs
            self.requestBodyTimeoutMs = requestBodyTimeoutMs
        }

        /// The most streams `key` may have open at once: its own `max_concurrent_streams`, else
        /// ``maxConcurrentStreamsPerKey``; nil for no limit.
        public func streamLimit(for key: Key?) -> Int? {
            key?.maxConcurrentStreams ?? maxConcurrentStreamsPerKey
        }

        /// The alias named `name`, if any.
        public func alias(named name: String) -> Alias? {
            aliases.first { $0.name == name }
        }

        /// A key clients present as `Authorization: Bearer …` or `x-api-key: …` (a `gateway.keys` entry).
        public struct Key: Sendable, Equatable, CustomStringConvertible {
            /// The key's name: shown in logs and tagged on requests as `key:<name>`. Never the secret.
            public var name: String
            /// The secret value clients send. Never printed or logged.
            public var secret: String
            /// The models the key may use: `provider/model`, `provider/*`, a bare model id, an alias name, or `*`.
            /// Nil allows every model.
            public var models: [String]?
            /// The most requests per minute the key may make; nil for no limit.
            public var requestsPerMinute: Int?
            /// The most streamed answers the key may have open at once; nil for the gateway's
            /// ``Gateway/maxConcurrentStreamsPerKey``.
            public var maxConcurrentStreams: Int?

            /// Creates a key.
            public init(
                name: String, secret: String, models: [String]? = nil, requestsPerMinute: Int? = nil,
                maxConcurrentStreams: Int? = nil
            ) {
                self.name = name
                self.secret = secret
                self.models = models
                self.requestsPerMinute = requestsPerMinute
                self.maxConcurrentStreams = maxConcurrentStreams
            }

            /// The key's name and limits, without its secret.
            public var description: String {
                "Key(name: \(name), models: \(models.map { $0.joined(separator: ", ") } ?? "*"), "
                    + "requests_per_minute: \(requestsPerMinute.map(String.init) ?? "unlimited"), "
                    + "max_concurrent_streams: \(maxConcurrentStreams.map(String.init) ?? "default"))"
            }
        }

        /// A model name that routes (a `gateway.aliases` entry); the host's router reads it.
        public typealias Alias = SwitchboardConfiguration.RoutingAlias
    }
}
