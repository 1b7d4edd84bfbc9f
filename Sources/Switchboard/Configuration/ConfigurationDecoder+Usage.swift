extension ConfigurationDecoder {
    // MARK: - Usage

    static let usageKeys = ["enabled", "ledger", "cache"]
    static let usageCacheKeys = ["enabled", "ttl_seconds", "store", "max_entries"]

    /// The `usage` section; `budgets` (already decoded) need the section enabled.
    func decodeUsage(
        _ node: YAMLNode, _ path: String, budgets: [SwitchboardConfiguration.Budget]
    ) -> SwitchboardConfiguration.UsageTracking {
        var usage = SwitchboardConfiguration.UsageTracking()
        guard let fields = fields(node, path, allowed: Self.usageKeys, what: "usage settings") else { return usage }
        if let node = fields["enabled"], let value = boolean(node, Self.child(path, "enabled")) {
            usage.enabled = value
            if !value && !budgets.isEmpty {
                fail(
                    .invalidValue,
                    "budgets need the usage ledger, but `usage.enabled` is false; remove the \(budgets.count) budget(s) "
                        + "or turn usage on (use `ledger: memory` to keep nothing on disk)",
                    at: node.mark, Self.child(path, "enabled"))
            }
        }
        if let node = fields["ledger"], let value = string(node, Self.child(path, "ledger")) {
            if value == "memory" {
                usage.ledger = .memory
            } else if value.isEmpty {
                fail(
                    .invalidValue, "expected a file path or `memory`, found an empty string",
                    at: node.mark, Self.child(path, "ledger"))
            } else {
                usage.ledger = .file(resolvedPath(value))
            }
        }
        if let node = fields["cache"] { usage.cache = decodeResponseCache(node, Self.child(path, "cache")) }
        return usage
    }

    private func decodeResponseCache(
        _ node: YAMLNode, _ path: String
    ) -> SwitchboardConfiguration.UsageTracking.ResponseCache {
        var cache = SwitchboardConfiguration.UsageTracking.ResponseCache()
        guard let fields = fields(node, path, allowed: Self.usageCacheKeys, what: "response cache settings") else {
            return cache
        }
        if let node = fields["enabled"], let value = boolean(node, Self.child(path, "enabled")) {
            cache.enabled = value
        }
        if let node = fields["ttl_seconds"], let value = integer(node, Self.child(path, "ttl_seconds"), minimum: 1) {
            cache.ttlSeconds = value
        }
        if let node = fields["store"],
            let store = enumeration(
                node, Self.child(path, "store"), as: SwitchboardConfiguration.UsageTracking.ResponseCache.Store.self,
                what: "cache store")
        {
            cache.store = store
        }
        if let node = fields["max_entries"], let value = integer(node, Self.child(path, "max_entries"), minimum: 1) {
            cache.maxEntries = value
        }
        return cache
    }

    /// A budget's `alert_at`: fractions of the limit (each > 0), sorted, without duplicates.
    func alertThresholds(_ node: YAMLNode, _ path: String) -> [Double] {
        var thresholds: Set<Double> = []
        for (index, element) in list(node, path, what: "fractions of the limit, such as `[0.5, 0.8]`").enumerated() {
            let elementPath = Self.element(path, index)
            guard let value = number(element, elementPath) else { continue }
            guard value > 0 else {
                fail(
                    .invalidValue, "an alert threshold is a fraction of the limit above 0 (0.8 = 80 %), found \(value)",
                    at: element.mark, elementPath)
                continue
            }
            thresholds.insert(value)
        }
        return thresholds.sorted()
    }

    /// A relative `path` resolved against the configuration's directory; `~/…` stays as written (the ledger resolves
    /// it against the home directory when it opens, so the rendered configuration reads back the same).
    private func resolvedPath(_ path: String) -> String {
        if path.hasPrefix("~/") { return path }
        return ConfigurationLoader.join(configurationDirectory ?? ".", path)
    }
}
