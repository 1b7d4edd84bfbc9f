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
