extension SwitchboardConfiguration {
    /// A model name that routes (a `gateway.aliases` entry): the router ranks candidates for the request under
    /// ``require``, and ``strategy`` runs over them.
    public struct RoutingAlias: Sendable, Equatable {
        /// The name clients put in `model`, such as `auto`, `cheap` or `best-code`.
        public var name: String
        /// What the chosen model must satisfy, on top of what the request's shape needs.
        public var require: Requirement?
        /// The strategy; nil for `routing.strategy`.
        public var strategy: Strategy?

        /// Creates an alias.
        public init(name: String, require: Requirement? = nil, strategy: Strategy? = nil) {
            self.name = name
            self.require = require
            self.strategy = strategy
        }
    }
}
