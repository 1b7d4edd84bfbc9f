import SwitchboardKit

/// The JSON document `gemini --output-format json` prints, as this plugin reads it.
enum GeminiCLIWire {
    /// `{"response":…,"stats":{…}}` on success, `{"error":{…}}` on failure.
    struct Output: Decodable {
        var sessionId: String?
        var response: String?
        var stats: Stats?
        var error: ErrorBody?

        private enum CodingKeys: String, CodingKey {
            case sessionId = "session_id", response, stats, error
        }
    }

    /// The run's statistics; `tools` and `files` are not read.
    struct Stats: Decodable {
        /// Per model the run used (a run may fall back or route between models).
        var models: [String: ModelStats]?
    }

    /// One model's figures.
    struct ModelStats: Decodable {
        var tokens: Tokens?
    }

    /// Token counts, Gemini-style: `prompt` includes `cached`; `candidates` excludes `thoughts`.
    struct Tokens: Decodable {
        var prompt: Int?
        var candidates: Int?
        var total: Int?
        var cached: Int?
        var thoughts: Int?
        var tool: Int?
    }

    /// `{"type":"FatalAuthenticationError","message":"…","code":41}`; `code` is an exit code or an HTTP status, a
    /// number or a string.
    struct ErrorBody: Decodable {
        var type: String?
        var message: String?
        var code: JSONValue?
    }
}
