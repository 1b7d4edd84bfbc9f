/// What a caller names as the model to answer: nothing or `auto` (the router chooses), a routing alias
/// (`gateway.aliases`) or an agent (`agents`), `provider/model`, or a bare model id, optionally held to one provider
/// instance.
///
/// A selector is only text; ``SwitchboardHost/resolve(_:for:aliases:)`` reads it, the same way for the CLI, the
/// gateway and embedding programs, into a ``Route``. `docs/routing.md` states the rules.
///
/// ```swift
/// let route = try await host.resolve(ModelSelector("openai/gpt-6.1-terra"), for: request)
/// let result = try await host.complete(request, strategy: route.strategy, candidates: route.candidates)
/// ```
public struct ModelSelector: Sendable, Hashable, CustomStringConvertible {
    /// The name as given (`--model`, a request's `model` field); nil or empty for none.
    public var name: String?
    /// A provider instance the answer must come from (`--provider`), or nil for any.
    public var provider: String?

    /// The router chooses among every provider.
    public static let automatic = ModelSelector(nil)

    /// A selector for `name`, held to `provider` when one is given.
    public init(_ name: String?, provider: String? = nil) {
        self.name = name
        self.provider = provider
    }

    /// Whether the name leaves the choice to the router: no name, an empty one, or `auto`.
    package var isAutomatic: Bool {
        guard let name, !name.isEmpty else { return true }
        return name == "auto"
    }

    /// `openai/gpt-6.1-terra`, `gpt-6.1-terra (any provider)`, `auto (router's choice)`, `ollama/(router's choice)`.
    public var description: String {
        switch (provider, isAutomatic ? nil : name) {
        case (let provider?, let name?): "\(provider)/\(name)"
        case (let provider?, nil): "\(provider)/(router's choice)"
        case (nil, let name?): name
        case (nil, nil): "auto (router's choice)"
        }
    }
}
