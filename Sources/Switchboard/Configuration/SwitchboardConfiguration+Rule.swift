public import SwitchboardKit

extension SwitchboardConfiguration {
    /// A planner rule (`routing.rules` entry): when the task matches `when`, candidates must meet `require`.
    public struct Rule: Sendable, Equatable {
        /// What the task must look like; empty matches everything.
        public var when: Condition
        /// What the chosen model must satisfy.
        public var require: Requirement

        /// Creates a rule.
        public init(when: Condition = Condition(), require: Requirement = Requirement()) {
            self.when = when
            self.require = require
        }
    }

    /// The task facts a rule matches on; each is optional, and all given ones must match.
    public struct Condition: Sendable, Equatable {
        /// The task type.
        public var task: TaskType?
        /// The risk.
        public var risk: Level?
        /// The area, free text such as `security`.
        public var area: String?
        /// The complexity.
        public var complexity: Level?

        /// Creates a condition.
        public init(task: TaskType? = nil, risk: Level? = nil, area: String? = nil, complexity: Level? = nil) {
            self.task = task
            self.risk = risk
            self.area = area
            self.complexity = complexity
        }
    }

    /// What a model must satisfy (a rule's `require`, or an agent's).
    public struct Requirement: Sendable, Equatable {
        /// The least tier.
        public var tier: Tier?
        /// Capabilities the model must have.
        public var capabilities: [Capability]
        /// Where the model must run.
        public var locality: Locality?
        /// The most the request may cost, in USD.
        public var maxCost: Double?
        /// The least context window, in tokens.
        public var minContextWindow: Int?
        /// A provider instance to use.
        public var provider: String?
        /// A model id to use.
        public var model: String?

        /// Creates a requirement; every argument has a default.
        public init(
            tier: Tier? = nil,
            capabilities: [Capability] = [],
            locality: Locality? = nil,
            maxCost: Double? = nil,
            minContextWindow: Int? = nil,
            provider: String? = nil,
            model: String? = nil
        ) {
            self.tier = tier
            self.capabilities = capabilities
            self.locality = locality
            self.maxCost = maxCost
            self.minContextWindow = minContextWindow
            self.provider = provider
            self.model = model
        }
    }

    /// A task type the planner knows.
    public enum TaskType: String, Sendable, Hashable, CaseIterable {
        /// Writing code.
        case codeGeneration = "code_generation"
        /// Reviewing code.
        case codeReview = "code_review"
        /// Reasoning.
        case reasoning
        /// Summaries.
        case summarization
        /// Diagnosing errors.
        case errorDiagnosis = "error_diagnosis"
        /// Interpreting data.
        case dataInterpretation = "data_interpretation"
        /// Generating workflows.
        case workflowGeneration = "workflow_generation"
        /// Anything else.
        case general
    }

    /// Low, medium or high (risk and complexity).
    public enum Level: String, Sendable, Hashable, CaseIterable {
        /// Low.
        case low
        /// Medium.
        case medium
        /// High.
        case high
    }

    /// Where a model must run.
    public enum Locality: String, Sendable, Hashable, CaseIterable {
        /// On this machine.
        case local
        /// In the cloud.
        case cloud
        /// Either.
        case any
    }
}

extension SwitchboardConfiguration.Rule {
    /// A `routing.rules` entry's keys.
    package static let schema = ConfigurationSchema<Self>(
        "routing.rules[]", what: "a planner rule (`when`, `require`)", doc: [], defaults: Self(),
        keys: [
            .section(
                "when", \.when, SwitchboardConfiguration.Condition.schema,
                doc: "When the rule applies: every condition given must match the request's task."),
            ConfigurationKey(
                "require", type: "mapping", doc: "What the chosen model must satisfy (`routing.rules[].require`).",
                required: "say what the chosen model must satisfy, such as `require: {tier: advanced}`",
                defaultText: "required",
                read: { reader, rule in if let require = reader.requirement() { rule.require = require } },
                render: { SwitchboardConfiguration.Requirement.schema.render($0.require) },
                nestedTables: { SwitchboardConfiguration.Requirement.schema.tables() }),
        ])
}

extension SwitchboardConfiguration.Condition {
    /// A rule's `when` keys.
    package static let schema = ConfigurationSchema<Self>(
        "routing.rules[].when", what: "task conditions", doc: [], defaults: Self(),
        keys: [
            .enumeration("task", \.task, what: "task type", doc: "The task type.", defaultText: "any"),
            .enumeration("risk", \.risk, what: "risk", doc: "The task's risk.", defaultText: "any"),
            .string("area", \.area, doc: "The task's area (free text).", defaultText: "any"),
            .enumeration(
                "complexity", \.complexity, what: "complexity", doc: "The task's complexity.", defaultText: "any"),
        ])
}

extension SwitchboardConfiguration.Requirement {
    /// The keys of a `require` (a rule's, an agent's, a gateway alias's).
    package static let schema = ConfigurationSchema<Self>(
        "routing.rules[].require", what: "model requirements", doc: [], defaults: Self(),
        keys: [
            .enumeration("tier", \.tier, what: "tier", doc: "The model's class.", defaultText: "any"),
            ConfigurationKey(
                "capabilities",
                type: "list of "
                    + SwitchboardConfiguration.Capability.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", "),
                doc: "What the model must be able to do.", defaultText: "`[]`",
                choices: SwitchboardConfiguration.Capability.allCases.map(\.rawValue),
                read: { reader, requirement in
                    requirement.capabilities =
                        reader.enumerations(SwitchboardConfiguration.Capability.self, what: "capability") ?? []
                },
                render: { $0.capabilities.isEmpty ? nil : .list($0.capabilities.map { .string($0.rawValue) }) }),
            .enumeration("locality", \.locality, what: "locality", doc: "Where the model runs.", defaultText: "any"),
            .number(
                "max_cost", \.maxCost, nonNegative: "it is a cost in USD",
                doc: "The most the request may cost on the model, in USD.", defaultText: "no limit"),
            .integer(
                "min_context_window", \.minContextWindow, minimum: 1, doc: "The smallest context window, in tokens.",
                defaultText: "any"),
            ConfigurationKey(
                "provider", type: "string", doc: "A defined provider instance.", defaultText: "any",
                read: { reader, requirement in requirement.provider = reader.providerName() },
                render: { $0.provider.map { .string($0) } }),
            .string("model", \.model, doc: "A model id.", defaultText: "any"),
        ])
}
