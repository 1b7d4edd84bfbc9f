/// Why a model stopped generating.
///
/// JSON: one of `stop`, `length`, `tool_calls`, `content_filter`, or any other string a provider reports.
public struct FinishReason: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The model finished its answer or hit a stop sequence.
    public static let stop = FinishReason(rawValue: "stop")
    /// The output token limit was reached.
    public static let length = FinishReason(rawValue: "length")
    /// The model stopped to call tools.
    public static let toolCalls = FinishReason(rawValue: "tool_calls")
    /// The provider's content filter stopped the answer.
    public static let contentFilter = FinishReason(rawValue: "content_filter")

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
