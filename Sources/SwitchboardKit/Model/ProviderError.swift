/// An error from a provider, in the one taxonomy every plugin maps into.
///
/// Routing, retries and fallbacks key off ``kind``. JSON:
/// `{"kind":"rate_limited","message":"…","provider":"openai","http_status":429,"retry_after":2.5}`, and since ABI 1.1
/// an optional `"reason"` (``Reason``) that refines the kind.
public struct ProviderError: Error, Codable, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public var kind: Kind
    /// What went wrong, in words (never containing a secret).
    public var message: String
    /// The provider instance (or plugin) that failed, when known.
    public var provider: String?
    /// The HTTP status the provider answered with, when there was one.
    public var httpStatus: Int?
    /// Seconds the provider asked to wait before retrying.
    public var retryAfter: Double?
    /// What exactly went wrong within the kind, when the host knows (a refused connection); nil otherwise.
    public var reason: Reason?

    /// Creates an error.
    public init(
        _ kind: Kind, _ message: String, provider: String? = nil, httpStatus: Int? = nil, retryAfter: Double? = nil,
        reason: Reason? = nil
    ) {
        self.kind = kind
        self.message = message
        self.provider = provider
        self.httpStatus = httpStatus
        self.retryAfter = retryAfter
        self.reason = reason
    }

    /// `provider: kind: message (HTTP status; retry after n s)`, or without `provider: ` when it is not known. A
    /// failure with a ``reason`` (a refused connection) says what happened in its message, so its kind is left out.
    public var description: String {
        provider.map { "\($0): \(detail)" } ?? detail
    }

    /// The description without the provider: `kind: message (HTTP status; retry after n s)`, for a line that already
    /// names the provider.
    package var detail: String {
        var text = reason == nil ? "\(kind): \(message)" : message
        var notes: [String] = []
        if let httpStatus { notes.append("HTTP \(httpStatus)") }
        if let retryAfter { notes.append("retry after \(retryAfter.formatted2) s") }
        if !notes.isEmpty { text += " (\(notes.joined(separator: "; ")))" }
        return text
    }

    /// Whether the same request may succeed when tried again later.
    public var isRetryable: Bool {
        [.rateLimited, .overloaded, .timeout, .connection, .server, .pluginCrashed, .unavailable].contains(kind)
    }

    private enum CodingKeys: String, CodingKey {
        case kind, message, provider, httpStatus = "http_status", retryAfter = "retry_after", reason
    }

    /// A finer reason within a kind, coded as its raw string. Extensible: new reasons break no one.
    public struct Reason: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A remote host refused the connection (`connection`): worth one quick retry, then another deployment.
        public static let connectionRefused = Reason(rawValue: "connection_refused")
        /// A loopback or private address refused the connection (`connection`): no server is listening there, so
        /// the same deployment is not retried.
        public static let serverNotRunning = Reason(rawValue: "server_not_running")
    }

    /// The kind of a provider error. Extensible: new kinds break no one.
    public struct Kind: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public init(from decoder: any Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }

        /// The credentials are missing or wrong (HTTP 401).
        public static let authentication = Kind(rawValue: "authentication")
        /// The credentials may not do this (HTTP 403).
        public static let permission = Kind(rawValue: "permission")
        /// Too many requests (HTTP 429); see ``ProviderError/retryAfter``.
        public static let rateLimited = Kind(rawValue: "rate_limited")
        /// The provider is overloaded (HTTP 503, Anthropic's 529).
        public static let overloaded = Kind(rawValue: "overloaded")
        /// The request does not fit the model's context window.
        public static let contextWindowExceeded = Kind(rawValue: "context_window_exceeded")
        /// The provider's content policy refused the request or the answer.
        public static let contentPolicy = Kind(rawValue: "content_policy")
        /// The request is malformed or asks for something impossible (HTTP 400, 422).
        public static let invalidRequest = Kind(rawValue: "invalid_request")
        /// The model or endpoint does not exist (HTTP 404).
        public static let notFound = Kind(rawValue: "not_found")
        /// The request took too long.
        public static let timeout = Kind(rawValue: "timeout")
        /// The connection failed or dropped.
        public static let connection = Kind(rawValue: "connection")
        /// The provider failed (HTTP 5xx) or broke its own protocol.
        public static let server = Kind(rawValue: "server")
        /// The caller cancelled the request.
        public static let cancelled = Kind(rawValue: "cancelled")
        /// The provider or model cannot do what the request asks.
        public static let unsupported = Kind(rawValue: "unsupported")
        /// A spending limit (a `block` budget) would be exceeded; refused before any network call.
        public static let budgetExceeded = Kind(rawValue: "budget_exceeded")
        /// Raised by the host, never by a plugin: the child process running an out-of-process plugin
        /// (`isolation: process`) died during the request. Fallbacks treat it like `server`.
        public static let pluginCrashed = Kind(rawValue: "plugin_crashed")
        /// Raised by the host, never by a plugin: no candidate would take the request within the wait it allows,
        /// because each was behind an open circuit breaker (or rate limited); ``ProviderError/retryAfter`` says when
        /// to try again. The gateway answers it with 503 and `Retry-After`.
        public static let unavailable = Kind(rawValue: "unavailable")

        /// Every kind this version knows.
        public static let all: [Kind] = [
            .authentication, .permission, .rateLimited, .overloaded, .contextWindowExceeded, .contentPolicy,
            .invalidRequest, .notFound, .timeout, .connection, .server, .cancelled, .unsupported, .budgetExceeded,
            .pluginCrashed, .unavailable,
        ]
    }
}

extension Double {
    /// Up to two decimals, without trailing zeros; any value, however large or not finite, is safe to format.
    var formatted2: String {
        guard isFinite else { return String(self) }
        let scaled = (self * 100).rounded() / 100
        guard abs(scaled) < 1e15 else { return String(scaled) }
        return scaled.rounded() == scaled ? String(Int64(scaled)) : String(scaled)
    }
}
