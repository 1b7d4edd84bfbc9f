extension SwitchboardConfiguration {
    /// A fallback chain (`routing.fallbacks` entry): when `from` fails with one of `on`, try `to` in order.
    public struct Fallback: Sendable, Equatable {
        /// The provider or provider/model that fails.
        public var from: Target
        /// What to try instead, in order.
        public var to: [Target]
        /// The error kinds that trigger the fallback; `nil` means any error that can be retried elsewhere.
        public var on: [ErrorKind]?

        /// Creates a fallback chain.
        public init(from: Target, to: [Target], on: [ErrorKind]? = nil) {
            self.from = from
            self.to = to
            self.on = on
        }
    }

    /// A provider instance, optionally narrowed to one model: written `provider` or `provider/model`.
    public struct Target: Sendable, Hashable, CustomStringConvertible {
        /// The provider instance name.
        public var provider: String
        /// The model id (which may itself contain `/`), or `nil` for any model of the provider.
        public var model: String?

        /// Creates a target.
        public init(provider: String, model: String? = nil) {
            self.provider = provider
            self.model = model
        }

        /// Parses `provider` or `provider/model` (split at the first `/`).
        /// - Parameter text: The text as written.
        public init(parsing text: String) {
            if let slash = text.firstIndex(of: "/") {
                provider = String(text[..<slash])
                let rest = String(text[text.index(after: slash)...])
                model = rest.isEmpty ? nil : rest
            } else {
                provider = text
                model = nil
            }
        }

        /// `provider` or `provider/model`.
        public var description: String { model.map { "\(provider)/\($0)" } ?? provider }
    }

    /// The kind of a provider error, as fallbacks name it.
    public enum ErrorKind: String, Sendable, Hashable, CaseIterable {
        /// Bad or missing credentials.
        case authentication
        /// The credentials lack permission.
        case permission
        /// Too many requests.
        case rateLimited = "rate_limited"
        /// The provider is overloaded.
        case overloaded
        /// The prompt does not fit the context window.
        case contextWindowExceeded = "context_window_exceeded"
        /// Refused by a content policy.
        case contentPolicy = "content_policy"
        /// The request is malformed.
        case invalidRequest = "invalid_request"
        /// Model or resource not found.
        case notFound = "not_found"
        /// The request timed out.
        case timeout
        /// The connection failed.
        case connection
        /// The provider failed (5xx).
        case server
        /// The request was cancelled.
        case cancelled
        /// The provider does not support the request.
        case unsupported
        /// A `block` budget would be exceeded.
        case budgetExceeded = "budget_exceeded"
        /// An out-of-process plugin's child process died.
        case pluginCrashed = "plugin_crashed"
    }
}

extension SwitchboardConfiguration.Fallback {
    /// A `routing.fallbacks` entry's keys.
    package static let schema = ConfigurationSchema<Self>(
        "routing.fallbacks[]", what: "a fallback chain (`from`, `to`, `on`)", doc: [],
        defaults: Self(from: SwitchboardConfiguration.Target(provider: ""), to: []),
        keys: [
            ConfigurationKey(
                "from", type: "target",
                doc: "The `provider` or `provider/model` that fails (the model part may itself contain `/`).",
                required: "name the provider or `provider/model` that fails", defaultText: "required",
                read: { reader, fallback in if let target = reader.target() { fallback.from = target } },
                render: { .string($0.from.description) }),
            ConfigurationKey(
                "to", type: "target or list of targets",
                doc: "What to try instead, in order: `provider` or `provider/model`.",
                required: "list the providers or `provider/model`s to try instead", defaultText: "required",
                read: { reader, fallback in fallback.to = readTargets(reader) },
                render: { .list($0.to.map { .string($0.description) }) }),
            .enumerations(
                "on", \.on, what: "error kind",
                doc: "The error kinds that move to the chain.", defaultText: "any kind but `cancelled`"),
        ])

    private static func readTargets(_ reader: ConfigurationReader) -> [SwitchboardConfiguration.Target] {
        if reader.isScalar { return reader.target().map { [$0] } ?? [] }
        let elements = reader.elements(what: "targets (`provider` or `provider/model`)")
        if elements.isEmpty && reader.isList {
            reader.fail(
                .invalidValue, "`to` is empty: list at least one `provider` or `provider/model` to fall back to")
        }
        return elements.compactMap { $0.target() }
    }
}
