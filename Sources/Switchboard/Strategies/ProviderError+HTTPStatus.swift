public import SwitchboardKit

extension ProviderError.Kind {
    /// The HTTP status an API answers a failure of this kind with: 401, 403, 404, 429 (`rate_limited`,
    /// `budget_exceeded`), 400 (a request that cannot succeed), 499 (`cancelled`), 502 (the upstream failed), 503
    /// (`overloaded`, `unavailable`), 504 (`timeout`), else 500. `docs/gateway.md` has the table.
    public var httpStatus: Int {
        switch self {
        case .authentication: 401
        case .permission: 403
        case .notFound: 404
        case .rateLimited, .budgetExceeded: 429
        case .invalidRequest, .contextWindowExceeded, .contentPolicy, .unsupported: 400
        case .cancelled: 499
        case .connection, .server, .pluginCrashed: 502
        case .overloaded, .unavailable: 503
        case .timeout: 504
        default: 500
        }
    }
}
