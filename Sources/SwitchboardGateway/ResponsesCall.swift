import SwitchboardKit

/// A Responses API request (`POST /v1/responses`): the chat call it maps onto, and the request's settings that the
/// `response` object repeats.
struct ResponsesCall: Sendable {
    /// The request in the Switchboard data model, as the chat endpoints hand it to the host.
    var chat: ChatCall
    /// The request fields the `response` object echoes (`instructions`, `metadata`, `tools`, `tool_choice`,
    /// `temperature`, `top_p`, `text`, `reasoning`, …), with OpenAI's defaults for those left out.
    var settings: [String: JSONValue]
}
