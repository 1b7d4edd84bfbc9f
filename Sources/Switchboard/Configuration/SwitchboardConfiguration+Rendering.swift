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
        if !pluginSearchPaths.isEmpty { header += "# plugin search paths: \(pluginSearchPaths.joined(separator: ":"))\n" }
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
        ]
        if !plugins.checksums.isEmpty {
            pluginsNode.append(("checksums", .map(plugins.checksums.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
        }
        root.append(("plugins", .map(pluginsNode)))
        root.append(("providers", .map(providers.map { ($0.name, render($0, path: "providers.\($0.name)")) })))
        root.append(("routing", render(routing)))
        root.append(("agents", .map(agents.map { agent in
            var fields: [(String, RenderNode)] = []
            if let provider = agent.provider { fields.append(("provider", .string(provider))) }
            if let model = agent.model { fields.append(("model", .string(model))) }
            if let require = agent.require { fields.append(("require", render(require))) }
            return (agent.name, .map(fields))
        })))
        root.append(("budgets", .list(budgets.map { budget in
            var fields: [(String, RenderNode)] = [
                ("name", .string(budget.name)), ("period", .string(budget.period.rawValue)), ("limit_usd", .number(budget.limitUSD)),
            ]
            if let provider = budget.provider { fields.append(("provider", .string(provider))) }
            if let tag = budget.tag { fields.append(("tag", .string(tag))) }
            fields.append(("action", .string(budget.action.rawValue)))
            if !budget.alertAt.isEmpty { fields.append(("alert_at", .list(budget.alertAt.map { .number($0) }))) }
            return .map(fields)
        })))
        root.append(("usage", .map([
            ("enabled", .bool(usage.enabled)), ("ledger", .string(usage.ledger.description)),
            ("cache", .map([
                ("enabled", .bool(usage.cache.enabled)), ("ttl_seconds", .scalar(String(usage.cache.ttlSeconds))),
                ("store", .string(usage.cache.store.rawValue)), ("max_entries", .scalar(String(usage.cache.maxEntries))),
            ])),
        ])))
        root.append(("gateway", render(gateway)))
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
            if let rpm = provider.rateLimits.requestsPerMinute { limits.append(("requests_per_minute", .scalar(String(rpm)))) }
            if let tpm = provider.rateLimits.tokensPerMinute { limits.append(("tokens_per_minute", .scalar(String(tpm)))) }
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
        fields.append(("fallbacks", .list(routing.fallbacks.map { fallback in
            var entry: [(String, RenderNode)] = [
                ("from", .string(fallback.from.description)), ("to", .list(fallback.to.map { .string($0.description) })),
            ]
            if let kinds = fallback.on { entry.append(("on", .list(kinds.map { .string($0.rawValue) }))) }
            return .map(entry)
        })))
        fields.append(("rules", .list(routing.rules.map { rule in
            var when: [(String, RenderNode)] = []
            if let task = rule.when.task { when.append(("task", .string(task.rawValue))) }
            if let risk = rule.when.risk { when.append(("risk", .string(risk.rawValue))) }
            if let area = rule.when.area { when.append(("area", .string(area))) }
            if let complexity = rule.when.complexity { when.append(("complexity", .string(complexity.rawValue))) }
            return .map([("when", .map(when)), ("require", render(rule.require))])
        })))
        fields.append(("retry", .map([
            ("max_attempts", .scalar(String(routing.retry.maxAttempts))),
            ("initial_backoff_ms", .scalar(String(routing.retry.initialBackoffMs))),
            ("max_backoff_ms", .scalar(String(routing.retry.maxBackoffMs))),
            ("budget_ratio", .number(routing.retry.budgetRatio)),
            ("budget_reserve", .scalar(String(routing.retry.budgetReserve))),
        ])))
        fields.append(("timeouts", .map([
            ("request_ms", .scalar(String(routing.timeouts.requestMs))),
            ("connect_ms", .scalar(String(routing.timeouts.connectMs))),
            ("first_token_ms", .scalar(String(routing.timeouts.firstTokenMs))),
        ])))
        fields.append(("circuit_breaker", .map([
            ("failure_threshold", .scalar(String(routing.circuitBreaker.failureThreshold))),
            ("cooldown_ms", .scalar(String(routing.circuitBreaker.cooldownMs))),
            ("max_cooldown_ms", .scalar(String(routing.circuitBreaker.maxCooldownMs))),
        ])))
        fields.append(("stream_failure", .string(routing.streamFailure.rawValue)))
        fields.append(("health_checks", .map([
            ("interval_ms", .scalar(String(routing.healthChecks.intervalMs))),
            ("timeout_ms", .scalar(String(routing.healthChecks.timeoutMs))),
        ])))
        fields.append(("max_wait_ms", .scalar(String(routing.maxWaitMs))))
        return .map(fields)
    }

    private func render(_ gateway: Gateway) -> RenderNode {
        let keys: [RenderNode] = gateway.keys.map { key in
            var fields: [(String, RenderNode)] = [("name", .string(key.name)), ("key", .string(Self.secretMask))]
            if let models = key.models { fields.append(("models", .list(models.map { .string($0) }))) }
            if let limit = key.requestsPerMinute { fields.append(("requests_per_minute", .scalar(String(limit)))) }
            if let limit = key.maxConcurrentStreams {
                fields.append(("max_concurrent_streams", .scalar(String(limit))))
            }
            return .map(fields)
        }
        let aliases: [(String, RenderNode)] = gateway.aliases.map { alias in
            var fields: [(String, RenderNode)] = []
            if let require = alias.require { fields.append(("require", render(require))) }
            if let strategy = alias.strategy { fields.append(("strategy", .string(strategy.rawValue))) }
            return (alias.name, .map(fields))
        }
        var fields: [(String, RenderNode)] = [
            ("host", .string(gateway.host)), ("port", .scalar(String(gateway.port))), ("keys", .list(keys)),
            ("allow_unauthenticated_non_loopback", .bool(gateway.allowUnauthenticatedNonLoopback)),
            ("max_body_bytes", .scalar(String(gateway.maxBodyBytes))),
            ("max_header_bytes", .scalar(String(gateway.maxHeaderBytes))),
            ("max_messages", .scalar(String(gateway.maxMessages))),
        ]
        if let limit = gateway.maxOutputTokens { fields.append(("max_output_tokens", .scalar(String(limit)))) }
        if let limit = gateway.maxConcurrentStreamsPerKey {
            fields.append(("max_concurrent_streams_per_key", .scalar(String(limit))))
        }
        fields += [
            ("request_header_timeout_ms", .scalar(String(gateway.requestHeaderTimeoutMs))),
            ("request_body_timeout_ms", .scalar(String(gateway.requestBodyTimeoutMs))),
            ("shutdown_timeout_ms", .scalar(String(gateway.shutdownTimeoutMs))), ("aliases", .map(aliases)),
        ]
        return .map(fields)
    }

    private func render(_ requirement: Requirement) -> RenderNode {
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

/// A YAML tree to print: scalars are already formatted (quoted where needed).
private indirect enum RenderNode {
    case scalar(String)
    case list([RenderNode])
    case map([(String, RenderNode)])

    /// A string, with the credentials of any URL in it hidden.
    static func string(_ text: String) -> RenderNode {
        .scalar(quoted(SecretPolicy.redactingURLs(in: text, mask: SwitchboardConfiguration.secretMask)))
    }
    static func bool(_ value: Bool) -> RenderNode { .scalar(value ? "true" : "false") }
    static func number(_ value: Double) -> RenderNode {
        if value.isNaN { return .scalar(".nan") }
        if value.isInfinite { return .scalar(value < 0 ? "-.inf" : ".inf") }
        if value.rounded() == value, abs(value) < 1e15 { return .scalar(String(Int64(value))) }
        return .scalar(String(value))
    }

    init(json: JSONValue) {
        switch json {
        case .null: self = .scalar("null")
        case .bool(let value): self = .bool(value)
        case .number(let value): self = .number(value)
        case .string(let value): self = .string(value)
        case .array(let values): self = .list(values.map(RenderNode.init(json:)))
        case .object(let object): self = .map(object.keys.sorted().map { ($0, RenderNode(json: object[$0]!)) })
        }
    }

    /// This tree with every secret path hidden (see ``hidden(_:path:)``).
    func masked(_ configuration: SwitchboardConfiguration, policy: SecretPolicy, path: String) -> RenderNode {
        if !path.isEmpty, configuration.isSecret(keyPath: path, policy: policy) {
            return hidden(configuration, path: path)
        }
        switch self {
        case .scalar: return self
        case .list(let elements):
            return .list(
                elements.enumerated().map {
                    $0.element.masked(configuration, policy: policy, path: "\(path)[\($0.offset)]")
                })
        case .map(let fields):
            return .map(
                fields.map { key, value in
                    (key, value.masked(configuration, policy: policy, path: path.isEmpty ? key : "\(path).\(key)"))
                })
        }
    }

    /// This secret tree with every scalar replaced by the mask, followed by a comment naming the variables it came
    /// from when known; maps keep their keys, so the user sees which values are set.
    func hidden(_ configuration: SwitchboardConfiguration, path: String) -> RenderNode {
        switch self {
        case .scalar:
            let mask = RenderNode.quoted(SwitchboardConfiguration.secretMask)
            guard let variables = configuration.variableSources[path], !variables.isEmpty else { return .scalar(mask) }
            return .scalar(mask + "  # from " + variables.map { "${\($0)}" }.joined(separator: ", "))
        case .list(let elements):
            return .list(elements.enumerated().map { $0.element.hidden(configuration, path: "\(path)[\($0.offset)]") })
        case .map(let fields):
            return .map(fields.map { key, value in (key, value.hidden(configuration, path: "\(path).\(key)")) })
        }
    }

    func emit(into lines: inout [String], indent: Int) {
        let pad = String(repeating: " ", count: indent)
        switch self {
        case .scalar(let text):
            lines.append(pad + text)
        case .list(let elements):
            for element in elements {
                switch element {
                case .scalar(let text): lines.append("\(pad)- \(text)")
                case .list(let inner) where inner.isEmpty: lines.append("\(pad)- []")
                case .map(let inner) where inner.isEmpty: lines.append("\(pad)- {}")
                default:
                    var nested: [String] = []
                    element.emit(into: &nested, indent: indent + 2)
                    if var first = nested.first {
                        first.replaceSubrange(first.startIndex..<first.index(first.startIndex, offsetBy: indent + 2), with: pad + "- ")
                        lines.append(first)
                        lines += nested.dropFirst()
                    }
                }
            }
        case .map(let fields):
            for (key, value) in fields {
                let label = pad + RenderNode.quoted(key) + ":"
                switch value {
                case .scalar(let text): lines.append("\(label) \(text)")
                case .list(let inner) where inner.isEmpty: lines.append("\(label) []")
                case .map(let inner) where inner.isEmpty: lines.append("\(label) {}")
                case .list:
                    lines.append(label)
                    value.emit(into: &lines, indent: indent + 2)
                case .map:
                    lines.append(label)
                    value.emit(into: &lines, indent: indent + 2)
                }
            }
        }
    }

    /// `text` as a plain scalar when that reads back as the same string, else double-quoted.
    static func quoted(_ text: String) -> String {
        let safeFirst = text.unicodeScalars.first.map { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "." || $0 == "/" } ?? false
        let safe = safeFirst && !text.hasSuffix(":")
            && text.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "_./:@+-".unicodeScalars.contains($0) }
            && YAMLNode.coreSchemaValue(ofPlain: text) == .string(text)
        if safe { return text }
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
