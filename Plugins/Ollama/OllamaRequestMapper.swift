import Foundation
import SwitchboardKit

/// Turns a ``ChatRequest`` into the body of Ollama's `POST /api/chat`.
struct OllamaRequestMapper {
    /// The provider instance, named in errors.
    let provider: String
    /// How long the model stays loaded (`keep_alive`), passed through; nil for Ollama's default.
    let keepAlive: JSONValue?

    /// The JSON body for `request`, streaming.
    ///
    /// Ollama has no `tool_choice`: `none` sends no tools, a named tool sends only that one, `auto` and `required`
    /// send them all. Metadata and tags stay with the host.
    /// - Throws: `unsupported` for an image given by URL (Ollama takes only inline bytes), `invalid_request` for
    ///   a tool call whose arguments are not a JSON object.
    func body(for request: ChatRequest) throws -> [UInt8] {
        var toolNames: [String: String] = [:]
        for case .toolCall(let call) in request.messages.flatMap(\.content) { toolNames[call.id] = call.name }

        var tools = request.tools
        switch request.toolChoice {
        case .none?: tools = []
        case .tool(let name)?: tools = tools.filter { $0.name == name }
        case .auto?, .required?, nil: break
        }

        let options = OllamaWire.Options(
            temperature: request.temperature,
            topP: request.topP,
            numPredict: request.maxOutputTokens,
            stop: request.stop.isEmpty ? nil : request.stop
        )
        let wire = OllamaWire.ChatRequest(
            model: request.model,
            messages: try request.messages.flatMap { try messages(for: $0, toolNames: toolNames) },
            tools: tools.isEmpty
                ? nil
                : tools.map {
                    OllamaWire.Tool(name: $0.name, description: $0.description, parameters: $0.parameters)
                },
            options: options.isEmpty ? nil : options,
            format: request.responseFormat.flatMap(format),
            think: request.thinking == nil ? nil : true,
            keepAlive: keepAlive
        )
        var writer = JSONWriter(capacity: 512)
        wire.write(to: &writer)
        return writer.bytes
    }

    /// One message becomes its tool results (each a `tool` message) and then the message itself, unless nothing of
    /// it is left.
    private func messages(for message: Message, toolNames: [String: String]) throws -> [OllamaWire.Message] {
        var wire: [OllamaWire.Message] = []
        var text = ""
        var thinking = ""
        var images: [String] = []
        var toolCalls: [OllamaWire.ToolCall] = []
        var hasContent = false
        for part in message.content {
            switch part {
            case .text(let value):
                text += value
                hasContent = true
            case .image(let source):
                images.append(try base64(of: source))
                hasContent = true
            case .thinking(let value):
                thinking += value.text
            case .toolCall(let call):
                toolCalls.append(
                    OllamaWire.ToolCall(
                        function: OllamaWire.FunctionCall(
                            name: call.name, arguments: try call.argumentsObject(for: "Ollama", provider: provider))
                    )
                )
            case .toolResult(let result):
                wire.append(
                    OllamaWire.Message(role: "tool", content: result.content, toolName: toolNames[result.toolCallId])
                )
            }
        }
        let isAssistant = message.role == .assistant
        if hasContent || !toolCalls.isEmpty || (isAssistant && !thinking.isEmpty) || wire.isEmpty {
            wire.append(
                OllamaWire.Message(
                    role: message.role.rawValue,
                    content: text,
                    thinking: isAssistant && !thinking.isEmpty ? thinking : nil,
                    images: images.isEmpty ? nil : images,
                    toolCalls: toolCalls.isEmpty ? nil : toolCalls
                )
            )
        }
        return wire
    }

    /// An image's base64 bytes: inline data, or the payload of a base64 `data:` URL.
    private func base64(of source: ImageSource) throws -> String {
        switch source {
        case .base64(let data, _):
            return data
        case .url(let url):
            if url.hasPrefix("data:"), let comma = url.firstIndex(of: ","), url[..<comma].hasSuffix(";base64") {
                return String(url[url.index(after: comma)...])
            }
            throw ProviderError(
                .unsupported,
                "Ollama takes images as inline bytes only; fetch the image and send it as base64 data instead of a URL",
                provider: provider
            )
        }
    }

    private func format(_ format: SwitchboardKit.ResponseFormat) -> JSONValue? {
        switch format {
        case .text: nil
        case .jsonObject: "json"
        case .jsonSchema(_, let schema, _): schema
        }
    }
}
