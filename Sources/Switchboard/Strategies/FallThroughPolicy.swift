public import SwitchboardKit

/// Which failures a strategy falls through, and to which of the remaining candidates.
///
/// Each failure either stops the strategy or adds a constraint on the candidates still to try; constraints
/// accumulate over the attempts:
///
/// | kind | falls through to |
/// |---|---|
/// | `timeout`, `server`, `plugin_crashed` | any candidate |
/// | `connection`, `rate_limited`, `overloaded` | only another provider (deployment): its other models share the dead endpoint or the exhausted limit |
/// | `not_found`, `unsupported` | any candidate |
/// | `context_window_exceeded` | only a model with a larger known context window than the failed one |
/// | `content_policy` | only another provider |
/// | `authentication`, `permission`, `invalid_request` | only another provider |
/// | any kind this version does not know | only another provider |
/// | `cancelled` | nothing: the strategy stops |
///
/// A candidate a `routing.fallbacks` chain names is admitted even from an excluded provider (the chain says where
/// to go), but never below the context window a `context_window_exceeded` asked for.
public struct FallThroughPolicy: Sendable {
    private var excludedProviders: Set<String> = []
    private var minimumContextWindow: Int?

    /// A policy with no constraint yet.
    public init() {}

    /// Records that `candidate` failed with `error`.
    /// - Returns: whether the strategy may go on to another candidate.
    public mutating func record(_ error: ProviderError, from candidate: RouteCandidate) -> Bool {
        switch error.kind {
        case .timeout, .server, .pluginCrashed, .notFound, .unsupported:
            return true
        case .connection, .rateLimited, .overloaded:
            excludedProviders.insert(candidate.provider)
            return true
        case .cancelled:
            return false
        case .contextWindowExceeded:
            let failed = candidate.model.contextWindow ?? Int.max
            minimumContextWindow = max(minimumContextWindow ?? 0, failed == Int.max ? failed : failed + 1)
            return true
        default:
            excludedProviders.insert(candidate.provider)
            return true
        }
    }

    /// Records that `candidate`'s deployment does not take requests now (``Attempt/Outcome/unavailable(_:)``): its
    /// other models are not tried either.
    package mutating func recordUnavailable(_ candidate: RouteCandidate) {
        excludedProviders.insert(candidate.provider)
    }

    /// Whether `candidate` may still be tried after the failures recorded so far.
    /// - Parameter explicitly: whether a fallback chain names the candidate, which lifts the provider exclusion.
    package func admits(_ candidate: RouteCandidate, explicitly: Bool = false) -> Bool {
        if !explicitly && excludedProviders.contains(candidate.provider) { return false }
        if let minimumContextWindow {
            guard let window = candidate.model.contextWindow, window >= minimumContextWindow else { return false }
        }
        return true
    }
}
