import SwitchboardConformanceKit

/// Skeleton's wire format, as a local server replays it to the plugin. Replace them with answers recorded from the
/// real API (status, headers and body, byte for byte) when you change the wire format.
enum SkeletonTranscripts {
    /// A complete streamed answer: text, usage, finish reason.
    static let answer = """
        data: {"delta":"Hello"}

        data: {"delta":", world!"}

        data: {"finish_reason":"stop","usage":{"input_tokens":12,"output_tokens":4}}


        """

    /// The same answer, stopped before its finish reason.
    static let cutOff = """
        data: {"delta":"Hello"}

        data: {"delta":", wor"}


        """

    /// Skeleton's error body for each failure the conformance suite drives.
    static func errorBody(_ failure: HTTPFailure) -> String {
        let (message, code) =
            switch failure {
            case .unauthorized: ("Invalid API key.", "invalid_api_key")
            case .forbidden: ("This key may not use skeleton-chat.", "permission_denied")
            case .notFound: ("The model skeleton-nope does not exist.", "model_not_found")
            case .rateLimited: ("Rate limit reached; retry in 7 s.", "rate_limited")
            case .contextWindowExceeded:
                ("The request needs 40000 tokens; the model takes 32768.", "context_length_exceeded")
            case .serverError: ("Internal error.", "internal_error")
            case .unavailable: ("The service is overloaded.", "overloaded")
            }
        return #"{"error":{"message":"\#(message)","code":"\#(code)"}}"#
    }

    /// Everything the conformance suite replays.
    static let all = ReplayTranscripts(
        stream: .events(answer), truncatedStream: .events(cutOff), errorBody: { errorBody($0) })
}
