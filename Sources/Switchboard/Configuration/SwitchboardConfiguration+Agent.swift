extension SwitchboardConfiguration {
    /// A named role (`agents` entry): pinned to a provider/model, or described by a requirement.
    public struct Agent: Sendable, Equatable {
        /// The role name (the key under `agents`).
        public var name: String
        /// The provider instance to use.
        public var provider: String?
        /// The model id to use.
        public var model: String?
        /// What the model must satisfy, when not pinned.
        public var require: Requirement?

        /// Creates an agent.
        public init(name: String, provider: String? = nil, model: String? = nil, require: Requirement? = nil) {
            self.name = name
            self.provider = provider
            self.model = model
            self.require = require
        }
    }
}

extension SwitchboardConfiguration.Agent {
    /// An `agents` entry's keys (the role's name is its key): pin a model, or describe one, not both.
    package static let schema = ConfigurationSchema<Self>(
        "agents.NAME", what: "agent settings", doc: [], defaults: Self(name: ""),
        keys: [
            ConfigurationKey(
                "provider", type: "string", doc: "The provider instance the role uses.", defaultText: "none",
                read: { reader, agent in agent.provider = reader.providerName() },
                render: { $0.provider.map { .string($0) } }),
            .string("model", \.model, doc: "The model id the role uses.", defaultText: "none"),
            ConfigurationKey(
                "require", type: "mapping",
                doc: "What the role's model must satisfy: the keys of a rule's `require` (`routing.rules[].require`).",
                defaultText: "none",
                read: { reader, agent in agent.require = reader.requirement() },
                render: { $0.require.map { SwitchboardConfiguration.Requirement.schema.render($0) } }),
        ])

    /// The `agents` key of the top level: named roles, each pinned or described.
    static let rolesKey = ConfigurationKey<SwitchboardConfiguration>.entries(
        "agents", \.agents, of: schema, named: \.name, what: "agents (name: settings)",
        doc: "Named roles: pinned to `{provider, model}`, or described by `{require: {…}}` like a rule.",
        example: [
            "reviewer: {require: {tier: advanced, capabilities: [code]}}",
            "summarizer: {provider: ollama, model: llama3.1:8b}",
        ],
        accept: { agent, reader in
            guard reader.isMapping || reader.isNull else { return false }
            let pins = reader.child("provider") != nil || reader.child("model") != nil
            let describes = reader.child("require") != nil
            if !pins && !describes {
                reader.failAtName(
                    .invalidValue,
                    "agent `\(agent.name)` says nothing about its model: give `provider` (and optionally `model`), "
                        + "or `require: {…}`")
            } else if pins && describes {
                reader.failAtName(
                    .invalidValue,
                    "agent `\(agent.name)` gives both `provider`/`model` and `require`; pin a model or describe one, "
                        + "not both (put `provider`/`model` inside `require` to combine them)")
            }
            return true
        })
}
