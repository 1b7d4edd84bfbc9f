import Hummingbird
import Switchboard
import SwitchboardKit

/// The gateway keys of the configuration, and the check of a request's credentials against them.
///
/// A request presents its key as `Authorization: Bearer <key>` or `x-api-key: <key>`. Every configured key is
/// compared, each in time that depends only on the lengths, so the answer's timing does not tell how much of a
/// guess was right. Error messages never repeat what the client sent.
struct GatewayKeyring: Sendable {
    private let keys: [(key: SwitchboardConfiguration.Gateway.Key, secret: [UInt8])]

    /// Creates a keyring over `keys`.
    init(_ keys: [SwitchboardConfiguration.Gateway.Key]) {
        self.keys = keys.map { ($0, Array($0.secret.utf8)) }
    }

    /// Whether no key is configured, so every request is accepted.
    var isEmpty: Bool { keys.isEmpty }

    /// The key a request presents; nil when no key is configured.
    /// - Throws: ``APIFailure`` 401 when the request presents no key or an unknown one.
    func authenticate(_ headers: HTTPFields) throws(APIFailure) -> SwitchboardConfiguration.Gateway.Key? {
        guard !keys.isEmpty else { return nil }
        guard let presented = Self.presentedKey(headers) else {
            throw APIFailure(
                status: 401, kind: .authentication,
                "missing gateway key: send it as `Authorization: Bearer <key>` or `x-api-key: <key>`",
                code: "missing_api_key")
        }
        let bytes = Array(presented.utf8)
        var match: SwitchboardConfiguration.Gateway.Key?
        for entry in keys where Self.constantTimeEqual(entry.secret, bytes) && match == nil {
            match = entry.key
        }
        guard let match else {
            throw APIFailure(
                status: 401, kind: .authentication,
                "invalid gateway key: it matches none of the keys this gateway accepts",
                code: "invalid_api_key")
        }
        return match
    }

    /// `text` with every configured key's secret, and the credentials of every URL in it, replaced by `[redacted]`
    /// (``SecretPolicy``): for request fields and upstream errors that reach a log line or an answer, where a
    /// client may have pasted a key by mistake or an upstream quoted a URL.
    func redacting(_ text: String) -> String {
        SecretPolicy.redactingURLs(in: SecretPolicy.redacting(text, secrets: keys.map(\.key.secret)))
    }

    /// A failure whose message shows no configured key.
    func redacting(_ failure: APIFailure) -> APIFailure {
        var failure = failure
        failure.message = redacting(failure.message)
        return failure
    }

    /// The key in `x-api-key`, else the token of an `Authorization: Bearer` header.
    static func presentedKey(_ headers: HTTPFields) -> String? {
        if let key = headers[.apiKey], !key.isEmpty { return key }
        guard let authorization = headers[.authorization] else { return nil }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = String(parts[1].drop(while: \.isWhitespace))
        return token.isEmpty ? nil : token
    }

    /// Whether `lhs` and `rhs` are equal, in time that depends only on their lengths.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        var difference = UInt(bitPattern: lhs.count ^ rhs.count)
        for index in 0..<max(lhs.count, rhs.count) {
            let left = index < lhs.count ? lhs[index] : 0
            let right = index < rhs.count ? rhs[index] : 0
            difference |= UInt(left ^ right)
        }
        return difference == 0
    }
}

extension SwitchboardConfiguration.Gateway.Key {
    /// Whether the key may use a model named `name` (`provider/model`, a model id or an alias): its `models` list
    /// is absent, holds `*` or `name`, or holds `provider/*` for `name`'s provider.
    func allows(_ name: String) -> Bool {
        guard let models else { return true }
        return models.contains { pattern in
            if pattern == "*" || pattern == name { return true }
            if pattern.hasSuffix("/*") { return name.hasPrefix(pattern.dropLast()) }
            return false
        }
    }
}
