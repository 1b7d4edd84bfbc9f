import Foundation
import SwitchboardKit

/// Maps Gemini's failures into the error taxonomy: HTTP error responses and errors inside the stream.
///
/// Reads Google's error body `{"error":{"code":400,"message":…,"status":"INVALID_ARGUMENT","details":[…]}}` (also
/// wrapped in an array, as the JSON-array stream form sends it), with `google.rpc.ErrorInfo`'s `reason` and
/// `google.rpc.RetryInfo`'s `retryDelay` from `details`.
struct GeminiErrorMapper: Sendable {
    /// The provider instance, named in every error, and its secrets, scrubbed from any message a server echoes them in.
    let context: WireContext

    /// `ErrorInfo` reasons that mean the credentials are missing or wrong (Gemini answers a bad key with 400).
    private static let credentialReasons: Set<String> = [
        "API_KEY_INVALID", "API_KEY_EXPIRED", "CREDENTIALS_MISSING", "ACCESS_TOKEN_EXPIRED",
    ]

    /// The error for a non-2xx response.
    func error(head: HTTPResponseHead, body: [UInt8]) -> ProviderError {
        let details = Details(body: body)
        return error(
            status: head.status,
            details: details,
            fallbackMessage: "HTTP \(head.status) with no error message",
            retryAfter: details.retryDelay ?? HTTPErrorMapping.retryAfter(head)
        )
    }

    /// The error for an `error` member inside a stream event.
    func streamError(_ value: JSONValue) -> ProviderError {
        let details = Details(error: value)
        return error(
            status: details.code.flatMap { (400..<600).contains($0) ? $0 : nil },
            details: details,
            fallbackMessage: "the stream reported an error without a message",
            retryAfter: details.retryDelay
        )
    }

    /// `message` without the API key.
    func redacted(_ message: String) -> String {
        HTTPErrorMapping.redacting(message, secrets: context.secrets)
    }

    private func error(status: Int?, details: Details, fallbackMessage: String, retryAfter: Double?) -> ProviderError {
        let message = redacted(details.message ?? fallbackMessage)
        let kind = kind(status: status, details: details, message: message.lowercased())
        return ProviderError(kind, message, provider: context.provider, httpStatus: status, retryAfter: retryAfter)
    }

    private func kind(status: Int?, details: Details, message: String) -> ProviderError.Kind {
        if details.reason.map(Self.credentialReasons.contains) == true || details.status == "UNAUTHENTICATED"
            || status == 401 || message.contains("api key not valid")
            || message.contains("unregistered callers")
        {
            return .authentication
        }
        switch details.status ?? "" {
        case "INVALID_ARGUMENT":
            if ["exceeds the maximum number of tokens", "input token count", "maximum number of tokens allowed"]
                .contains(where: message.contains)
            {
                return .contextWindowExceeded
            }
            return .invalidRequest
        case "FAILED_PRECONDITION":
            return ["location is not supported", "enable billing", "not available in your country"]
                .contains(where: message.contains) ? .permission : .invalidRequest
        case "PERMISSION_DENIED": return .permission
        case "NOT_FOUND": return .notFound
        case "RESOURCE_EXHAUSTED": return .rateLimited
        case "INTERNAL", "UNKNOWN", "DATA_LOSS": return .server
        case "UNAVAILABLE": return .overloaded
        case "DEADLINE_EXCEEDED": return .timeout
        case "CANCELLED": return .cancelled
        default: break
        }
        switch status {
        case 429?: return .rateLimited
        case 500?: return .server
        case 503?: return .overloaded
        case 504?: return .timeout
        case let status?: return HTTPErrorMapping.kind(forStatus: status)
        case nil: return .server
        }
    }

    /// The fields of Google's error object.
    private struct Details {
        var code: Int?
        var message: String?
        var status: String?
        /// `google.rpc.ErrorInfo.reason`, e.g. `API_KEY_INVALID`.
        var reason: String?
        /// `google.rpc.RetryInfo.retryDelay` in seconds.
        var retryDelay: Double?

        init(body: [UInt8]) {
            let json = try? JSONParser.parse(body)
            if let error = json?["error"] ?? json?.arrayValue?.first?["error"] {
                self.init(error: error)
            } else {
                self.init(error: HTTPErrorMapping.vendorMessage(from: body).map(JSONValue.string) ?? .null)
            }
        }

        init(error: JSONValue) {
            if let text = error.stringValue {
                message = text
                return
            }
            code = error["code"]?.intValue
            message = error["message"]?.stringValue
            status = error["status"]?.stringValue
            for detail in error["details"]?.arrayValue ?? [] {
                let type = detail["@type"]?.stringValue ?? ""
                if type.hasSuffix("google.rpc.ErrorInfo") {
                    reason = detail["reason"]?.stringValue
                } else if type.hasSuffix("google.rpc.RetryInfo") {
                    retryDelay = detail["retryDelay"]?.stringValue.flatMap(Self.seconds)
                }
            }
        }

        /// A protobuf `Duration` in its JSON form (`"20s"`, `"1.5s"`) as seconds, capped like `Retry-After`.
        private static func seconds(_ duration: String) -> Double? {
            guard duration.hasSuffix("s"), let value = Double(duration.dropLast()), value.isFinite, value >= 0 else {
                return nil
            }
            return min(value, HTTPErrorMapping.maximumRetryAfter)
        }
    }
}
