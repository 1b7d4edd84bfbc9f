public import SwitchboardKit

/// An HTTP failure the ``ConformanceCheck/errors`` check drives through the provider, with the kind it must become.
public enum HTTPFailure: String, CaseIterable, Sendable, CustomStringConvertible {
    /// 401: a missing or wrong API key.
    case unauthorized
    /// 403: a key without access to the model or the feature.
    case forbidden
    /// 404: an unknown model or endpoint.
    case notFound
    /// 429 with `retry-after: 7`.
    case rateLimited
    /// 400: the prompt does not fit the model's context window.
    case contextWindowExceeded
    /// 500: the provider failed.
    case serverError
    /// 503: the provider is overloaded.
    case unavailable

    /// The status code sent.
    public var status: Int {
        switch self {
        case .unauthorized: 401
        case .forbidden: 403
        case .notFound: 404
        case .rateLimited: 429
        case .contextWindowExceeded: 400
        case .serverError: 500
        case .unavailable: 503
        }
    }

    /// The kind the provider must map the failure to.
    public var expectedKind: ProviderError.Kind {
        switch self {
        case .unauthorized: .authentication
        case .forbidden: .permission
        case .notFound: .notFound
        case .rateLimited: .rateLimited
        case .contextWindowExceeded: .contextWindowExceeded
        case .serverError: .server
        case .unavailable: .overloaded
        }
    }

    /// The `retry-after` seconds sent with ``rateLimited``, which the error must carry.
    public static let retryAfterSeconds = 7

    public var description: String { "HTTP \(status) (\(rawValue))" }
}
