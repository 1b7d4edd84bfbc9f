/// A chat request in the one data model every provider speaks.
///
/// JSON keys are snake_case: `model`, `messages`, `tools`, `tool_choice`, `temperature`, `top_p`,
/// `max_output_tokens`, `stop`, `response_format`, `thinking`, `metadata`, `tags`. Only `model` and `messages` are required.
public struct ChatRequest: Codable, Sendable, Hashable {
    /// The provider's model id (`gpt-6.1-terra`, `llama3.2:3b`): what the provider is asked to run, and what a plugin reads.
    ///
    /// It is not what the caller asked for. Host code leaves it empty and names the model it wants with a
    /// `ModelSelector` (the CLI's `--model`, the gateway's `model` field), which `SwitchboardHost.resolve` turns into
    /// candidates; the strategy executor then sets this field to each candidate's model id before the request reaches
    /// that candidate's provider. Code that calls one provider directly sets it itself.
    public var model: String
    /// The conversation so far.
    public var messages: [Message]
    /// Tools the model may call.
    public var tools: [ToolDefinition]
    /// Whether and which tool the model must call.
    public var toolChoice: ToolChoice?
    /// Sampling temperature.
    public var temperature: Double?
    /// Nucleus sampling mass.
    public var topP: Double?
    /// The most output tokens to generate.
    public var maxOutputTokens: Int?
    /// Sequences that end generation.
    public var stop: [String]
    /// Plain text, any JSON object, or JSON matching a schema.
    public var responseFormat: ResponseFormat?
    /// How much the model may think before answering.
    public var thinking: ThinkingOptions?
    /// Free-form key/values carried with the request (tracing, users, routing hints).
    public var metadata: [String: String]
    /// Tags the usage ledger accounts the request under.
    public var tags: [String]

    /// Creates a request; leave `model` empty when the host chooses the model (see ``model``).
    public init(
        model: String = "",
        messages: [Message],
        tools: [ToolDefinition] = [],
        toolChoice: ToolChoice? = nil,
        temperature: Double? = nil,
        topP: Double? = nil,
        maxOutputTokens: Int? = nil,
        stop: [String] = [],
        responseFormat: ResponseFormat? = nil,
        thinking: ThinkingOptions? = nil,
        metadata: [String: String] = [:],
        tags: [String] = []
    ) {
        self.model = model
        self.messages = messages
        self.tools = tools
        self.toolChoice = toolChoice
        self.temperature = temperature
        self.topP = topP
        self.maxOutputTokens = maxOutputTokens
        self.stop = stop
        self.responseFormat = responseFormat
        self.thinking = thinking
        self.metadata = metadata
        self.tags = tags
    }

    private enum CodingKeys: String, CodingKey {
        case model, messages, tools, toolChoice = "tool_choice", temperature, topP = "top_p"
        case maxOutputTokens = "max_output_tokens", stop, responseFormat = "response_format", thinking, metadata, tags
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        model = try container.decode(String.self, forKey: .model)
        messages = try container.decode([Message].self, forKey: .messages)
        tools = try container.decodeIfPresent([ToolDefinition].self, forKey: .tools) ?? []
        toolChoice = try container.decodeIfPresent(ToolChoice.self, forKey: .toolChoice)
        temperature = try container.decodeIfPresent(Double.self, forKey: .temperature)
        topP = try container.decodeIfPresent(Double.self, forKey: .topP)
        maxOutputTokens = try container.decodeIfPresent(Int.self, forKey: .maxOutputTokens)
        stop = try container.decodeIfPresent([String].self, forKey: .stop) ?? []
        responseFormat = try container.decodeIfPresent(ResponseFormat.self, forKey: .responseFormat)
        thinking = try container.decodeIfPresent(ThinkingOptions.self, forKey: .thinking)
        metadata = try container.decodeIfPresent([String: String].self, forKey: .metadata) ?? [:]
        tags = try container.decodeIfPresent([String].self, forKey: .tags) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encode(messages, forKey: .messages)
        if !tools.isEmpty { try container.encode(tools, forKey: .tools) }
        try container.encodeIfPresent(toolChoice, forKey: .toolChoice)
        try container.encodeIfPresent(temperature, forKey: .temperature)
        try container.encodeIfPresent(topP, forKey: .topP)
        try container.encodeIfPresent(maxOutputTokens, forKey: .maxOutputTokens)
        if !stop.isEmpty { try container.encode(stop, forKey: .stop) }
        try container.encodeIfPresent(responseFormat, forKey: .responseFormat)
        try container.encodeIfPresent(thinking, forKey: .thinking)
        if !metadata.isEmpty { try container.encode(metadata, forKey: .metadata) }
        if !tags.isEmpty { try container.encode(tags, forKey: .tags) }
    }
}

/// A tool the model may call: a name, what it does, and its parameters as a JSON Schema.
///
/// JSON: `{"name":"get_weather","description":"…","parameters":{"type":"object",…}}`.
public struct ToolDefinition: Codable, Sendable, Hashable {
    /// The tool's name.
    public var name: String
    /// What the tool does, for the model.
    public var description: String?
    /// The JSON Schema of the arguments object.
    public var parameters: JSONValue

    /// Creates a tool definition.
    public init(name: String, description: String? = nil, parameters: JSONValue = ["type": "object"]) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }
}

/// Whether and which tool the model must call.
///
/// JSON: `"auto"`, `"none"`, `"required"`, or `{"name":"get_weather"}`.
public enum ToolChoice: Sendable, Hashable, Codable {
    case auto
    case none
    case required
    case tool(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let word = try? container.decode(String.self) {
            switch word {
            case "auto": self = .auto
            case "none": self = .none
            case "required": self = .required
            default:
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "unknown tool_choice \"\(word)\"; expected auto, none, required or {\"name\":…}"
                )
            }
        } else {
            let object = try container.decode([String: String].self)
            guard let name = object["name"] else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "tool_choice object needs \"name\"")
            }
            self = .tool(name)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .auto: try container.encode("auto")
        case .none: try container.encode("none")
        case .required: try container.encode("required")
        case .tool(let name): try container.encode(["name": name])
        }
    }
}

/// The shape the answer must take.
///
/// JSON: `{"type":"text"}`, `{"type":"json_object"}`, or
/// `{"type":"json_schema","name":"…","schema":{…},"strict":true}`.
public enum ResponseFormat: Sendable, Hashable, Codable {
    case text
    case jsonObject
    case jsonSchema(name: String, schema: JSONValue, strict: Bool)

    private enum CodingKeys: String, CodingKey { case type, name, schema, strict }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .type) {
        case "text": self = .text
        case "json_object": self = .jsonObject
        case "json_schema":
            self = .jsonSchema(
                name: try container.decodeIfPresent(String.self, forKey: .name) ?? "response",
                schema: try container.decode(JSONValue.self, forKey: .schema),
                strict: try container.decodeIfPresent(Bool.self, forKey: .strict) ?? true
            )
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .type,
                in: container,
                debugDescription: "unknown response_format type \"\(other)\"; expected text, json_object or json_schema"
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text: try container.encode("text", forKey: .type)
        case .jsonObject: try container.encode("json_object", forKey: .type)
        case .jsonSchema(let name, let schema, let strict):
            try container.encode("json_schema", forKey: .type)
            try container.encode(name, forKey: .name)
            try container.encode(schema, forKey: .schema)
            try container.encode(strict, forKey: .strict)
        }
    }
}

/// How much a model may think before it answers.
///
/// JSON: `{"budget_tokens":4096}` and/or `{"effort":"low"|"medium"|"high"}`.
public struct ThinkingOptions: Codable, Sendable, Hashable {
    /// The most tokens the model may spend thinking.
    public var budgetTokens: Int?
    /// A coarse effort level, for providers that take one instead of a budget.
    public var effort: String?

    /// Creates thinking options.
    public init(budgetTokens: Int? = nil, effort: String? = nil) {
        self.budgetTokens = budgetTokens
        self.effort = effort
    }

    private enum CodingKeys: String, CodingKey {
        case budgetTokens = "budget_tokens", effort
    }
}
