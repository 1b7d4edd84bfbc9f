public import SwitchboardConformanceKit
public import SwitchboardKit

/// The vendor's side of the conversation: recorded answers in the provider's own wire format, which the
/// ``MockHTTPServer`` of each ``ConformanceCheck`` replays.
///
/// Every request a check sends gets the response the check is about, except requests whose path (without the query)
/// is a key of ``routes``: those get the route's response (a model list, a version endpoint).
public struct ConformanceTranscripts: Sendable {
    /// A tool call the ``toolCall`` transcript answers with.
    public struct ToolCallTranscript: Sendable {
        /// The tool the recorded answer calls; the request declares a tool of this name.
        public var tool: String
        /// The recorded answer: a stream that calls ``tool`` and finishes with the tool-calls reason.
        public var response: MockHTTPServer.Response

        /// Creates a tool-call transcript.
        public init(tool: String, response: MockHTTPServer.Response) {
            self.tool = tool
            self.response = response
        }
    }

    /// A failure in the vendor's own words beyond the ``HTTPFailure`` set — a status, an error type or a header only
    /// this vendor sends — and exactly what the provider must make of it.
    ///
    /// The ``ConformanceCheck/errors`` check sends each one as it is and expects the stream to throw, with no event
    /// before the error, a ``ProviderError`` of ``kind`` carrying ``status``, the instance's name, exactly
    /// ``retryAfter`` (`nil` included), ``message`` when given (any non-empty message otherwise) and no secret.
    public struct VendorError: Sendable, CustomStringConvertible {
        /// What the failure is, for problem reports, e.g. `HTTP 529 overloaded_error`.
        public var name: String
        /// The HTTP status sent.
        public var status: Int
        /// The response body sent, with `content-type: application/json`.
        public var body: String
        /// Extra response headers, e.g. `("retry-after", "20")`.
        public var headers: [(String, String)]
        /// The kind the error must have.
        public var kind: ProviderError.Kind
        /// The ``ProviderError/retryAfter`` the error must carry; `nil` for none.
        public var retryAfter: Double?
        /// The message the error must have (the vendor's own), or `nil` for any non-empty message.
        public var message: String?

        /// Creates a vendor error transcript.
        public init(
            _ name: String,
            status: Int,
            body: String,
            headers: [(String, String)] = [],
            kind: ProviderError.Kind,
            retryAfter: Double? = nil,
            message: String? = nil
        ) {
            self.name = name
            self.status = status
            self.body = body
            self.headers = headers
            self.kind = kind
            self.retryAfter = retryAfter
            self.message = message
        }

        public var description: String { name }
    }

    /// A complete streamed answer with text, token usage and a finish reason.
    public var stream: MockHTTPServer.Response
    /// A streamed answer that stops before its end marker (no finish reason, no `[DONE]` or its equivalent); the
    /// connection itself ends normally.
    public var truncatedStream: MockHTTPServer.Response
    /// The vendor's error body for each failure, e.g. `{"error":{"message":"Incorrect API key"}}` for
    /// ``HTTPFailure/unauthorized``. The check sends it with the failure's status, `content-type: application/json`
    /// and, for ``HTTPFailure/rateLimited``, `retry-after: 7`.
    public var errorBody: @Sendable (HTTPFailure) -> String
    /// A streamed answer that calls a tool; required when a model advertises `tools`.
    public var toolCall: ToolCallTranscript?
    /// A streamed answer with thinking deltas; required when a model advertises `thinking`.
    public var thinking: MockHTTPServer.Response?
    /// Responses for the other endpoints the provider calls (model discovery, health), by path without the query,
    /// e.g. `["/v1/models": .json(200, modelsJSON)]`.
    public var routes: [String: MockHTTPServer.Response]
    /// The vendor's own failures the ``ConformanceCheck/errors`` check drives after the ``HTTPFailure`` set, each
    /// with what it must become; empty when the vendor has none beyond it.
    public var vendorErrors: [VendorError]

    /// Creates the transcripts.
    public init(
        stream: MockHTTPServer.Response,
        truncatedStream: MockHTTPServer.Response,
        errorBody: @escaping @Sendable (HTTPFailure) -> String,
        toolCall: ToolCallTranscript? = nil,
        thinking: MockHTTPServer.Response? = nil,
        routes: [String: MockHTTPServer.Response] = [:],
        vendorErrors: [VendorError] = []
    ) {
        self.vendorErrors = vendorErrors
        self.stream = stream
        self.truncatedStream = truncatedStream
        self.errorBody = errorBody
        self.toolCall = toolCall
        self.thinking = thinking
        self.routes = routes
    }
}

extension ConformanceTranscripts.VendorError {
    /// A vendor error whose body is the recorded fixture `fixture` (``Fixture``), a JSON envelope
    /// `{"error":{"message":…}}`, and whose error must carry that `error.message` verbatim.
    /// - Parameters:
    ///   - status: the HTTP status sent.
    ///   - fixture: the recorded body, looked up beside the calling test file.
    ///   - headers: extra response headers.
    ///   - kind: the kind the error must have.
    ///   - retryAfter: the retry-after the error must carry; `nil` for none.
    /// - Throws: ``FixtureError`` when the fixture is missing or has no `error.message`.
    public static func recorded(
        status: Int,
        fixture: String,
        headers: [(String, String)] = [],
        kind: ProviderError.Kind,
        retryAfter: Double? = nil,
        file: StaticString = #filePath
    ) throws -> Self {
        let body = try Fixture.text(fixture, file: file)
        guard let message = (try? JSONParser.parse(Array(body.utf8)))?["error"]?["message"]?.stringValue else {
            throw FixtureError("fixture \(fixture) has no error.message; record the vendor's error envelope")
        }
        return Self(
            "HTTP \(status) \(fixture)", status: status, body: body, headers: headers, kind: kind,
            retryAfter: retryAfter, message: message)
    }
}

extension ConformanceTranscripts {
    /// The transcripts a plugin package recorded for `switchboard conformance` (``ReplayTranscripts``).
    public init(_ replay: ReplayTranscripts) {
        self.init(
            stream: MockHTTPServer.Response(replay.stream),
            truncatedStream: MockHTTPServer.Response(replay.truncatedStream),
            errorBody: { failure in replay.errorBodies[failure.rawValue] ?? "" },
            toolCall: replay.toolCall.map {
                ToolCallTranscript(tool: $0.tool, response: MockHTTPServer.Response($0.response))
            },
            thinking: replay.thinking.map(MockHTTPServer.Response.init),
            routes: replay.routes.mapValues(MockHTTPServer.Response.init)
        )
    }
}
