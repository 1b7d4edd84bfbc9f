public import Foundation

/// Maps HTTP failures into the error taxonomy; plugins refine it with what their vendor's bodies say.
public enum HTTPErrorMapping {
    /// The kind an HTTP status means when the body says nothing more specific.
    public static func kind(forStatus status: Int) -> ProviderError.Kind {
        switch status {
        case 401: .authentication
        case 402, 403: .permission
        case 404: .notFound
        case 408: .timeout
        case 413: .invalidRequest
        case 429: .rateLimited
        case 503, 529: .overloaded
        case 504: .timeout
        case 500..<600: .server
        default: .invalidRequest
        }
    }

    /// Seconds to wait, from `retry-after-ms`, or `retry-after` as seconds or an HTTP date.
    /// - Parameter now: the current time, for HTTP dates.
    public static func retryAfter(_ head: HTTPResponseHead, now: Date = Date()) -> Double? {
        if let milliseconds = head[header: "retry-after-ms"].flatMap({
            decimal($0.trimmingCharacters(in: .whitespaces))
        }) {
            return min(milliseconds / 1000, maximumRetryAfter)
        }
        guard let value = head[header: "retry-after"]?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = decimal(value) { return min(seconds, maximumRetryAfter) }
        guard let date = HTTPDate.parse(value) else { return nil }
        return min(max(0, date.timeIntervalSince(now)), maximumRetryAfter)
    }

    /// The longest wait a server may ask for (one day); longer requests are capped so the value stays usable.
    public static let maximumRetryAfter: Double = 86_400

    /// A non-negative number of ASCII digits with an optional fraction (RFC 9110's `delay-seconds` allows only
    /// digits; `retry-after-ms` values are sometimes fractional). Rejects signs, hex, `inf` and `nan`.
    private static func decimal(_ text: String) -> Double? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty,
            whole.allSatisfy({ $0.isASCII && $0.isNumber }),
            parts.count == 1 || (!parts[1].isEmpty && parts[1].allSatisfy { $0.isASCII && $0.isNumber })
        else { return nil }
        return Double(text).flatMap { $0.isFinite ? $0 : nil } ?? maximumRetryAfter
    }

    /// A ``ProviderError`` for a non-2xx response, with the vendor's `error.message` (or `error` string, or body) as
    /// message and the status's kind.
    public static func error(
        head: HTTPResponseHead,
        body: [UInt8],
        provider: String,
        kind: ProviderError.Kind? = nil
    ) -> ProviderError {
        ProviderError(
            kind ?? Self.kind(forStatus: head.status),
            vendorMessage(from: body) ?? "HTTP \(head.status) with no error message",
            provider: provider,
            httpStatus: head.status,
            retryAfter: retryAfter(head)
        )
    }

    /// A ``ProviderError`` for a non-2xx response whose vendor error code refines the status's kind.
    ///
    /// The kind is `codes[code]` for the body's `error.code` (or `error.type`), else the status's kind; the message
    /// is the vendor's (see ``vendorMessage(from:)``) with every secret redacted.
    /// - Parameters:
    ///   - codes: the vendor's error codes and the kinds they mean, e.g. `["context_length_exceeded":
    ///     .contextWindowExceeded]`.
    ///   - secrets: values never to show, such as the API key, which some servers echo in their messages.
    public static func error(
        head: HTTPResponseHead,
        body: [UInt8],
        provider: String,
        codes: [String: ProviderError.Kind],
        secrets: [String?]
    ) -> ProviderError {
        var error = error(
            head: head, body: body, provider: provider, kind: vendorCode(from: body).flatMap { codes[$0] })
        error.message = redacting(error.message, secrets: secrets.compactMap { $0 })
        return error
    }

    /// A ``WireProtocol``'s error mapper built on ``error(head:body:provider:codes:secrets:)``: the status's kind
    /// refined by the vendor's `codes`, the vendor's message with the instance's secrets redacted.
    public static func mapper(
        codes: [String: ProviderError.Kind] = [:]
    ) -> @Sendable (HTTPResponseHead, [UInt8], WireContext) -> ProviderError {
        { head, body, context in context.error(head, body, codes: codes) }
    }

    /// The machine-readable code in a vendor's JSON error body: `error.code` (a string), else `error.type`.
    public static func vendorCode(from body: [UInt8]) -> String? {
        guard let error = (try? JSONDecoder().decode(JSONValue.self, from: Data(body)))?["error"] else { return nil }
        return error["code"]?.stringValue ?? error["type"]?.stringValue
    }

    /// `text` with every occurrence of each non-empty secret (an API key a server echoed, a credential a CLI printed)
    /// replaced by `[redacted]`, and the credentials of every URL in it too (``SecretPolicy/redactingURLs(in:mask:)``).
    public static func redacting(_ text: String, secrets: [String]) -> String {
        SecretPolicy.redactingURLs(in: SecretPolicy.redacting(text, secrets: secrets))
    }

    /// The human message in a vendor's JSON error body: `error.message`, `error` (a string), or `message`;
    /// otherwise the body's first 500 characters.
    public static func vendorMessage(from body: [UInt8]) -> String? {
        if let json = try? JSONDecoder().decode(JSONValue.self, from: Data(body)) {
            if let message = json["error"]?["message"]?.stringValue { return message }
            if let message = json["error"]?.stringValue { return message }
            if let message = json["message"]?.stringValue { return message }
        }
        let text = String(String(decoding: body, as: UTF8.self).prefix(500)).trimmingCharacters(
            in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}

/// Parses the three date formats HTTP allows (RFC 9110 §5.6.7).
enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// `Sun, 06 Nov 1994 08:49:37 GMT`, `Sunday, 06-Nov-94 08:49:37 GMT` or `Sun Nov  6 08:49:37 1994`.
    static func parse(_ text: String) -> Date? {
        let words = text.replacingOccurrences(of: "-", with: " ").split(whereSeparator: { $0 == " " || $0 == "," })
        guard words.count >= 5 else { return nil }
        var day: Int?
        var month: Int?
        var year: Int?
        var time: [Int]?
        for word in words.dropFirst() {
            let lowered = word.lowercased()
            if let index = months.firstIndex(of: String(lowered.prefix(3))), lowered.count >= 3, Int(lowered) == nil {
                month = index + 1
            } else if word.contains(":") {
                let parts = word.split(separator: ":").compactMap { Int($0) }
                if parts.count == 3, parts[0] < 24, parts[1] < 60, parts[2] <= 60, parts.allSatisfy({ $0 >= 0 }) {
                    time = parts
                }
            } else if let number = Int(word) {
                if day == nil && number <= 31 && word.count <= 2 {
                    day = number
                } else {
                    year = word.count == 2 ? (number < 70 ? 2000 + number : 1900 + number) : number
                }
            }
        }
        // Out-of-range figures are no date (and would overflow the arithmetic below).
        guard let day, let month, let year, (1...9999).contains(year), let time else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Double(days) * 86_400 + Double(time[0] * 3600 + time[1] * 60 + time[2])
        return Date(timeIntervalSince1970: seconds)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
