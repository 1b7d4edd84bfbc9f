public import SwitchboardKit

/// The provider instances the host knows, by name: from plugins and registered in-process by host code alike.
public final class ProviderRegistry: Sendable {
    private let providers = Locked<[String: any Provider]>([:])

    /// Creates an empty registry.
    public init() {}

    /// Adds `provider` under its name, replacing any provider of that name.
    public func register(_ provider: any Provider) {
        providers.withLock { $0[provider.name] = provider }
    }

    /// Removes the provider named `name`, returning it.
    @discardableResult
    public func remove(named name: String) -> (any Provider)? {
        providers.withLock { $0.removeValue(forKey: name) }
    }

    /// The provider named `name`.
    public func provider(named name: String) -> (any Provider)? {
        providers.withLock { $0[name] }
    }

    /// Every provider, sorted by name.
    public var all: [any Provider] {
        providers.withLock { Array($0.values) }.sorted { $0.name < $1.name }
    }

    /// The names of every provider, sorted.
    public var names: [String] {
        providers.withLock { Array($0.keys) }.sorted()
    }
}
