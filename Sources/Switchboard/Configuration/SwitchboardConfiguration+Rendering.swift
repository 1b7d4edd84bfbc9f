public import SwitchboardKit

extension SwitchboardConfiguration {
    /// The text that replaces secret values in rendered output.
    public static let secretMask = "********"

    /// The effective configuration as YAML (for `switchboard config check`), with every secret replaced by `********`.
    ///
    /// What is secret is `policy`'s decision (``isSecret(keyPath:policy:)``): a hidden value is followed by a comment
    /// naming the variables it was read from (`api_key: "********"  # from ${OPENAI_API_KEY}`); a hidden map keeps
    /// its keys and hides every value; every other string has its URL credentials hidden
    /// (``SecretPolicy/redactingURL(_:mask:)``). The output starts with comments naming the source, the profile and
    /// the plugin search paths, and decodes back to this configuration (apart from the masked secrets).
    /// - Parameter policy: the secret policy, with the installed plugins' manifests when they are known.
    /// - Returns: YAML text.
    public func renderedYAML(policy: SecretPolicy = SecretPolicy()) -> String {
        var header = "# Effective Switchboard configuration\n# source: \(source)\n"
        if let activeProfile { header += "# profile: \(activeProfile)\n" }
        if !pluginSearchPaths.isEmpty {
            header += "# plugin search paths: \(pluginSearchPaths.joined(separator: ":"))\n"
        }
        var root: [(String, RenderNode)] = [("version", .scalar(String(version)))]
        var pluginsNode: [(String, RenderNode)] = [
            ("directories", .list(plugins.directories.map { .string($0) })),
            ("include_default_directories", .bool(plugins.includeDefaultDirectories)),
        ]
        if let enable = plugins.enable { pluginsNode.append(("enable", .list(enable.map { .string($0) }))) }
        pluginsNode += [
            ("disable", .list(plugins.disable.map { .string($0) })),
            ("allow_compiler_mismatch", .bool(plugins.allowCompilerMismatch)),
            ("allow_untrusted_paths", .bool(plugins.allowUntrustedPaths)),
            ("scan_timeout_ms", .scalar(String(plugins.scanTimeoutMs))),
            ("cache", plugins.cache.map { .string($0) } ?? .string("off")),
        ]
        if !plugins.checksums.isEmpty {
            pluginsNode.append(
                ("checksums", .map(plugins.checksums.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
        }
        root.append(("plugins", .map(pluginsNode)))
        root.append(("providers", .map(providers.map { ($0.name, render($0, path: "providers.\($0.name)")) })))
        root.append(("routing", render(routing)))
        root.append(
            (
                "agents",
                .map(
                    agents.map { agent in
                        var fields: [(String, RenderNode)] = []
                        if let provider = agent.provider { fields.append(("provider", .string(provider))) }
                        if let model = agent.model { fields.append(("model", .string(model))) }
                        if let require = agent.require { fields.append(("require", Self.render(require))) }
                        return (agent.name, .map(fields))
                    })
            ))
        root.append(
            (
                "budgets",
                .list(
                    budgets.map { budget in
                        var fields: [(String, RenderNode)] = [
                            ("name", .string(budget.name)), ("period", .string(budget.period.rawValue)),
                            ("limit_usd", .number(budget.limitUSD)),
                        ]
                        if let provider = budget.provider { fields.append(("provider", .string(provider))) }
                        if let tag = budget.tag { fields.append(("tag", .string(tag))) }
                        fields.append(("action", .string(budget.action.rawValue)))
                        if !budget.alertAt.isEmpty {
                            fields.append(("alert_at", .list(budget.alertAt.map { .number($0) })))
                        }
                        return .map(fields)
                    })
            ))
        root.append(
            (
                "usage",
                .map([
                    ("enabled", .bool(usage.enabled)), ("ledger", .string(usage.ledger.description)),
                    (
                        "cache",
                        .map([
                            ("enabled", .bool(usage.cache.enabled)),
                            ("ttl_seconds", .scalar(String(usage.cache.ttlSeconds))),
                            ("store", .string(usage.cache.store.rawValue)),
                            ("max_entries", .scalar(String(usage.cache.maxEntries))),
                        ])
                    ),
                ])
            ))
        root += sections.entries.map { ($0.name, $0.value.rendered()) }
        var lines: [String] = []
        RenderNode.map(root).masked(self, policy: policy, path: "").emit(into: &lines, indent: 0)
        return header + lines.joined(separator: "\n") + "\n"
    }

    private func render(_ provider: Provider, path: String) -> RenderNode {
        var fields: [(String, RenderNode)] = [
            ("plugin", .string(provider.plugin)), ("enabled", .bool(provider.enabled)),
            ("priority", .scalar(String(provider.priority))), ("local", .bool(provider.local)),
            ("settings", RenderNode(json: provider.settings)),
        ]
        if provider.isolation != .inProcess { fields.append(("isolation", .string(provider.isolation.rawValue))) }
        if !provider.models.isEmpty {
            fields.append(("models", .map(provider.models.map { ($0.id, render($0, includeID: false)) })))
        }
        if !provider.extraModels.isEmpty {
            fields.append(("extra_models", .list(provider.extraModels.map { render($0, includeID: true) })))
        }
        if provider.rateLimits != RateLimits() {
            var limits: [(String, RenderNode)] = []
            if let rpm = provider.rateLimits.requestsPerMinute {
                limits.append(("requests_per_minute", .scalar(String(rpm))))
            }
            if let tpm = provider.rateLimits.tokensPerMinute {
                limits.append(("tokens_per_minute", .scalar(String(tpm))))
            }
            fields.append(("rate_limits", .map(limits)))
        }
        return .map(fields)
    }

    private func render(_ model: Model, includeID: Bool) -> RenderNode {
        var fields: [(String, RenderNode)] = includeID ? [("id", .string(model.id))] : []
        if let name = model.displayName { fields.append(("display_name", .string(name))) }
        if let pricing = model.pricing {
            let prices: [(String, Double?)] = [
                ("input", pricing.input), ("output", pricing.output), ("cache_read", pricing.cacheRead),
                ("cache_write", pricing.cacheWrite), ("reasoning", pricing.reasoning),
            ]
            fields.append(("pricing", .map(prices.compactMap { key, value in value.map { (key, .number($0)) } })))
        }
        if let value = model.contextWindow { fields.append(("context_window", .scalar(String(value)))) }
        if let value = model.maxOutputTokens { fields.append(("max_output_tokens", .scalar(String(value)))) }
        if let value = model.capabilities { fields.append(("capabilities", .list(value.map { .string($0.rawValue) }))) }
        if let value = model.tier { fields.append(("tier", .string(value.rawValue))) }
        return .map(fields)
    }

    private func render(_ routing: Routing) -> RenderNode {
        var fields: [(String, RenderNode)] = [
            ("strategy", .string(routing.strategy.rawValue)), ("prefer_local", .bool(routing.preferLocal)),
        ]
        if let cost = routing.maxCostPerRequest { fields.append(("max_cost_per_request", .number(cost))) }
        fields.append(
            (
                "fallbacks",
                .list(
                    routing.fallbacks.map { fallback in
                        var entry: [(String, RenderNode)] = [
                            ("from", .string(fallback.from.description)),
                            ("to", .list(fallback.to.map { .string($0.description) })),
                        ]
                        if let kinds = fallback.on { entry.append(("on", .list(kinds.map { .string($0.rawValue) }))) }
                        return .map(entry)
                    })
            ))
        fields.append(
            (
                "rules",
                .list(
                    routing.rules.map { rule in
                        var when: [(String, RenderNode)] = []
                        if let task = rule.when.task { when.append(("task", .string(task.rawValue))) }
                        if let risk = rule.when.risk { when.append(("risk", .string(risk.rawValue))) }
                        if let area = rule.when.area { when.append(("area", .string(area))) }
                        if let complexity = rule.when.complexity {
                            when.append(("complexity", .string(complexity.rawValue)))
                        }
                        return .map([("when", .map(when)), ("require", Self.render(rule.require))])
                    })
            ))
        fields.append(
            (
                "retry",
                .map([
                    ("max_attempts", .scalar(String(routing.retry.maxAttempts))),
                    ("initial_backoff_ms", .scalar(String(routing.retry.initialBackoffMs))),
                    ("max_backoff_ms", .scalar(String(routing.retry.maxBackoffMs))),
                    ("budget_ratio", .number(routing.retry.budgetRatio)),
                    ("budget_reserve", .scalar(String(routing.retry.budgetReserve))),
                ])
            ))
        fields.append(
            (
                "timeouts",
                .map([
                    ("request_ms", .scalar(String(routing.timeouts.requestMs))),
                    ("connect_ms", .scalar(String(routing.timeouts.connectMs))),
                    ("first_token_ms", .scalar(String(routing.timeouts.firstTokenMs))),
                ])
            ))
        fields.append(
            (
                "circuit_breaker",
                .map([
                    ("failure_threshold", .scalar(String(routing.circuitBreaker.failureThreshold))),
                    ("cooldown_ms", .scalar(String(routing.circuitBreaker.cooldownMs))),
                    ("max_cooldown_ms", .scalar(String(routing.circuitBreaker.maxCooldownMs))),
                ])
            ))
        fields.append(("stream_failure", .string(routing.streamFailure.rawValue)))
        fields.append(
            (
                "health_checks",
                .map([
                    ("interval_ms", .scalar(String(routing.healthChecks.intervalMs))),
                    ("timeout_ms", .scalar(String(routing.healthChecks.timeoutMs))),
                ])
            ))
        fields.append(("max_wait_ms", .scalar(String(routing.maxWaitMs))))
        return .map(fields)
    }

    /// A routing requirement (a rule's, an agent's or an alias's `require`) as YAML.
    package static func render(_ requirement: Requirement) -> RenderNode {
        var fields: [(String, RenderNode)] = []
        if let tier = requirement.tier { fields.append(("tier", .string(tier.rawValue))) }
        if !requirement.capabilities.isEmpty {
            fields.append(("capabilities", .list(requirement.capabilities.map { .string($0.rawValue) })))
        }
        if let locality = requirement.locality { fields.append(("locality", .string(locality.rawValue))) }
        if let cost = requirement.maxCost { fields.append(("max_cost", .number(cost))) }
        if let window = requirement.minContextWindow { fields.append(("min_context_window", .scalar(String(window)))) }
        if let provider = requirement.provider { fields.append(("provider", .string(provider))) }
        if let model = requirement.model { fields.append(("model", .string(model))) }
        return .map(fields)
    }
}
