import Foundation

extension ToolCall {
    /// The arguments as the JSON object a vendor that takes them structured needs (Anthropic's `input`, Gemini's
    /// `args`, Ollama's `arguments`); empty arguments are an empty object.
    /// - Parameters:
    ///   - vendor: who takes them so, for the message (`Gemini`).
    ///   - provider: the provider instance the error names.
    /// - Throws: `invalid_request` naming the call and what is wrong: text that is not valid JSON (and where), or
    ///   JSON that is not an object (and what it is).
    public func argumentsObject(for vendor: String, provider: String) throws -> JSONValue {
        let text = arguments.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return [:] }
        let value: JSONValue
        do {
            value = try JSONParser.parse(text)
        } catch {
            throw ProviderError(
                .invalidRequest,
                "the arguments of tool call \"\(id)\" (\(name)) are not valid JSON: \(error.briefDescription); "
                    + "\(vendor) takes them as a JSON object",
                provider: provider)
        }
        guard case .object = value else {
            throw ProviderError(
                .invalidRequest,
                "the arguments of tool call \"\(id)\" (\(name)) must be a JSON object; found \(value.kindDescription) "
                    + "(\(vendor) takes them as an object)",
                provider: provider)
        }
        return value
    }
}

extension StreamEvent {
    /// The events of a tool call that a vendor sends whole (Gemini, Ollama, Claude Code): its start, all its arguments
    /// in one delta, its end.
    /// - Parameters:
    ///   - index: the call's index in the answer.
    ///   - id: the vendor's id for the call; `call_<index>` when it gives none (or an empty one).
    ///   - arguments: the arguments as the vendor sent them: structured ones are written as JSON text (`{}` for none
    ///     or `null`), and a string is taken as the arguments' text.
    public static func wholeToolCall(index: Int, id: String?, name: String, arguments: JSONValue?) -> [StreamEvent] {
        let text: String
        switch arguments {
        case nil, .null?:
            text = "{}"
        case .string(let given)?:
            text = given
        case let value?:
            var writer = JSONWriter()
            writer.value(value)
            text = String(decoding: writer.bytes, as: UTF8.self)
        }
        return [
            .toolCallStart(index: index, id: id.flatMap { $0.isEmpty ? nil : $0 } ?? "call_\(index)", name: name),
            .toolCallDelta(index: index, arguments: text),
            .toolCallEnd(index: index),
        ]
    }
}
