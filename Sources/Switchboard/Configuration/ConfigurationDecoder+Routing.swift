extension ConfigurationDecoder {
    static let routingKeys = [
        "strategy", "prefer_local", "max_cost_per_request", "fallbacks", "rules", "retry", "timeouts",
        "circuit_breaker", "stream_failure", "health_checks", "max_wait_ms",
    ]
    static let requirementKeys = [
        "tier", "capabilities", "locality", "max_cost", "min_context_window", "provider", "model",
    ]

    func decodeRouting(_ node: YAMLNode, _ path: String, providers: [String]) -> SwitchboardConfiguration.Routing {
        var routing = SwitchboardConfiguration.Routing()
        guard let fields = fields(node, path, allowed: Self.routingKeys, what: "routing settings") else {
            return routing
        }
        if let node = fields["strategy"],
            let value = enumeration(
                node, Self.child(path, "strategy"), as: SwitchboardConfiguration.Strategy.self, what: "strategy")
        {
            routing.strategy = value
        }
        if let node = fields["prefer_local"], let value = boolean(node, Self.child(path, "prefer_local")) {
            routing.preferLocal = value
        }
        if let node = fields["max_cost_per_request"] {
            routing.maxCostPerRequest = number(
                node, Self.child(path, "max_cost_per_request"),
                nonNegative: "it is a cost in USD; leave it out for no limit")
        }
        if let node = fields["fallbacks"] {
            let fallbacksPath = Self.child(path, "fallbacks")
            for (index, element) in list(node, fallbacksPath, what: "fallback chains").enumerated() {
                if let fallback = fallback(element, Self.element(fallbacksPath, index), providers: providers) {
                    routing.fallbacks.append(fallback)
                }
            }
        }
        if let node = fields["rules"] {
            let rulesPath = Self.child(path, "rules")
            for (index, element) in list(node, rulesPath, what: "planner rules").enumerated() {
                routing.rules.append(rule(element, Self.element(rulesPath, index), providers: providers))
            }
        }
        if let node = fields["retry"] { routing.retry = retry(node, Self.child(path, "retry")) }
        if let node = fields["timeouts"] { routing.timeouts = timeouts(node, Self.child(path, "timeouts")) }
        if let node = fields["circuit_breaker"] {
            routing.circuitBreaker = circuitBreaker(node, Self.child(path, "circuit_breaker"))
        }
        if let node = fields["stream_failure"],
            let value = enumeration(
                node, Self.child(path, "stream_failure"), as: SwitchboardConfiguration.StreamFailure.self,
                what: "stream failure policy")
        {
            routing.streamFailure = value
        }
        if let node = fields["health_checks"] {
            routing.healthChecks = healthChecks(node, Self.child(path, "health_checks"))
        }
        if let node = fields["max_wait_ms"], let value = integer(node, Self.child(path, "max_wait_ms"), minimum: 0) {
            routing.maxWaitMs = value
        }
        return routing
    }

    func fallback(_ node: YAMLNode, _ path: String, providers: [String]) -> SwitchboardConfiguration.Fallback? {
        guard
            let fields = fields(
                node, path, allowed: ["from", "to", "on"], what: "a fallback chain (`from`, `to`, `on`)")
        else {
            return nil
        }
        var from: SwitchboardConfiguration.Target?
        if let node = fields["from"] {
            from = target(node, Self.child(path, "from"), providers: providers)
        } else {
            fail(
                .invalidValue, "missing required key `from`: name the provider or `provider/model` that fails",
                at: fields.mark, path)
        }
        var targets: [SwitchboardConfiguration.Target] = []
        if let node = fields["to"] {
            let toPath = Self.child(path, "to")
            let elements =
                node.scalar != nil ? [node] : list(node, toPath, what: "targets (`provider` or `provider/model`)")
            for (index, element) in elements.enumerated() {
                let elementPath = node.scalar != nil ? toPath : Self.element(toPath, index)
                if let target = target(element, elementPath, providers: providers) { targets.append(target) }
            }
            if elements.isEmpty && node.elements != nil {
                fail(
                    .invalidValue, "`to` is empty: list at least one `provider` or `provider/model` to fall back to",
                    at: node.mark, toPath)
            }
        } else {
            fail(
                .invalidValue, "missing required key `to`: list the providers or `provider/model`s to try instead",
                at: fields.mark, path)
        }
        var kinds: [SwitchboardConfiguration.ErrorKind]?
        if let node = fields["on"] {
            kinds = enums(node, Self.child(path, "on"), as: SwitchboardConfiguration.ErrorKind.self, what: "error kind")
        }
        guard let from else { return nil }
        return SwitchboardConfiguration.Fallback(from: from, to: targets, on: kinds)
    }

    func target(_ node: YAMLNode, _ path: String, providers: [String]) -> SwitchboardConfiguration.Target? {
        guard let text = string(node, path) else { return nil }
        let target = SwitchboardConfiguration.Target(parsing: text)
        guard checkProvider(target.provider, node, path, providers: providers) else { return nil }
        return target
    }

    /// Records an error unless `name` is a defined provider instance.
    @discardableResult
    func checkProvider(_ name: String, _ node: YAMLNode, _ path: String, providers: [String]) -> Bool {
        if providers.contains(name) { return true }
        let defined =
            providers.isEmpty
            ? "no providers are defined" : "providers defined here: \(providers.sorted().joined(separator: ", "))"
        fail(
            .invalidValue,
            "unknown provider `\(name)`; \(defined).\(ConfigurationError.didYouMean(name, among: providers))",
            at: node.mark, path)
        return false
    }

    func rule(_ node: YAMLNode, _ path: String, providers: [String]) -> SwitchboardConfiguration.Rule {
        var rule = SwitchboardConfiguration.Rule()
        guard let fields = fields(node, path, allowed: ["when", "require"], what: "a planner rule (`when`, `require`)")
        else {
            return rule
        }
        if let node = fields["when"] {
            let whenPath = Self.child(path, "when")
            let keys = ["task", "risk", "area", "complexity"]
            if let when = self.fields(node, whenPath, allowed: keys, what: "task conditions") {
                if let node = when["task"] {
                    rule.when.task = enumeration(
                        node, Self.child(whenPath, "task"), as: SwitchboardConfiguration.TaskType.self,
                        what: "task type")
                }
                if let node = when["risk"] {
                    rule.when.risk = enumeration(
                        node, Self.child(whenPath, "risk"), as: SwitchboardConfiguration.Level.self, what: "risk")
                }
                if let node = when["area"] { rule.when.area = string(node, Self.child(whenPath, "area")) }
                if let node = when["complexity"] {
                    rule.when.complexity = enumeration(
                        node, Self.child(whenPath, "complexity"), as: SwitchboardConfiguration.Level.self,
                        what: "complexity")
                }
            }
        }
        if let node = fields["require"] {
            rule.require = requirement(node, Self.child(path, "require"), providers: providers)
        } else {
            fail(
                .invalidValue,
                "missing required key `require`: say what the chosen model must satisfy, such as `require: {tier: advanced}`",
                at: fields.mark, path)
        }
        return rule
    }

    func requirement(_ node: YAMLNode, _ path: String, providers: [String]) -> SwitchboardConfiguration.Requirement {
        var requirement = SwitchboardConfiguration.Requirement()
        guard let fields = fields(node, path, allowed: Self.requirementKeys, what: "model requirements") else {
            return requirement
        }
        if let node = fields["tier"] {
            requirement.tier = enumeration(
                node, Self.child(path, "tier"), as: SwitchboardConfiguration.Tier.self, what: "tier")
        }
        if let node = fields["capabilities"] {
            requirement.capabilities =
                enums(
                    node, Self.child(path, "capabilities"), as: SwitchboardConfiguration.Capability.self,
                    what: "capability") ?? []
        }
        if let node = fields["locality"] {
            requirement.locality = enumeration(
                node, Self.child(path, "locality"), as: SwitchboardConfiguration.Locality.self, what: "locality")
        }
        if let node = fields["max_cost"] {
            requirement.maxCost = number(node, Self.child(path, "max_cost"), nonNegative: "it is a cost in USD")
        }
        if let node = fields["min_context_window"] {
            requirement.minContextWindow = integer(node, Self.child(path, "min_context_window"), minimum: 1)
        }
        if let node = fields["provider"], let name = string(node, Self.child(path, "provider")) {
            if checkProvider(name, node, Self.child(path, "provider"), providers: providers) {
                requirement.provider = name
            }
        }
        if let node = fields["model"] { requirement.model = string(node, Self.child(path, "model")) }
        return requirement
    }

    func retry(_ node: YAMLNode, _ path: String) -> SwitchboardConfiguration.Retry {
        var retry = SwitchboardConfiguration.Retry()
        let keys = ["max_attempts", "initial_backoff_ms", "max_backoff_ms", "budget_ratio", "budget_reserve"]
        guard let fields = fields(node, path, allowed: keys, what: "retry settings") else { return retry }
        if let node = fields["max_attempts"], let value = integer(node, Self.child(path, "max_attempts"), minimum: 1) {
            retry.maxAttempts = value
        }
        if let node = fields["initial_backoff_ms"],
            let value = integer(node, Self.child(path, "initial_backoff_ms"), minimum: 0)
        {
            retry.initialBackoffMs = value
        }
        if let node = fields["max_backoff_ms"],
            let value = integer(node, Self.child(path, "max_backoff_ms"), minimum: 0)
        {
            retry.maxBackoffMs = value
        }
        if let node = fields["budget_ratio"],
            let value = number(
                node, Self.child(path, "budget_ratio"),
                nonNegative: "it is retries per request; 0 allows only the reserve")
        {
            retry.budgetRatio = value
        }
        if let node = fields["budget_reserve"],
            let value = integer(node, Self.child(path, "budget_reserve"), minimum: 0)
        {
            retry.budgetReserve = value
        }
        if retry.maxBackoffMs < retry.initialBackoffMs {
            fail(
                .invalidValue,
                "max_backoff_ms (\(retry.maxBackoffMs)) is smaller than initial_backoff_ms (\(retry.initialBackoffMs)); "
                    + "raise max_backoff_ms or lower initial_backoff_ms",
                at: (fields["max_backoff_ms"] ?? fields["initial_backoff_ms"])?.mark ?? fields.mark,
                Self.child(path, "max_backoff_ms"))
        }
        return retry
    }

    func timeouts(_ node: YAMLNode, _ path: String) -> SwitchboardConfiguration.Timeouts {
        var timeouts = SwitchboardConfiguration.Timeouts()
        guard
            let fields = fields(
                node, path, allowed: ["request_ms", "connect_ms", "first_token_ms"], what: "timeouts in milliseconds")
        else {
            return timeouts
        }
        if let node = fields["request_ms"], let value = integer(node, Self.child(path, "request_ms"), minimum: 1) {
            timeouts.requestMs = value
        }
        if let node = fields["connect_ms"], let value = integer(node, Self.child(path, "connect_ms"), minimum: 1) {
            timeouts.connectMs = value
        }
        if let node = fields["first_token_ms"],
            let value = integer(node, Self.child(path, "first_token_ms"), minimum: 1)
        {
            timeouts.firstTokenMs = value
        }
        return timeouts
    }

    // MARK: - Agents and budgets

    func decodeAgents(_ node: YAMLNode, _ path: String, providers: [String]) -> [SwitchboardConfiguration.Agent] {
        guard let fields = fields(node, path, allowed: nil, what: "agents (name: settings)") else { return [] }
        var agents: [SwitchboardConfiguration.Agent] = []
        for name in fields.order {
            let agentPath = Self.child(path, name)
            var agent = SwitchboardConfiguration.Agent(name: name)
            let value = fields.values[name] ?? YAMLNode(.scalar("", .plain), mark: fields.keyMarks[name] ?? fields.mark)
            guard
                let entry = self.fields(
                    value, agentPath, allowed: ["provider", "model", "require"], what: "agent settings",
                    nullIsEmpty: true)
            else { continue }
            if let node = entry["provider"], let provider = string(node, Self.child(agentPath, "provider")) {
                if checkProvider(provider, node, Self.child(agentPath, "provider"), providers: providers) {
                    agent.provider = provider
                }
            }
            if let node = entry["model"] { agent.model = string(node, Self.child(agentPath, "model")) }
            if let node = entry["require"] {
                agent.require = requirement(node, Self.child(agentPath, "require"), providers: providers)
            }
            if entry["provider"] == nil && entry["model"] == nil && entry["require"] == nil {
                fail(
                    .invalidValue,
                    "agent `\(name)` says nothing about its model: give `provider` (and optionally `model`), or `require: {…}`",
                    at: fields.keyMarks[name], agentPath)
            } else if entry["require"] != nil && (entry["provider"] != nil || entry["model"] != nil) {
                fail(
                    .invalidValue,
                    "agent `\(name)` gives both `provider`/`model` and `require`; pin a model or describe one, not both "
                        + "(put `provider`/`model` inside `require` to combine them)",
                    at: fields.keyMarks[name], agentPath)
            }
            agents.append(agent)
        }
        return agents
    }

    func decodeBudgets(_ node: YAMLNode, _ path: String, providers: [String]) -> [SwitchboardConfiguration.Budget] {
        var budgets: [SwitchboardConfiguration.Budget] = []
        var seen: [String: YAMLNode.Mark] = [:]
        let keys = ["name", "period", "limit_usd", "provider", "tag", "action", "alert_at"]
        for (index, element) in list(node, path, what: "budgets (each with `name` and `limit_usd`)").enumerated() {
            let budgetPath = Self.element(path, index)
            guard let fields = fields(element, budgetPath, allowed: keys, what: "a budget") else { continue }
            var budget = SwitchboardConfiguration.Budget(name: "", limitUSD: 0)
            if let node = fields["name"], let name = string(node, Self.child(budgetPath, "name")) {
                budget.name = name
                if let first = seen[name] {
                    fail(
                        .duplicate,
                        "budget name `\(name)` is used twice: at line \(first.line) column \(first.column) and at line "
                            + "\(node.mark.line) column \(node.mark.column); give each budget its own name",
                        at: node.mark, Self.child(budgetPath, "name"))
                }
                seen[name] = node.mark
            } else if fields["name"] == nil {
                fail(
                    .invalidValue,
                    "missing required key `name`: give the budget a name, such as `name: monthly-openai`",
                    at: fields.mark, budgetPath)
            }
            if let node = fields["period"],
                let period = enumeration(
                    node, Self.child(budgetPath, "period"), as: SwitchboardConfiguration.Budget.Period.self,
                    what: "period")
            {
                budget.period = period
            }
            if let node = fields["limit_usd"] {
                budget.limitUSD =
                    number(node, Self.child(budgetPath, "limit_usd"), nonNegative: "a budget is a limit in USD") ?? 0
            } else {
                fail(
                    .invalidValue, "missing required key `limit_usd`: give the limit in USD, such as `limit_usd: 100`",
                    at: fields.mark, budgetPath)
            }
            if let node = fields["provider"], let provider = string(node, Self.child(budgetPath, "provider")) {
                if checkProvider(provider, node, Self.child(budgetPath, "provider"), providers: providers) {
                    budget.provider = provider
                }
            }
            if let node = fields["tag"] { budget.tag = string(node, Self.child(budgetPath, "tag")) }
            if let node = fields["action"],
                let action = enumeration(
                    node, Self.child(budgetPath, "action"), as: SwitchboardConfiguration.Budget.Action.self,
                    what: "action")
            {
                budget.action = action
            }
            if let node = fields["alert_at"] {
                budget.alertAt = alertThresholds(node, Self.child(budgetPath, "alert_at"))
            }
            budgets.append(budget)
        }
        return budgets
    }
}
