import SwitchboardKit

// The request body written straight into bytes (no Foundation `JSONEncoder`), members in declaration order, nil ones
// left out: the document `generateContent` reads.

extension GeminiWire.GenerateContentRequest {
    /// Appends the body to `writer`.
    func write(to writer: inout JSONWriter) {
        writer.raw("{")
        if let systemInstruction {
            writer.key("systemInstruction")
            systemInstruction.write(to: &writer)
        }
        writer.key("contents")
        writer.array(contents) { $0.write(to: &$1) }
        if let tools {
            writer.key("tools")
            writer.array(tools) { tool, writer in
                writer.raw("{")
                writer.key("functionDeclarations")
                writer.array(tool.functionDeclarations) { declaration, writer in
                    writer.raw("{")
                    writer.key("name")
                    writer.string(declaration.name)
                    if let description = declaration.description {
                        writer.key("description")
                        writer.string(description)
                    }
                    if let parameters = declaration.parameters {
                        writer.key("parameters")
                        writer.value(parameters)
                    }
                    writer.raw("}")
                }
                writer.raw("}")
            }
        }
        if let toolConfig {
            writer.key("toolConfig")
            writer.raw("{\"functionCallingConfig\":{")
            writer.key("mode")
            writer.string(toolConfig.functionCallingConfig.mode)
            if let names = toolConfig.functionCallingConfig.allowedFunctionNames {
                writer.key("allowedFunctionNames")
                writer.array(names) { $1.string($0) }
            }
            writer.raw("}}")
        }
        if let generationConfig {
            writer.key("generationConfig")
            generationConfig.write(to: &writer)
        }
        if let safetySettings {
            writer.key("safetySettings")
            writer.value(safetySettings)
        }
        writer.raw("}")
    }
}

extension GeminiWire.Content {
    /// Appends the turn to `writer`.
    func write(to writer: inout JSONWriter) {
        writer.raw("{")
        if let role {
            writer.key("role")
            writer.string(role)
        }
        if let parts {
            writer.key("parts")
            writer.array(parts) { $0.write(to: &$1) }
        }
        writer.raw("}")
    }
}

extension GeminiWire.Part {
    /// Appends the part to `writer`.
    func write(to writer: inout JSONWriter) {
        writer.raw("{")
        if let text {
            writer.key("text")
            writer.string(text)
        }
        if let thought {
            writer.key("thought")
            writer.raw(thought ? "true" : "false")
        }
        if let thoughtSignature {
            writer.key("thoughtSignature")
            writer.string(thoughtSignature)
        }
        if let inlineData {
            writer.key("inlineData")
            writer.raw("{")
            writer.key("mimeType")
            writer.string(inlineData.mimeType)
            writer.key("data")
            writer.string(inlineData.data)
            writer.raw("}")
        }
        if let fileData {
            writer.key("fileData")
            writer.raw("{")
            if let mimeType = fileData.mimeType {
                writer.key("mimeType")
                writer.string(mimeType)
            }
            writer.key("fileUri")
            writer.string(fileData.fileUri)
            writer.raw("}")
        }
        if let functionCall {
            writer.key("functionCall")
            writer.raw("{")
            if let id = functionCall.id {
                writer.key("id")
                writer.string(id)
            }
            writer.key("name")
            writer.string(functionCall.name)
            if let args = functionCall.args {
                writer.key("args")
                writer.value(args)
            }
            writer.raw("}")
        }
        if let functionResponse {
            writer.key("functionResponse")
            writer.raw("{")
            writer.key("name")
            writer.string(functionResponse.name)
            writer.key("response")
            writer.value(functionResponse.response)
            writer.raw("}")
        }
        writer.raw("}")
    }
}

extension GeminiWire.GenerationConfig {
    /// Appends the configuration to `writer`.
    func write(to writer: inout JSONWriter) {
        writer.raw("{")
        if let temperature {
            writer.key("temperature")
            writer.number(temperature)
        }
        if let topP {
            writer.key("topP")
            writer.number(topP)
        }
        if let maxOutputTokens {
            writer.key("maxOutputTokens")
            writer.integer(maxOutputTokens)
        }
        if let stopSequences {
            writer.key("stopSequences")
            writer.array(stopSequences) { $1.string($0) }
        }
        if let responseMimeType {
            writer.key("responseMimeType")
            writer.string(responseMimeType)
        }
        if let responseSchema {
            writer.key("responseSchema")
            writer.value(responseSchema)
        }
        if let thinkingConfig {
            writer.key("thinkingConfig")
            writer.raw("{")
            writer.key("thinkingBudget")
            writer.integer(thinkingConfig.thinkingBudget)
            writer.key("includeThoughts")
            writer.raw(thinkingConfig.includeThoughts ? "true" : "false")
            writer.raw("}")
        }
        writer.raw("}")
    }
}
