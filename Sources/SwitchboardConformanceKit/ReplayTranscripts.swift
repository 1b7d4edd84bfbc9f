/// The vendor's side of the conversation for ``PluginConformance``: recorded answers in the provider's own wire format,
/// which the runner's local server replays for each ``ConformanceCheck``.
///
/// Every request a check sends gets the response the check is about, except requests whose path (without the query)
/// is a key of ``routes``: those get the route's response (a model list, a version endpoint).
public struct ReplayTranscripts: Codable, Sendable, Hashable {
    /// A streamed answer that calls a tool, for models that advertise `tools`.
    public struct ToolCall: Codable, Sendable, Hashable {
        /// The tool the recorded answer calls; the check's request declares a tool of this name.
        public var tool: String
        /// The recorded answer: a stream that calls ``tool`` and finishes with the tool-calls reason.
        public var response: ReplayedResponse

        /// Creates a tool-call transcript.
        public init(tool: String, response: ReplayedResponse) {
            self.tool = tool
            self.response = response
        }
    }

    /// A complete streamed answer with text, token usage and a finish reason.
    public var stream: ReplayedResponse
    /// A streamed answer that stops before its end marker; the connection itself ends normally.
    public var truncatedStream: ReplayedResponse
    /// The vendor's error body for each ``HTTPFailure``, by its raw value.
    public var errorBodies: [String: String]
    /// A streamed answer that calls a tool; required when a model advertises `tools`.
    public var toolCall: ToolCall?
    /// A streamed answer with thinking deltas; required when a model advertises `thinking`.
    public var thinking: ReplayedResponse?
    /// Responses for the other endpoints the provider calls (model discovery, health), by path without the query.
    public var routes: [String: ReplayedResponse]

    /// Creates the transcripts.
    /// - Parameters:
    ///   - stream: a complete streamed answer.
    ///   - truncatedStream: the same answer stopped before its end marker.
    ///   - errorBody: the vendor's error body for each failure; the runner sends it with the failure's status,
    ///     `content-type: application/json` and, for ``HTTPFailure/rateLimited``, `retry-after: 7`.
    ///   - toolCall: a streamed tool call, when a model advertises `tools`.
    ///   - thinking: a streamed answer with thinking, when a model advertises `thinking`.
    ///   - routes: the other endpoints' responses, by path.
    public init(
        stream: ReplayedResponse,
        truncatedStream: ReplayedResponse,
        errorBody: (HTTPFailure) -> String,
        toolCall: ToolCall? = nil,
        thinking: ReplayedResponse? = nil,
        routes: [String: ReplayedResponse] = [:]
    ) {
        self.stream = stream
        self.truncatedStream = truncatedStream
        self.errorBodies = Dictionary(uniqueKeysWithValues: HTTPFailure.allCases.map { ($0.rawValue, errorBody($0)) })
        self.toolCall = toolCall
        self.thinking = thinking
        self.routes = routes
    }
}
