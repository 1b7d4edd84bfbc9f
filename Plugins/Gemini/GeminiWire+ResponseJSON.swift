import SwitchboardKit

// Answers read from a parsed `JSONValue` (SwitchboardKit's `JSONParser` and `JSONFields`) rather than through
// Foundation's `JSONDecoder`, with `Decodable`'s rules: an absent or null member is nil, a member of another type is
// an error.

extension GeminiWire.GenerateContentResponse {
    /// Reads one response: a whole answer, one streamed event, or an error document.
    /// - Throws: ``JSONFields/ShapeError`` when it is not an object or a member has the wrong type.
    init(json: JSONValue) throws(JSONFields.ShapeError) {
        let object = try JSONFields(json, at: "the response")
        candidates = try object.array("candidates")?.enumerated().map {
            (index, candidate) throws(JSONFields.ShapeError) in
            try GeminiWire.Candidate(json: candidate, at: "candidates[\(index)]")
        }
        promptFeedback = try object.object("promptFeedback").map { feedback throws(JSONFields.ShapeError) in
            GeminiWire.PromptFeedback(
                blockReason: try feedback.string("blockReason"),
                blockReasonMessage: try feedback.string("blockReasonMessage"),
                safetyRatings: try GeminiWire.SafetyRating.list(feedback))
        }
        usageMetadata = try object.object("usageMetadata").map { usage throws(JSONFields.ShapeError) in
            GeminiWire.UsageMetadata(
                promptTokenCount: try usage.integer("promptTokenCount"),
                candidatesTokenCount: try usage.integer("candidatesTokenCount"),
                cachedContentTokenCount: try usage.integer("cachedContentTokenCount"),
                thoughtsTokenCount: try usage.integer("thoughtsTokenCount"),
                totalTokenCount: try usage.integer("totalTokenCount"))
        }
        modelVersion = try object.string("modelVersion")
        responseId = try object.string("responseId")
        error = object.value("error")
    }
}

extension GeminiWire.Candidate {
    init(json: JSONValue, at path: String) throws(JSONFields.ShapeError) {
        let object = try JSONFields(json, at: path)
        content = try object.object("content").map(GeminiWire.Content.init(fields:))
        finishReason = try object.string("finishReason")
        safetyRatings = try GeminiWire.SafetyRating.list(object)
        index = try object.integer("index")
    }
}

extension GeminiWire.SafetyRating {
    /// The `safetyRatings` member of `object`, or nil.
    static func list(_ object: JSONFields) throws(JSONFields.ShapeError) -> [Self]? {
        try object.array("safetyRatings")?.enumerated().map { (index, rating) throws(JSONFields.ShapeError) in
            let rating = try JSONFields(rating, at: "\(object.path).safetyRatings[\(index)]")
            return Self(
                category: try rating.string("category"), probability: try rating.string("probability"),
                blocked: try rating.bool("blocked"))
        }
    }
}

extension GeminiWire.Content {
    init(fields object: JSONFields) throws(JSONFields.ShapeError) {
        role = try object.string("role")
        parts = try object.array("parts")?.enumerated().map { (index, part) throws(JSONFields.ShapeError) in
            try GeminiWire.Part(fields: JSONFields(part, at: "\(object.path).parts[\(index)]"))
        }
    }
}

extension GeminiWire.Part {
    init(fields object: JSONFields) throws(JSONFields.ShapeError) {
        text = try object.string("text")
        thought = try object.bool("thought")
        thoughtSignature = try object.string("thoughtSignature")
        inlineData = try object.object("inlineData").map { blob throws(JSONFields.ShapeError) in
            GeminiWire.Blob(
                mimeType: try blob.required("mimeType", blob.string), data: try blob.required("data", blob.string))
        }
        fileData = try object.object("fileData").map { file throws(JSONFields.ShapeError) in
            GeminiWire.FileData(
                mimeType: try file.string("mimeType"), fileUri: try file.required("fileUri", file.string))
        }
        functionCall = try object.object("functionCall").map { call throws(JSONFields.ShapeError) in
            GeminiWire.FunctionCall(
                id: try call.string("id"), name: try call.required("name", call.string), args: call.value("args"))
        }
        functionResponse = try object.object("functionResponse").map { response throws(JSONFields.ShapeError) in
            GeminiWire.FunctionResponse(
                name: try response.required("name", response.string),
                response: try response.required("response") { response.value($0) })
        }
    }
}
