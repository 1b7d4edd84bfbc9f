internal import SwitchboardKit

extension ConfigurationDecoder {
    static let gatewayKeys = [
        "host", "port", "keys", "allow_unauthenticated_non_loopback", "max_body_bytes", "max_header_bytes",
        "max_messages", "max_output_tokens", "max_concurrent_streams_per_key", "request_header_timeout_ms",
        "request_body_timeout_ms", "shutdown_timeout_ms", "aliases",
    ]

    mutating func decodeGateway(_ node: YAMLNode, _ path: String, providers: [String])
        -> SwitchboardConfiguration.Gateway
    {
        var gateway = SwitchboardConfiguration.Gateway()
        guard let fields = fields(node, path, allowed: Self.gatewayKeys, what: "gateway settings") else {
            return gateway
        }
        if let node = fields["host"], let host = string(node, Self.child(path, "host")) {
            if host.isEmpty || host.contains(where: \.isWhitespace) {
                fail(
                    .invalidValue,
                    "`\(Self.truncated(host))` is not an address; give an IP address or host name, such as `127.0.0.1`",
                    at: node.mark, Self.child(path, "host"))
            } else {
                gateway.host = host
            }
        }
        if let node = fields["port"], let port = integer(node, Self.child(path, "port"), minimum: 0) {
            if port > 65_535 {
                fail(
                    .invalidValue, "port \(port) is out of range; give 1-65535, or 0 for any free port", at: node.mark,
                    Self.child(path, "port"))
            } else {
                gateway.port = port
            }
        }
        if let node = fields["keys"] { gateway.keys = gatewayKeys(node, Self.child(path, "keys")) }
        if let node = fields["allow_unauthenticated_non_loopback"],
            let value = boolean(node, Self.child(path, "allow_unauthenticated_non_loopback"))
        {
            gateway.allowUnauthenticatedNonLoopback = value
        }
        if let node = fields["max_body_bytes"],
            let value = integer(node, Self.child(path, "max_body_bytes"), minimum: 1)
        {
            gateway.maxBodyBytes = value
        }
        if let node = fields["max_header_bytes"],
            let value = integer(node, Self.child(path, "max_header_bytes"), minimum: 1024)
        {
            gateway.maxHeaderBytes = value
        }
        if let node = fields["max_messages"], let value = integer(node, Self.child(path, "max_messages"), minimum: 1) {
            gateway.maxMessages = value
        }
        if let node = fields["max_output_tokens"] {
            gateway.maxOutputTokens = integer(node, Self.child(path, "max_output_tokens"), minimum: 1)
        }
        if let node = fields["max_concurrent_streams_per_key"] {
            gateway.maxConcurrentStreamsPerKey = integer(
                node, Self.child(path, "max_concurrent_streams_per_key"), minimum: 1)
        }
        if let node = fields["request_header_timeout_ms"],
            let value = integer(node, Self.child(path, "request_header_timeout_ms"), minimum: 1)
        {
            gateway.requestHeaderTimeoutMs = value
        }
        if let node = fields["request_body_timeout_ms"],
            let value = integer(node, Self.child(path, "request_body_timeout_ms"), minimum: 1)
        {
            gateway.requestBodyTimeoutMs = value
        }
        if let node = fields["shutdown_timeout_ms"],
            let value = integer(node, Self.child(path, "shutdown_timeout_ms"), minimum: 0)
        {
            gateway.shutdownTimeoutMs = value
        }
        if let node = fields["aliases"] {
            gateway.aliases = gatewayAliases(node, Self.child(path, "aliases"), providers: providers)
        }
        return gateway
    }

    private mutating func gatewayKeys(_ node: YAMLNode, _ path: String) -> [SwitchboardConfiguration.Gateway.Key] {
        var keys: [SwitchboardConfiguration.Gateway.Key] = []
        var seen: [String: YAMLNode.Mark] = [:]
        let allowed = ["name", "key", "models", "requests_per_minute", "max_concurrent_streams"]
        for (index, element) in list(node, path, what: "gateway keys (each with `name` and `key`)").enumerated() {
            let keyPath = Self.element(path, index)
            guard let fields = fields(element, keyPath, allowed: allowed, what: "a gateway key") else { continue }
            var key = SwitchboardConfiguration.Gateway.Key(name: "", secret: "")
            if let node = fields["name"], let name = string(node, Self.child(keyPath, "name")) {
                key.name = name
                if let first = seen[name] {
                    fail(
                        .duplicate,
                        "gateway key name `\(name)` is used twice: at line \(first.line) column \(first.column) and at line "
                            + "\(node.mark.line) column \(node.mark.column); give each key its own name",
                        at: node.mark, Self.child(keyPath, "name"))
                }
                seen[name] = node.mark
            } else if fields["name"] == nil {
                fail(
                    .invalidValue, "missing required key `name`: name the key's holder, such as `name: ci`",
                    at: fields.mark, keyPath)
            }
            let secretPath = Self.child(keyPath, "key")
            secretKeyPaths.insert(secretPath)
            if let node = fields["key"], let secret = string(node, secretPath) {
                if secret.isEmpty {
                    fail(
                        .invalidValue,
                        "the key is empty; give a long random value, such as `key: ${SWITCHBOARD_GATEWAY_KEY}`",
                        at: node.mark, secretPath)
                }
                key.secret = secret
            } else if fields["key"] == nil {
                fail(
                    .invalidValue,
                    "missing required key `key`: give the secret clients send, best from the environment: `key: ${SWITCHBOARD_GATEWAY_KEY}`",
                    at: fields.mark, keyPath)
            }
            if let node = fields["models"] {
                key.models = strings(node, Self.child(keyPath, "models"), what: "model names")
            }
            if let node = fields["requests_per_minute"] {
                key.requestsPerMinute = integer(node, Self.child(keyPath, "requests_per_minute"), minimum: 1)
            }
            if let node = fields["max_concurrent_streams"] {
                key.maxConcurrentStreams = integer(node, Self.child(keyPath, "max_concurrent_streams"), minimum: 1)
            }
            keys.append(key)
        }
        return keys
    }

    private mutating func gatewayAliases(
        _ node: YAMLNode, _ path: String, providers: [String]
    ) -> [SwitchboardConfiguration.Gateway.Alias] {
        guard let fields = fields(node, path, allowed: nil, what: "routing aliases (name: settings)") else { return [] }
        var aliases: [SwitchboardConfiguration.Gateway.Alias] = []
        for name in fields.order {
            let aliasPath = Self.child(path, name)
            if name.isEmpty || name.contains("/") || name.contains(where: \.isWhitespace) {
                fail(
                    .invalidValue,
                    "alias name `\(name)` is not usable: names may not be empty or contain `/` or spaces, "
                        + "because clients could not tell it from `provider/model`",
                    at: fields.keyMarks[name], aliasPath)
            }
            var alias = SwitchboardConfiguration.Gateway.Alias(name: name)
            let value = fields.values[name] ?? YAMLNode(.scalar("", .plain), mark: fields.keyMarks[name] ?? fields.mark)
            guard
                let entry = self.fields(
                    value, aliasPath, allowed: ["require", "strategy"], what: "alias settings", nullIsEmpty: true)
            else { continue }
            if let node = entry["require"] {
                alias.require = requirement(node, Self.child(aliasPath, "require"), providers: providers)
            }
            if let node = entry["strategy"] {
                alias.strategy = enumeration(
                    node, Self.child(aliasPath, "strategy"), as: SwitchboardConfiguration.Strategy.self,
                    what: "strategy")
            }
            aliases.append(alias)
        }
        return aliases
    }
}
