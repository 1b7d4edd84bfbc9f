extension ConfigurationDecoder {
    func circuitBreaker(_ node: YAMLNode, _ path: String) -> SwitchboardConfiguration.CircuitBreaker {
        var breaker = SwitchboardConfiguration.CircuitBreaker()
        let keys = ["failure_threshold", "cooldown_ms", "max_cooldown_ms"]
        guard let fields = fields(node, path, allowed: keys, what: "circuit breaker settings") else { return breaker }
        if let node = fields["failure_threshold"],
            let value = integer(node, Self.child(path, "failure_threshold"), minimum: 1)
        {
            breaker.failureThreshold = value
        }
        if let node = fields["cooldown_ms"], let value = integer(node, Self.child(path, "cooldown_ms"), minimum: 0) {
            breaker.cooldownMs = value
        }
        if let node = fields["max_cooldown_ms"],
            let value = integer(node, Self.child(path, "max_cooldown_ms"), minimum: 0)
        {
            breaker.maxCooldownMs = value
        }
        if breaker.maxCooldownMs < breaker.cooldownMs {
            fail(
                .invalidValue,
                "max_cooldown_ms (\(breaker.maxCooldownMs)) is smaller than cooldown_ms (\(breaker.cooldownMs)); "
                    + "raise max_cooldown_ms or lower cooldown_ms",
                at: (fields["max_cooldown_ms"] ?? fields["cooldown_ms"])?.mark ?? fields.mark,
                Self.child(path, "max_cooldown_ms"))
        }
        return breaker
    }

    func healthChecks(_ node: YAMLNode, _ path: String) -> SwitchboardConfiguration.HealthChecks {
        var checks = SwitchboardConfiguration.HealthChecks()
        guard let fields = fields(node, path, allowed: ["interval_ms", "timeout_ms"], what: "health check settings")
        else { return checks }
        if let node = fields["interval_ms"], let value = integer(node, Self.child(path, "interval_ms"), minimum: 0) {
            checks.intervalMs = value
        }
        if let node = fields["timeout_ms"], let value = integer(node, Self.child(path, "timeout_ms"), minimum: 1) {
            checks.timeoutMs = value
        }
        return checks
    }

    func rateLimits(_ node: YAMLNode, _ path: String) -> SwitchboardConfiguration.RateLimits {
        var limits = SwitchboardConfiguration.RateLimits()
        let keys = ["requests_per_minute", "tokens_per_minute"]
        guard
            let fields = fields(node, path, allowed: keys, what: "rate limits (requests_per_minute, tokens_per_minute)")
        else {
            return limits
        }
        if let node = fields["requests_per_minute"] {
            limits.requestsPerMinute = integer(node, Self.child(path, "requests_per_minute"), minimum: 1)
        }
        if let node = fields["tokens_per_minute"] {
            limits.tokensPerMinute = integer(node, Self.child(path, "tokens_per_minute"), minimum: 1)
        }
        return limits
    }
}
