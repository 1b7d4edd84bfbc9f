package import Switchboard

extension SwitchboardConfiguration.Gateway: ConfigurationSectionValue {
    /// The `gateway` section's keys, each declared once.
    package static let schema = ConfigurationSchema<Self>(
        "gateway", what: "gateway settings",
        doc: ["The OpenAI- and Anthropic-compatible HTTP gateway of `switchboard serve` (docs/gateway.md)."],
        defaults: Self(),
        keys: [
            .string(
                "host", \.host, doc: "The address to listen on.",
                validate: { host, reader in
                    guard host.isEmpty || host.contains(where: \.isWhitespace) else { return true }
                    reader.fail(
                        .invalidValue,
                        "`\(shown(host))` is not an address; give an IP address or host name, such as `127.0.0.1`")
                    return false
                }),
            .integer(
                "port", \.port, minimum: 0, doc: "The TCP port, 0-65535; 0 picks a free one.",
                validate: { port, reader in
                    guard port > 65_535 else { return true }
                    reader.fail(.invalidValue, "port \(port) is out of range; give 1-65535, or 0 for any free port")
                    return false
                }),
            ConfigurationKey(
                "keys", type: "list of keys",
                doc: "Gateway keys (`gateway.keys[]`); without any, every request is accepted.",
                example: [
                    "- name: ci",
                    "  key: ${SWITCHBOARD_GATEWAY_KEY}",
                    "  models: [cheap, ollama/*, openai/gpt-6-luna]",
                    "  requests_per_minute: 60",
                    "  max_concurrent_streams: 8",
                ],
                read: { reader, gateway in
                    gateway.keys = reader.uniquelyNamedElements(
                        Key.schema, what: "gateway keys (each with `name` and `key`)", name: \.name,
                        noun: "gateway key", each: "key")
                },
                render: { gateway in .list(gateway.keys.map { Key.schema.render($0) }) }),
            .boolean(
                "allow_unauthenticated_non_loopback", \.allowUnauthenticatedNonLoopback,
                doc: "Listen on a non-loopback `host` without `keys`; otherwise `serve` refuses to start."),
            .integer(
                "max_body_bytes", \.maxBodyBytes, minimum: 1,
                doc: "The largest request body, in bytes; larger ones are answered 413."),
            .integer(
                "max_header_bytes", \.maxHeaderBytes, minimum: 1024,
                doc: "The largest request head (target and header fields), in bytes; larger: 431, connection closed."),
            .integer(
                "max_messages", \.maxMessages, minimum: 1,
                doc: "The most messages in one chat request; more are answered 400."),
            .integer(
                "max_output_tokens", \.maxOutputTokens, minimum: 1,
                doc: "The largest `max_tokens` / `max_completion_tokens` a request may ask for; larger: 400.",
                defaultText: "no limit", example: ["max_output_tokens: 32000"]),
            .integer(
                "max_concurrent_streams_per_key", \.maxConcurrentStreamsPerKey, minimum: 1,
                doc: "The most streamed answers one key (without keys: all clients) may have open at once; more: 429.",
                defaultText: "no limit", example: ["max_concurrent_streams_per_key: 16"]),
            .integer(
                "request_header_timeout_ms", \.requestHeaderTimeoutMs, minimum: 1,
                doc: "A connection that sends no complete request head this long after it opened (or its last response"
                    + " ended) is closed."),
            .integer(
                "request_body_timeout_ms", \.requestBodyTimeoutMs, minimum: 1,
                doc: "A request whose body has not fully arrived this long after its head is closed."),
            .integer(
                "shutdown_timeout_ms", \.shutdownTimeoutMs, minimum: 0,
                doc: "How long a graceful shutdown waits for in-flight requests and streams before cancelling them."),
            ConfigurationKey(
                "aliases", type: "mapping of aliases",
                doc: "Model names that run the router (`gateway.aliases.NAME`); giving `aliases` replaces the default.",
                example: [
                    "cheap: {require: {tier: fast}, strategy: cascade}",
                    "best-code: {require: {tier: advanced, capabilities: [code]}, strategy: cloud_first}",
                ],
                read: { reader, gateway in gateway.aliases = readAliases(reader) },
                render: { gateway in .map(gateway.aliases.map { ($0.name, aliasSchema.render($0)) }) }),
        ])

    /// One `gateway.aliases` entry's keys.
    package static let aliasSchema = ConfigurationSchema<Alias>(
        "gateway.aliases.NAME", what: "alias settings", doc: [], defaults: Alias(name: ""),
        keys: [
            ConfigurationKey(
                "require", type: "requirement",
                doc: "What the chosen model must satisfy: the keys of a routing rule's `require`.", defaultText: "none",
                read: { reader, alias in alias.require = reader.requirement() },
                render: { alias in alias.require.map(SwitchboardConfiguration.Requirement.schema.render) }),
            ConfigurationKey(
                "strategy", type: "strategy", doc: "The strategy to run; one of `routing.strategy`'s values.",
                defaultText: "`routing.strategy`",
                read: { reader, alias in
                    alias.strategy = reader.enumeration(SwitchboardConfiguration.Strategy.self, what: "strategy")
                },
                render: { alias in alias.strategy.map { .string($0.rawValue) } }),
        ])

    package var routingAliases: [Alias] { aliases }

    private static func readAliases(_ reader: ConfigurationReader) -> [Alias] {
        guard let entries = reader.namedEntries(what: "routing aliases (name: settings)") else { return [] }
        var aliases: [Alias] = []
        for (name, entry) in entries {
            if name.isEmpty || name.contains("/") || name.contains(where: \.isWhitespace) {
                entry.failAtName(
                    .invalidValue,
                    "alias name `\(name)` is not usable: names may not be empty or contain `/` or spaces, "
                        + "because clients could not tell it from `provider/model`")
            }
            guard var alias = entry.read(aliasSchema) else { continue }
            alias.name = name
            aliases.append(alias)
        }
        return aliases
    }

    private static func shown(_ text: String) -> String { ConfigurationReader.shown(text) }
}

extension SwitchboardConfiguration.Gateway.Key {
    /// One `gateway.keys` entry's keys.
    package static let schema = ConfigurationSchema<Self>(
        "gateway.keys[]", what: "a gateway key", doc: [], defaults: Self(name: "", secret: ""),
        keys: [
            .string(
                "name", \.name, doc: "Unique among keys; logged, and tagged on each request as `key:<name>`.",
                required: "name the key's holder, such as `name: ci`"),
            .string(
                "key", \.secret,
                doc: "The secret clients send as `Authorization: Bearer …` or `x-api-key: …`; use `${VAR}`.",
                isSecret: true,
                required: "give the secret clients send, best from the environment: `key: ${SWITCHBOARD_GATEWAY_KEY}`",
                validate: { secret, reader in
                    if secret.isEmpty {
                        reader.fail(
                            .invalidValue,
                            "the key is empty; give a long random value, such as `key: ${SWITCHBOARD_GATEWAY_KEY}`")
                    }
                    return true
                }),
            .strings(
                "models", \.models, what: "model names",
                doc: "What the key may use: `provider/model`, `provider/*`, a model id, an alias name, or `*`.",
                defaultText: "all"),
            .integer(
                "requests_per_minute", \.requestsPerMinute, minimum: 1,
                doc: "The most requests per minute; more are answered 429.", defaultText: "no limit"),
            .integer(
                "max_concurrent_streams", \.maxConcurrentStreams, minimum: 1,
                doc: "The most streamed answers this key may have open at once; more are answered 429.",
                defaultText: "`max_concurrent_streams_per_key`"),
        ])
}
