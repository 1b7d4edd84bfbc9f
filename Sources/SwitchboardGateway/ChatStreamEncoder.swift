import Switchboard
import SwitchboardKit

/// Turns a strategy's stream into one client family's server-sent events.
protocol ChatStreamEncoder: Sendable {
    /// The events for one stream event (possibly none).
    mutating func encode(_ event: StreamEvent) -> [UInt8]
    /// The events that end a successful answer.
    mutating func finish(_ result: StrategyResult) -> [UInt8]
    /// The event that reports a failure after the answer began.
    func fail(_ failure: APIFailure) -> [UInt8]
}

/// Server-sent event framing.
enum ServerSentEvent {
    /// `data: <json>\n\n`, with `event: <name>\n` first when a name is given.
    static func frame(_ json: JSONValue, event: String? = nil) -> [UInt8] {
        var bytes: [UInt8] = []
        if let event { bytes += Array("event: \(event)\n".utf8) }
        var writer = JSONWriter(capacity: 256)
        writer.value(json)
        bytes += Array("data: ".utf8) + writer.bytes + Array("\n\n".utf8)
        return bytes
    }

    /// `data: [DONE]\n\n`, the end of an OpenAI stream.
    static let done = Array("data: [DONE]\n\n".utf8)
}
