import Foundation
@testable import SwitchboardKit
import Testing

@Suite("HTTP error mapping")
struct HTTPErrorMappingTests {
    static func head(_ status: Int = 429, _ headers: [(String, String)] = []) -> HTTPResponseHead {
        HTTPResponseHead(status: status, headers: headers.map { HTTPHeader($0.0, $0.1) })
    }

    /// Sun, 06 Nov 1994 08:49:37 GMT, RFC 9110's example date.
    static let rfcExample = Date(timeIntervalSince1970: 784_111_777)

    // MARK: kind(forStatus:)

    @Test(
        "each status maps to its kind",
        arguments: [
            (401, ProviderError.Kind.authentication), (402, .permission), (403, .permission), (404, .notFound),
            (408, .timeout),
            (413, .invalidRequest), (422, .invalidRequest), (429, .rateLimited), (500, .server), (502, .server),
            (503, .overloaded),
            (504, .timeout), (529, .overloaded), (418, .invalidRequest), (400, .invalidRequest), (409, .invalidRequest),
            (501, .server), (599, .server),
        ])
    func kindForStatus(status: Int, kind: ProviderError.Kind) {
        #expect(HTTPErrorMapping.kind(forStatus: status) == kind)
    }

    // MARK: retryAfter

    @Test(
        "retry-after in seconds, any header case, whitespace trimmed",
        arguments: [
            ("retry-after", "2", 2.0), ("Retry-After", "30", 30), ("RETRY-AFTER", " 1.5 ", 1.5),
            ("retry-after", "0", 0),
        ])
    func retryAfterSeconds(name: String, value: String, seconds: Double) {
        #expect(HTTPErrorMapping.retryAfter(Self.head(429, [(name, value)])) == seconds)
    }

    @Test("retry-after-ms is milliseconds and wins over retry-after")
    func retryAfterMilliseconds() {
        #expect(HTTPErrorMapping.retryAfter(Self.head(429, [("retry-after-ms", "250")])) == 0.25)
        #expect(
            HTTPErrorMapping.retryAfter(Self.head(429, [("retry-after", "9"), ("Retry-After-Ms", " 1500 ")])) == 1.5)
    }

    @Test("an unusable retry-after-ms falls back to retry-after", arguments: ["-5", "soon", ""])
    func retryAfterMillisecondsFallback(milliseconds: String) {
        #expect(
            HTTPErrorMapping.retryAfter(Self.head(429, [("retry-after-ms", milliseconds), ("retry-after", "4")])) == 4)
    }

    @Test(
        "an HTTP date in any of the three formats counts from now",
        arguments: [
            "Sun, 06 Nov 1994 08:50:07 GMT",  // IMF-fixdate
            "Sunday, 06-Nov-94 08:50:07 GMT",  // RFC 850
            "Sun Nov  6 08:50:07 1994",  // asctime
        ])
    func retryAfterDate(value: String) throws {
        let seconds = try #require(
            HTTPErrorMapping.retryAfter(Self.head(503, [("retry-after", value)]), now: Self.rfcExample))
        #expect(seconds == 30)
    }

    @Test("an HTTP date in the past means retry now")
    func retryAfterPastDate() {
        let head = Self.head(503, [("retry-after", "Sun, 06 Nov 1994 08:49:00 GMT")])
        #expect(HTTPErrorMapping.retryAfter(head, now: Self.rfcExample) == 0)
    }

    @Test(
        "no header or garbage gives nil",
        arguments: [
            nil, "", "soon", "-5", "tomorrow at noon", "Sun, 06 Nov 1994 GMT", "Sun, 06 Foo 1994 08:49:37 GMT", "nan",
        ] as [String?])
    func retryAfterGarbage(value: String?) {
        let head = Self.head(429, value.map { [("retry-after", $0)] } ?? [("x-ratelimit-remaining", "0")])
        #expect(HTTPErrorMapping.retryAfter(head, now: Self.rfcExample) == nil)
    }

    @Test("a non-numeric word such as inf is garbage too")
    func retryAfterInfinity() {
        // RFC 9110 allows only 1*DIGIT or an HTTP date; `Double("inf")` would parse, and an infinite retry_after
        // could not even be encoded as JSON.
        #expect(HTTPErrorMapping.retryAfter(Self.head(429, [("retry-after", "inf")])) == nil)
        #expect(HTTPErrorMapping.retryAfter(Self.head(429, [("retry-after-ms", "Infinity")])) == nil)
    }

    @Test("a huge but well-formed retry-after does not crash the error's description")
    func hugeRetryAfterDescription() async {
        // RFC 9110 delay-seconds is 1*DIGIT with no upper bound: 20 digits must neither trap (Int(1e20) would) nor
        // produce an unusable delay. Run in a child process, since a trap would end the test runner.
        await #expect(processExitsWith: .success) {
            let head = HTTPResponseHead(status: 429, headers: [HTTPHeader("retry-after", "99999999999999999999")])
            let error = HTTPErrorMapping.error(head: head, body: [], provider: "p")
            _ = error.description
        }
    }

    // MARK: HTTPDate

    @Test(
        "HTTP dates parse to the right instant",
        arguments: [
            ("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_777.0),
            ("Sunday, 06-Nov-94 08:49:37 GMT", 784_111_777),
            ("Sun Nov  6 08:49:37 1994", 784_111_777),
            ("Thu, 01 Jan 1970 00:00:00 GMT", 0),
            ("Thu, 29 Feb 2024 12:00:00 GMT", 1_709_208_000),
            ("Fri, 31 Dec 1999 23:59:59 GMT", 946_684_799),
            ("Monday, 01-Jan-01 00:00:00 GMT", 978_307_200),
            ("Wed, 01 Mar 2100 00:00:00 GMT", 4_107_542_400),
        ])
    func httpDate(text: String, seconds: Double) throws {
        let date = try #require(HTTPDate.parse(text))
        #expect(date.timeIntervalSince1970 == seconds)
    }

    // MARK: vendorMessage

    @Test(
        "the vendor message comes from the usual JSON error shapes",
        arguments: [
            (#"{"error":{"message":"Rate limit reached","type":"requests"}}"#, "Rate limit reached"),
            (#"{"error":"model not found"}"#, "model not found"),
            (#"{"message":"Overloaded"}"#, "Overloaded"),
            (#"{"error":{"message":"inner"},"message":"outer"}"#, "inner"),
            (#"{"error":{"code":400},"message":"outer"}"#, "outer"),
            ("  upstream connect error\n", "upstream connect error"),
            (#"{"detail":"nope"}"#, #"{"detail":"nope"}"#),
        ])
    func vendorMessage(body: String, message: String) {
        #expect(HTTPErrorMapping.vendorMessage(from: Array(body.utf8)) == message)
    }

    @Test("an empty or blank body has no vendor message", arguments: ["", "  \n\t "])
    func vendorMessageEmpty(body: String) {
        #expect(HTTPErrorMapping.vendorMessage(from: Array(body.utf8)) == nil)
    }

    @Test("a plain-text body is cut to its first 500 characters")
    func vendorMessageTruncated() {
        let body = String(repeating: "x", count: 2_000)
        #expect(HTTPErrorMapping.vendorMessage(from: Array(body.utf8)) == String(repeating: "x", count: 500))
    }

    @Test("cutting a plain-text body never splits a character")
    func vendorMessageTruncatedUTF8() {
        // vendorMessage returns the body's first 500 characters; cutting bytes instead would halve a multi-byte
        // character and leave U+FFFD at the end.
        let body = "a" + String(repeating: "é", count: 600)
        let message = HTTPErrorMapping.vendorMessage(from: Array(body.utf8))
        #expect(message?.contains("\u{FFFD}") == false)
        #expect(message?.count == 500)
    }

    // MARK: error(head:body:provider:)

    @Test("error fills kind, vendor message, provider, status and retry-after")
    func errorFields() {
        let head = Self.head(429, [("content-type", "application/json"), ("retry-after", "7")])
        let error = HTTPErrorMapping.error(
            head: head, body: Array(#"{"error":{"message":"slow down"}}"#.utf8), provider: "openai")
        #expect(error == ProviderError(.rateLimited, "slow down", provider: "openai", httpStatus: 429, retryAfter: 7))
    }

    @Test("error says so when the body has no message, and takes an explicit kind")
    func errorWithoutMessage() {
        let error = HTTPErrorMapping.error(head: Self.head(502), body: [], provider: "p")
        #expect(error == ProviderError(.server, "HTTP 502 with no error message", provider: "p", httpStatus: 502))

        let refined = HTTPErrorMapping.error(
            head: Self.head(400), body: Array("context too long".utf8), provider: "p", kind: .contextWindowExceeded)
        #expect(refined == ProviderError(.contextWindowExceeded, "context too long", provider: "p", httpStatus: 400))
    }
}
