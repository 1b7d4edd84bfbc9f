/// What a ``ModelSelector`` resolved to (``SwitchboardHost/resolve(_:for:aliases:)``): the ranked candidates, the
/// strategy to run over them, and what the selector named.
///
/// ```swift
/// let route = try await host.resolve(ModelSelector("cheap"), for: request)
/// let result = try await host.complete(request, strategy: route.strategy, candidates: route.candidates)
/// ```
public struct Route: Sendable {
    /// What a selector named.
    public enum Target: Sendable, Hashable, CustomStringConvertible {
        /// Nothing, or `auto` without an alias of that name: the router chose.
        case router
        /// A routing alias (`gateway.aliases`), by name.
        case alias(String)
        /// An agent (`agents`), by name.
        case agent(String)
        /// A model id, of one provider instance or of any that offers it.
        case model(provider: String?, id: String)

        /// `auto (router's choice)`, `cheap (alias)`, `reviewer (agent)`, `openai/gpt-6.1-terra`, `gpt-6.1-terra (any provider)`.
        public var description: String {
            switch self {
            case .router: "auto (router's choice)"
            case .alias(let name): "\(name) (alias)"
            case .agent(let name): "\(name) (agent)"
            case .model(let provider?, let id): "\(provider)/\(id)"
            case .model(nil, let id): "\(id) (any provider)"
            }
        }
    }

    /// The selector as given.
    public var selector: ModelSelector
    /// What it named.
    public var target: Target
    /// The candidates, best first; each carries its ``RouteCandidate/availability``.
    public var candidates: [RouteCandidate]
    /// The strategy to run over ``candidates``: the alias's, else the configuration's `routing.strategy`.
    public var strategy: ExecutionStrategy
    /// The router's decision behind ``candidates``; nil when the router did not rank them (a model the catalog does
    /// not list).
    public var decision: RouteDecision?

    /// Creates a route.
    public init(
        selector: ModelSelector, target: Target, candidates: [RouteCandidate], strategy: ExecutionStrategy,
        decision: RouteDecision? = nil
    ) {
        self.selector = selector
        self.target = target
        self.candidates = candidates
        self.strategy = strategy
        self.decision = decision
    }

    /// The alias or agent the selector named, or nil.
    public var alias: String? {
        switch target {
        case .alias(let name), .agent(let name): name
        case .router, .model: nil
        }
    }
}
