import SwitchboardKit

/// The JSON shapes of the Gemini API (`generativelanguage` v1beta), as this plugin sends and reads them.
///
/// Gemini's JSON is camelCase, so the Swift property names are the wire names; optional members that are nil are
/// left out of what is sent (written by `GeminiWire+RequestJSON.swift`).
enum GeminiWire {
    // MARK: Request

    /// The body of `models/{model}:generateContent` and `:streamGenerateContent`.
    struct GenerateContentRequest {
        var systemInstruction: Content?
        var contents: [Content]
        var tools: [Tool]?
        var toolConfig: ToolConfig?
        var generationConfig: GenerationConfig?
        /// Passed through from the `safety_settings` setting: `[{"category":…,"threshold":…}]`.
        var safetySettings: JSONValue?
    }

    /// A turn: `{"role":"user"|"model","parts":[…]}` (the system instruction has no role).
    struct Content {
        var role: String?
        var parts: [Part]?
    }

    /// One part of a turn. Exactly one of `text`, `inlineData`, `fileData`, `functionCall` and `functionResponse` is
    /// set; `thought` marks a thought summary and `thoughtSignature` carries the model's opaque reasoning state.
    struct Part {
        var text: String?
        var thought: Bool?
        var thoughtSignature: String?
        var inlineData: Blob?
        var fileData: FileData?
        var functionCall: FunctionCall?
        var functionResponse: FunctionResponse?
    }

    /// Inline bytes: `{"mimeType":"image/png","data":"<base64>"}`.
    struct Blob {
        var mimeType: String
        var data: String
    }

    /// A file Gemini fetches itself: `{"mimeType":"image/jpeg","fileUri":"gs://…"}`.
    struct FileData {
        var mimeType: String?
        var fileUri: String
    }

    /// A call the model made: `{"name":…,"args":{…}}`; newer models add an `id`.
    struct FunctionCall {
        var id: String?
        var name: String
        var args: JSONValue?
    }

    /// A tool's answer: `{"name":…,"response":{…}}`.
    struct FunctionResponse {
        var name: String
        var response: JSONValue
    }

    /// `{"functionDeclarations":[…]}`.
    struct Tool {
        var functionDeclarations: [FunctionDeclaration]
    }

    /// A function the model may call; `parameters` is Gemini's OpenAPI subset of JSON Schema.
    struct FunctionDeclaration {
        var name: String
        var description: String?
        var parameters: JSONValue?
    }

    /// `{"functionCallingConfig":{"mode":"AUTO"|"NONE"|"ANY","allowedFunctionNames":[…]}}`.
    struct ToolConfig {
        var functionCallingConfig: FunctionCallingConfig
    }

    /// How the model may call functions.
    struct FunctionCallingConfig {
        var mode: String
        var allowedFunctionNames: [String]?
    }

    /// Sampling, limits, structured output and thinking.
    struct GenerationConfig {
        var temperature: Double?
        var topP: Double?
        var maxOutputTokens: Int?
        var stopSequences: [String]?
        var responseMimeType: String?
        var responseSchema: JSONValue?
        var thinkingConfig: ThinkingConfig?

        var isEmpty: Bool {
            temperature == nil && topP == nil && maxOutputTokens == nil && stopSequences == nil
                && responseMimeType == nil && responseSchema == nil && thinkingConfig == nil
        }
    }

    /// `{"thinkingBudget":…,"includeThoughts":true}`; a budget of -1 lets the model decide.
    struct ThinkingConfig {
        var thinkingBudget: Int
        var includeThoughts: Bool
    }

    // MARK: Response

    /// A whole answer (`generateContent`) or one server-sent event of a streamed one, or an error (read by
    /// `GeminiWire+ResponseJSON.swift`).
    struct GenerateContentResponse {
        var candidates: [Candidate]?
        var promptFeedback: PromptFeedback?
        var usageMetadata: UsageMetadata?
        var modelVersion: String?
        var responseId: String?
        /// An error reported inside the stream: `{"code":…,"message":…,"status":…}`.
        var error: JSONValue?
    }

    /// One candidate answer; this plugin asks for one.
    struct Candidate {
        var content: Content?
        var finishReason: String?
        var safetyRatings: [SafetyRating]?
        var index: Int?
    }

    /// `{"category":"HARM_CATEGORY_…","probability":"NEGLIGIBLE"|"LOW"|"MEDIUM"|"HIGH","blocked":true}`.
    struct SafetyRating {
        var category: String?
        var probability: String?
        var blocked: Bool?
    }

    /// Why the prompt itself was refused: `{"blockReason":"SAFETY","safetyRatings":[…]}`.
    struct PromptFeedback {
        var blockReason: String?
        var blockReasonMessage: String?
        var safetyRatings: [SafetyRating]?
    }

    /// Token counts; `candidatesTokenCount` excludes `thoughtsTokenCount`, `promptTokenCount` includes
    /// `cachedContentTokenCount`.
    struct UsageMetadata {
        var promptTokenCount: Int?
        var candidatesTokenCount: Int?
        var cachedContentTokenCount: Int?
        var thoughtsTokenCount: Int?
        var totalTokenCount: Int?
    }

    // MARK: Models

    /// The body of `GET models`: one page of models and the token of the next.
    struct ModelList: Decodable {
        var models: [Model]?
        var nextPageToken: String?
    }

    /// One listed model: `{"name":"models/gemini-2.5-flash","displayName":…,"inputTokenLimit":…,…}`.
    struct Model: Decodable {
        var name: String
        var displayName: String?
        var inputTokenLimit: Int?
        var outputTokenLimit: Int?
        var supportedGenerationMethods: [String]?
        var thinking: Bool?
    }
}
