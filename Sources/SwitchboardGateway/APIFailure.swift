import Hummingbird
import Switchboard
import SwitchboardKit

/// A request the gateway answers with an error: the HTTP status, the Switchboard error kind, a message for the
/// client (never containing a secret), and the request field at fault.
///
/// ``openAIBody`` and ``anthropicBody`` render it in the shape each client family expects; `docs/gateway.md` has
/// the table of kinds, statuses and types.
struct APIFailure: Error, Sendable, Hashable {
    /// The HTTP status.
    var status: Int
    /// The error kind, from the ``ProviderError/Kind`` taxonomy.
    var kind: ProviderError.Kind
    /// What went wrong.
    var message: String
    /// The request field at fault, such as `messages[1].content`.
    var param: String?
    /// Seconds the client should wait, sent as `Retry-After`.
    var retryAfter: Double?
    /// An error code more specific than the kind (OpenAI's `code`), such as `model_not_found`.
    var code: String?

    init(
        status: Int, kind: ProviderError.Kind, _ message: String, param: String? = nil, retryAfter: Double? = nil,
        code: String? = nil
    ) {
        self.status = status
        self.kind = kind
        self.message = message
        self.param = param
        self.retryAfter = retryAfter
        self.code = code
    }

    /// A malformed request (400).
    static func invalidRequest(_ message: String, param: String? = nil) -> APIFailure {
        APIFailure(status: 400, kind: .invalidRequest, message, param: param)
    }

    /// A request that asks for something the gateway does not offer (400).
    static func unsupported(_ message: String, param: String? = nil) -> APIFailure {
        APIFailure(status: 400, kind: .unsupported, message, param: param, code: "unsupported")
    }

    /// Any error, mapped by the host's verdict: a ``StrategyError`` by its ``StrategyError/kind``,
    /// ``StrategyError/httpStatus`` and ``StrategyError/retryAfter`` (`model` is the field at fault when there was no
    /// candidate at all), a ``ProviderError`` by its kind, cancellation as `cancelled`, anything else `server`.
    init(_ error: any Error) {
        if let failure = error as? APIFailure {
            self = failure
        } else if let error = error as? StrategyError {
            let kind = error.kind
            self.init(
                status: error.httpStatus, kind: kind, error.message, param: error.attempts.isEmpty ? "model" : nil,
                retryAfter: error.retryAfter.map(\.seconds), code: Self.code(of: kind))
        } else {
            let error = ProviderError(error, provider: nil)
            self.init(
                status: error.kind.httpStatus, kind: error.kind, error.description, retryAfter: error.retryAfter,
                code: Self.code(of: error.kind))
        }
    }

    private static func code(of kind: ProviderError.Kind) -> String? {
        switch kind {
        case .contextWindowExceeded: "context_length_exceeded"
        case .contentPolicy: "content_policy_violation"
        case .notFound: "model_not_found"
        case .rateLimited: "rate_limit_exceeded"
        case .budgetExceeded: "budget_exceeded"
        case .unsupported: "unsupported"
        case .timeout: "timeout"
        case .unavailable: "unavailable"
        default: nil
        }
    }

    /// The status in `dialect`.
    func status(in dialect: APIDialect) -> HTTPResponse.Status {
        if dialect == .anthropic && kind == .overloaded { return HTTPResponse.Status(code: 529) }
        return HTTPResponse.Status(code: status)
    }

    /// OpenAI's `error.type` for this failure.
    var openAIType: String {
        switch kind {
        case .authentication: "authentication_error"
        case .permission: "permission_error"
        case .notFound: "not_found_error"
        case .rateLimited: "rate_limit_error"
        case .budgetExceeded: "insufficient_quota"
        case .invalidRequest, .contextWindowExceeded, .contentPolicy, .unsupported: "invalid_request_error"
        case .overloaded, .unavailable, .connection, .server, .pluginCrashed, .timeout: "server_error"
        case .cancelled: "cancelled"
        default: "api_error"
        }
    }

    /// Anthropic's `error.type` for this failure.
    var anthropicType: String {
        if status == 413 { return "request_too_large" }
        switch kind {
        case .authentication: return "authentication_error"
        case .permission: return "permission_error"
        case .notFound: return "not_found_error"
        case .rateLimited, .budgetExceeded: return "rate_limit_error"
        case .invalidRequest, .contextWindowExceeded, .contentPolicy, .unsupported: return "invalid_request_error"
        case .overloaded: return "overloaded_error"
        case .timeout: return "timeout_error"
        default: return "api_error"
        }
    }

    /// `{"error":{"message","type","param","code"}}`.
    var openAIBody: JSONValue {
        [
            "error": [
                "message": .string(message), "type": .string(openAIType), "param": param.map(JSONValue.string) ?? .null,
                "code": code.map(JSONValue.string) ?? .null,
            ]
        ]
    }

    /// `{"type":"error","error":{"type","message"}}`.
    var anthropicBody: JSONValue {
        ["type": "error", "error": ["type": .string(anthropicType), "message": .string(message)]]
    }

    /// The error body in `dialect`.
    func body(in dialect: APIDialect) -> JSONValue {
        switch dialect {
        case .openAI: openAIBody
        case .anthropic: anthropicBody
        }
    }
}
