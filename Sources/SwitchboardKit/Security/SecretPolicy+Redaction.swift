import Foundation

extension SecretPolicy {
    /// `url` with its credentials replaced by `mask`: the userinfo's password (the whole userinfo when it has no
    /// `:`), and the value of every key-like query or fragment parameter (see ``isSecretQueryParameter(_:)``).
    ///
    /// `https://user:pw@host/v1?key=abc&alt=sse` becomes `https://user:[redacted]@host/v1?key=[redacted]&alt=sse`.
    /// Any text is accepted: what does not parse as a URL is treated as a path with an optional query, and nothing
    /// is dropped but secrets.
    /// - Parameters:
    ///   - url: a URL, or any text that may be one.
    ///   - mask: what replaces each secret.
    public static func redactingURL(_ url: String, mask: String = redacted) -> String {
        var result = ""
        var rest = Substring(url)
        if let separator = rest.range(of: "://") {
            result += rest[..<separator.upperBound]
            rest = rest[separator.upperBound...]
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            if let at = authority.lastIndex(of: "@") {
                let userinfo = authority[..<at]
                if let colon = userinfo.firstIndex(of: ":") {
                    result += userinfo[...colon] + mask
                } else if !userinfo.isEmpty {
                    result += mask
                }
                result += authority[at...]
            } else {
                result += authority
            }
            rest = rest[authorityEnd...]
        }
        let fragmentStart = rest.firstIndex(of: "#") ?? rest.endIndex
        var beforeFragment = rest[..<fragmentStart]
        if let question = beforeFragment.firstIndex(of: "?") {
            result += beforeFragment[...question]
            beforeFragment = beforeFragment[beforeFragment.index(after: question)...]
            result += redactingParameters(beforeFragment, mask: mask)
        } else {
            result += beforeFragment
        }
        if fragmentStart < rest.endIndex {
            let fragment = rest[rest.index(after: fragmentStart)...]
            result += "#" + (fragment.contains("=") ? redactingParameters(fragment, mask: mask) : String(fragment))
        }
        return result
    }

    /// `a=1&key=abc` with the values of secret parameters replaced by `mask`.
    private static func redactingParameters(_ query: Substring, mask: String) -> String {
        query.split(separator: "&", omittingEmptySubsequences: false).map { parameter -> String in
            guard let equals = parameter.firstIndex(of: "=") else { return String(parameter) }
            let name = parameter[..<equals]
            let decoded = name.removingPercentEncoding ?? String(name)
            return isSecretQueryParameter(decoded) ? name + "=" + mask : String(parameter)
        }.joined(separator: "&")
    }

    /// `text` (a log line, an error message) with the credentials of every URL in it replaced by `mask` (see
    /// ``redactingURL(_:mask:)``), and the credential after `Bearer ` or `Basic ` too.
    ///
    /// A URL is any run of characters other than whitespace, quotes, `<`, `>` and backticks that contains `://` or
    /// a `?` followed by a parameter.
    public static func redactingURLs(in text: String, mask: String = redacted) -> String {
        guard
            text.contains("://") || text.contains("?") || text.contains("Bearer ") || text.contains("Basic ")
                || text.contains("bearer ")
        else { return text }
        var result = ""
        var token = ""
        var maskNext = false
        func flush() {
            guard !token.isEmpty else { return }
            if maskNext {
                result += mask
                maskNext = false
            } else if token.contains("://") || (token.contains("?") && token.contains("=")) {
                result += redactingURL(token, mask: mask)
            } else {
                result += token
            }
            if ["Bearer", "bearer", "Basic"].contains(token) { maskNext = true }
            token = ""
        }
        for character in text {
            if character.isWhitespace || "\"'<>`".contains(character) {
                flush()
                // Only `Bearer <credential>` separated by spaces masks the next word.
                if character != " " { maskNext = false }
                result.append(character)
            } else {
                token.append(character)
            }
        }
        flush()
        return result
    }

    /// The values of the credential headers among `headers` (``isCredentialHeader(_:)``), and the credential alone
    /// after an auth scheme (`Bearer sk-…` gives both), for redacting what a server echoes.
    public static func credentialValues(in headers: [HTTPHeader]) -> [String] {
        headers.filter { isCredentialHeader($0.name) }.flatMap { header -> [String] in
            let parts = header.value.split(separator: " ", maxSplits: 1)
            return parts.count == 2 ? [header.value, String(parts[1])] : [header.value]
        }.filter { $0.count >= 4 }
    }

    /// `text` with every occurrence of each secret value that is not empty (an API key a server echoed, a credential
    /// a CLI printed) replaced by ``redacted``.
    public static func redacting(_ text: String, secrets: some Sequence<String>) -> String {
        secrets.filter { !$0.isEmpty }.reduce(text) { $0.replacingOccurrences(of: $1, with: redacted) }
    }
}
