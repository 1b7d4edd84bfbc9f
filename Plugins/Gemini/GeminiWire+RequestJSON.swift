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
                    writer.member("name", declaration.name)
                    writer.member("description", declaration.description)
                    writer.member("parameters", declaration.parameters)
                    writer.raw("}")
                }
                writer.raw("}")
            }
        }
        if let toolConfig {
            writer.key("toolConfig")
            writer.raw("{\"functionCallingConfig\":{")
            writer.member("mode", toolConfig.functionCallingConfig.mode)
            writer.member("allowedFunctionNames", toolConfig.functionCallingConfig.allowedFunctionNames)
            writer.raw("}}")
        }
        if let generationConfig {
            writer.key("generationConfig")
            generationConfig.write(to: &writer)
        }
        writer.member("safetySettings", safetySettings)
        writer.raw("}")
    }
}

extension GeminiWire.Content {
    /// Appends the turn to `writer`.
    func write(to writer: inout JSONWriter) {
        writer.raw("{")
        writer.member("role", role)
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
        writer.member("text", text)
        if let thought {
            writer.member("thought", thought)
        }
        writer.member("thoughtSignature", thoughtSignature)
        if let inlineData {
            writer.key("inlineData")
            writer.raw("{")
            writer.member("mimeType", inlineData.mimeType)
            writer.member("data", inlineData.data)
            writer.raw("}")
        }
        if let fileData {
            writer.key("fileData")
            writer.raw("{")
            writer.member("mimeType", fileData.mimeType)
            writer.member("fileUri", fileData.fileUri)
            writer.raw("}")
        }
        if let functionCall {
            writer.key("functionCall")
            writer.raw("{")
            writer.member("id", functionCall.id)
            writer.member("name", functionCall.name)
            writer.member("args", functionCall.args)
            writer.raw("}")
        }
        if let functionResponse {
            writer.key("functionResponse")
            writer.raw("{")
            writer.member("name", functionResponse.name)
            writer.member("response", functionResponse.response)
            writer.raw("}")
        }
        writer.raw("}")
    }
}

extension GeminiWire.GenerationConfig {
    /// Appends the configuration to `writer`.
    func write(to writer: inout JSONWriter) {
        writer.raw("{")
        writer.member("temperature", temperature)
        writer.member("topP", topP)
        writer.member("maxOutputTokens", maxOutputTokens)
        writer.member("stopSequences", stopSequences)
        writer.member("responseMimeType", responseMimeType)
        writer.member("responseSchema", responseSchema)
        if let thinkingConfig {
            writer.key("thinkingConfig")
            writer.raw("{")
            writer.member("thinkingBudget", thinkingConfig.thinkingBudget)
            writer.member("includeThoughts", thinkingConfig.includeThoughts)
            writer.raw("}")
        }
        writer.raw("}")
    }
}
