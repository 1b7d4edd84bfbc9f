public import SwitchboardKit

/// What a request needs from a model: hard constraints (capabilities, tier, locality, cost, context, exclusions,
/// pins) and the task facts planner rules match on (task type, risk, area, complexity).
public struct Requirements: Sendable, Hashable {
    /// Capabilities the model must all have.
    public var capabilities: Set<Capability>
    /// The task type; nil until classified.
    public var task: SwitchboardConfiguration.TaskType?
    /// The expected size of the request, which prices candidates.
    public var tokens: TokenEstimate
    /// The most the request may cost, USD.
    public var maxCost: Double?
    /// The least tier.
    public var tier: Tier?
    /// Where the model may and should run.
    public var locality: LocalityPreference
    /// The risk of getting it wrong.
    public var risk: SwitchboardConfiguration.Level?
    /// The area, free text such as `security`.
    public var area: String?
    /// How hard the task is.
    public var complexity: SwitchboardConfiguration.Level?
    /// Provider instances not to use.
    public var excludedProviders: Set<String>
    /// The least context window, tokens.
    public var minContextWindow: Int?
    /// A provider instance to use.
    public var provider: String?
    /// A model id to use.
    public var model: String?

    /// Creates requirements; every argument has a default that constrains nothing.
    public init(
        capabilities: Set<Capability> = [],
        task: SwitchboardConfiguration.TaskType? = nil,
        tokens: TokenEstimate = .typical,
        maxCost: Double? = nil,
        tier: Tier? = nil,
        locality: LocalityPreference = .any,
        risk: SwitchboardConfiguration.Level? = nil,
        area: String? = nil,
        complexity: SwitchboardConfiguration.Level? = nil,
        excludedProviders: Set<String> = [],
        minContextWindow: Int? = nil,
        provider: String? = nil,
        model: String? = nil
    ) {
        self.capabilities = capabilities
        self.task = task
        self.tokens = tokens
        self.maxCost = maxCost
        self.tier = tier
        self.locality = locality
        self.risk = risk
        self.area = area
        self.complexity = complexity
        self.excludedProviders = excludedProviders
        self.minContextWindow = minContextWindow
        self.provider = provider
        self.model = model
    }

    /// What `request` needs by its shape: its ``TokenEstimate``, `vision` for images, `tools` for tool definitions,
    /// `json_schema` for a schema response format, `thinking` for a thinking budget.
    public init(_ request: ChatRequest) {
        var capabilities: Set<Capability> = []
        if request.messages.contains(where: { $0.content.contains { if case .image = $0 { true } else { false } } }) {
            capabilities.insert(.vision)
        }
        if !request.tools.isEmpty { capabilities.insert(.tools) }
        if case .jsonSchema = request.responseFormat { capabilities.insert(.jsonSchema) }
        if request.thinking != nil { capabilities.insert(.thinking) }
        self.init(capabilities: capabilities, tokens: TokenEstimate(request))
    }

    /// The capabilities a candidate must not have: an embedding model answers embeddings requests only, so a request
    /// that does not require `embeddings` excludes the models that have it.
    public var excludedCapabilities: Set<Capability> {
        capabilities.contains(.embeddings) ? [] : [.embeddings]
    }

    /// Whether `model` may answer a request of these requirements as far as its kind goes: an embedding model only an
    /// embeddings request, any other model only a chat request.
    public func admitsKind(of model: ModelInfo) -> Bool {
        model.capabilities.contains(.embeddings) == capabilities.contains(.embeddings)
    }

    /// A configuration requirement (a rule's or an agent's `require`) as router requirements.
    public init(_ requirement: SwitchboardConfiguration.Requirement) {
        self.init()
        apply(requirement)
    }

    /// Tightens these requirements by `requirement`: the higher tier, the union of capabilities, the lower cost cap,
    /// the larger context window; its locality, provider and model only where these leave them open.
    public mutating func apply(_ requirement: SwitchboardConfiguration.Requirement) {
        if let tier = requirement.tier { self.tier = max(self.tier ?? tier, tier) }
        capabilities.formUnion(requirement.capabilities)
        if locality == .any, let wanted = requirement.locality {
            locality =
                switch wanted {
                case .local: .local
                case .cloud: .cloud
                case .any: .any
                }
        }
        if let cap = requirement.maxCost { maxCost = min(maxCost ?? cap, cap) }
        if let window = requirement.minContextWindow { minContextWindow = max(minContextWindow ?? window, window) }
        if provider == nil { provider = requirement.provider }
        if model == nil { model = requirement.model }
    }

    /// Whether the task facts meet `condition` (every fact it names is equal; areas compare case-insensitively).
    public func meets(_ condition: SwitchboardConfiguration.Condition) -> Bool {
        if let wanted = condition.task, task != wanted { return false }
        if let wanted = condition.risk, risk != wanted { return false }
        if let wanted = condition.complexity, complexity != wanted { return false }
        if let wanted = condition.area, area?.lowercased() != wanted.lowercased() { return false }
        return true
    }
}
