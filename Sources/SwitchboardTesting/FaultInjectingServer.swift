import Foundation

/// An OpenAI-compatible Chat Completions server on 127.0.0.1 that answers each request with a success or a fault,
/// so reliability tests drive the real OpenAI plugin through every failure a provider shows.
///
/// Several deployments share one server: a provider instance whose `base_url` is ``baseURL(_:)`` of a deployment
/// sends its requests to `/<deployment>/v1/…`, and `decide` learns the deployment of each request.
///
/// ```swift
/// let server = try await FaultInjectingServer.start { request in
///     request.deployment == "primary" ? .rateLimited(retryAfter: "1") : .ok
/// }
/// // providers: primary → server.baseURL("primary"), backup → server.baseURL("backup")
/// ```
public final class FaultInjectingServer: Sendable {
    /// How the server answers one request.
    public enum Fault: Sendable, Hashable {
        /// A streamed answer "Answer from <deployment>/<model>." with usage 10 in, 5 out; to `GET …/models`, a list
        /// of one model (`gpt-6.1-terra`).
        case ok
        /// A streamed answer with this text and usage 10 in, 5 out.
        case answer(String)
        /// 429 `rate_limit_exceeded` with this `Retry-After` value (seconds, or an HTTP date), or none.
        case rateLimited(retryAfter: String?)
        /// 500 `server_error`.
        case serverError
        /// 503 (the plugin maps it to `overloaded`).
        case unavailable
        /// 529, Anthropic's "overloaded" status, in OpenAI's error shape.
        case overloaded
        /// 401 `invalid_api_key`.
        case authentication
        /// 400 `context_length_exceeded`.
        case contextWindowExceeded
        /// 400 `content_policy_violation`.
        case contentPolicy
        /// The status line and headers only after this delay, then an answer.
        case slowHeaders(Duration)
        /// Headers and the role chunk at once, the first token after this delay, then an answer.
        case slowFirstToken(Duration)
        /// Streams this text, then closes the connection without finishing the response.
        case dropAfter(String)
        /// A stream whose second chunk is not JSON.
        case malformedJSON
        /// Streams text and ends the body cleanly, but without `finish_reason` or `[DONE]`.
        case truncatedSSE
    }

    /// One request, as `decide` sees it.
    public struct Request: Sendable {
        /// The first path component: which deployment was asked.
        public var deployment: String
        /// The `model` of the request body.
        public var model: String
        /// The request, as received.
        public var recorded: MockHTTPServer.RecordedRequest
    }

    /// The usage every answer reports: prompt tokens.
    public static let inputTokens = 10
    /// The usage every answer reports: completion tokens.
    public static let outputTokens = 5

    private let server: MockHTTPServer

    private init(server: MockHTTPServer) {
        self.server = server
    }

    /// Starts a server answering each request with the fault `decide` picks.
    public static func start(_ decide: @escaping @Sendable (Request) -> Fault) async throws -> FaultInjectingServer {
        let server = try await MockHTTPServer.start { recorded in
            let components = recorded.uri.split(separator: "/", omittingEmptySubsequences: true)
            let deployment = components.first.map(String.init) ?? ""
            let body = (try? JSONSerialization.jsonObject(with: Data(recorded.body))) as? [String: Any]
            let model = body?["model"] as? String ?? ""
            let request = Request(deployment: deployment, model: model, recorded: recorded)
            return response(to: request, decide(request))
        }
        return FaultInjectingServer(server: server)
    }

    /// `http://127.0.0.1:PORT/<deployment>/v1`, the `base_url` of a provider instance on `deployment`.
    public func baseURL(_ deployment: String) -> String { "\(server.baseURL)/\(deployment)/v1" }

    /// Every request received so far, in order.
    public var requests: [MockHTTPServer.RecordedRequest] { server.requests }

    /// The requests `deployment` received so far, in order.
    public func requests(to deployment: String) -> [MockHTTPServer.RecordedRequest] {
        server.requests.filter { $0.uri.hasPrefix("/\(deployment)/") }
    }

    /// Stops listening.
    public func shutdown() async throws {
        try await server.shutdown()
    }

    /// An `Retry-After` HTTP date `seconds` from now, e.g. `Wed, 21 Oct 2026 07:28:00 GMT`.
    public static func httpDate(secondsFromNow seconds: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: Date().addingTimeInterval(seconds))
    }

    private static func response(to request: Request, _ fault: Fault) -> MockHTTPServer.Response {
        let model = request.model
        switch fault {
        case .ok where request.recorded.method == "GET" && request.recorded.uri.hasSuffix("/models"):
            return .json(
                200,
                #"{"object":"list","data":[{"id":"gpt-6.1-terra","object":"model","created":1715367049,"owned_by":"system"}]}"#
            )
        case .ok:
            return stream(answer("Answer from \(request.deployment)/\(model).", model: model))
        case .answer(let text):
            return stream(answer(text, model: model))
        case .rateLimited(let retryAfter):
            return error(
                429, type: "requests", code: "rate_limit_exceeded", "Rate limit reached for \(model).",
                headers: retryAfter.map { [("retry-after", $0)] } ?? [])
        case .serverError:
            return error(500, type: "server_error", code: nil, "The server had an error while processing your request.")
        case .unavailable:
            return error(
                503, type: "server_error", code: nil, "The engine is currently overloaded, please try again later.")
        case .overloaded:
            return error(529, type: "overloaded_error", code: nil, "Overloaded")
        case .authentication:
            return error(401, type: "invalid_request_error", code: "invalid_api_key", "Incorrect API key provided.")
        case .contextWindowExceeded:
            return error(
                400, type: "invalid_request_error", code: "context_length_exceeded",
                "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.")
        case .contentPolicy:
            return error(
                400, type: "invalid_request_error", code: "content_policy_violation",
                "Your request was rejected as a result of our safety system.")
        case .slowHeaders(let delay):
            var response = stream(answer("Answer from \(request.deployment)/\(model).", model: model))
            response.headDelay = delay
            return response
        case .slowFirstToken(let delay):
            return stream(
                [role(model), .delay(delay)]
                    + answer("Answer from \(request.deployment)/\(model).", model: model).dropFirst())
        case .dropAfter(let text):
            return stream([
                role(model), .text(chunk(model, delta: #"{"content":\#(quoted(text))}"#)), .delay(.milliseconds(5)),
                .drop,
            ])
        case .malformedJSON:
            return stream([
                role(model), .text("data: {\"id\":\"chatcmpl-bad\",\"choices\":[{\"delta\":{\"content\":\"Hel\n\n"),
            ])
        case .truncatedSSE:
            return stream([role(model), .text(chunk(model, delta: #"{"content":"The answer is"}"#))])
        }
    }

    private static func stream(_ steps: [MockHTTPServer.Step]) -> MockHTTPServer.Response {
        MockHTTPServer.Response(status: 200, headers: [("content-type", "text/event-stream")], chunks: steps)
    }

    private static func answer(_ text: String, model: String) -> [MockHTTPServer.Step] {
        [
            role(model),
            .text(chunk(model, delta: #"{"content":\#(quoted(text))}"#)),
            .text(chunk(model, delta: "{}", finish: "\"stop\"")),
            .text(
                #"data: {"id":"chatcmpl-fault","object":"chat.completion.chunk","created":1741569952,"model":"\#(model)","choices":[],"usage":{"prompt_tokens":\#(inputTokens),"completion_tokens":\#(outputTokens),"total_tokens":\#(inputTokens + outputTokens)}}"#
                    + "\n\n"),
            .text("data: [DONE]\n\n"),
        ]
    }

    private static func role(_ model: String) -> MockHTTPServer.Step {
        .text(chunk(model, delta: #"{"role":"assistant","content":""}"#))
    }

    private static func chunk(_ model: String, delta: String, finish: String = "null") -> String {
        #"data: {"id":"chatcmpl-fault","object":"chat.completion.chunk","created":1741569952,"model":"\#(model)","choices":[{"index":0,"delta":\#(delta),"finish_reason":\#(finish)}]}"#
            + "\n\n"
    }

    private static func error(
        _ status: Int, type: String, code: String?, _ message: String, headers: [(String, String)] = []
    ) -> MockHTTPServer.Response {
        let body =
            #"{"error":{"message":\#(quoted(message)),"type":"\#(type)","param":null,"code":\#(code.map { "\"\($0)\"" } ?? "null")}}"#
        return .json(status, body, headers: headers)
    }

    private static func quoted(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text])) ?? Data("[\"\"]".utf8)
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }
}
