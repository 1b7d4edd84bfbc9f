import Switchboard
import SwitchboardGateway
import SwitchboardKit
import Testing

/// The `gateway` configuration section: defaults, every key, and the errors bad values get.
@Suite("gateway configuration")
struct GatewayConfigurationTests {
    @Test func defaultsWithoutASection() throws {
        let configuration = try ConfigurationLoader(sections: [.gateway]).decode(yaml: "version: 1\n")
        #expect(configuration.gateway == SwitchboardConfiguration.Gateway())
        #expect(configuration.gateway.host == "127.0.0.1")
        #expect(configuration.gateway.port == 8080)
        #expect(configuration.gateway.aliases.map(\.name) == ["auto"])
    }

    @Test func readsEveryKeyAndKeepsTheKeySecret() throws {
        let yaml = """
            version: 1
            providers:
              echo: {plugin: echo}
            gateway:
              host: 0.0.0.0
              port: 9000
              allow_unauthenticated_non_loopback: true
              max_body_bytes: 1000
              max_header_bytes: 4096
              max_messages: 50
              max_output_tokens: 2000
              max_concurrent_streams_per_key: 4
              request_header_timeout_ms: 1500
              request_body_timeout_ms: 2500
              shutdown_timeout_ms: 500
              keys:
                - name: ci
                  key: literal-secret-value
                  models: [cheap, echo/*]
                  requests_per_minute: 10
                  max_concurrent_streams: 2
              aliases:
                cheap: {require: {tier: fast, provider: echo}, strategy: cascade}
            """
        let configuration = try ConfigurationLoader(sections: [.gateway]).decode(yaml: yaml)
        let gateway = configuration.gateway
        #expect(gateway.host == "0.0.0.0")
        #expect(gateway.port == 9000)
        #expect(gateway.allowUnauthenticatedNonLoopback)
        #expect(gateway.maxBodyBytes == 1000)
        #expect(gateway.shutdownTimeoutMs == 500)
        #expect(gateway.maxHeaderBytes == 4096)
        #expect(gateway.maxMessages == 50)
        #expect(gateway.maxOutputTokens == 2000)
        #expect(gateway.maxConcurrentStreamsPerKey == 4)
        #expect(gateway.requestHeaderTimeoutMs == 1500)
        #expect(gateway.requestBodyTimeoutMs == 2500)
        #expect(
            gateway.keys == [
                .init(
                    name: "ci", secret: "literal-secret-value", models: ["cheap", "echo/*"], requestsPerMinute: 10,
                    maxConcurrentStreams: 2)
            ])
        #expect(gateway.streamLimit(for: gateway.keys[0]) == 2)
        #expect(gateway.streamLimit(for: nil) == 4)
        #expect(
            gateway.aliases == [.init(name: "cheap", require: .init(tier: .fast, provider: "echo"), strategy: .cascade)]
        )
        #expect(configuration.isSecret(keyPath: "gateway.keys[0].key"))
        let rendered = configuration.renderedYAML()
        #expect(!rendered.contains("literal-secret-value"))
        #expect(rendered.contains("key: \"********\"") || rendered.contains("key: ********"))
        #expect(!"\(gateway.keys[0])".contains("literal-secret-value"))
        let reread = try ConfigurationLoader(sections: [.gateway]).decode(yaml: rendered)
        #expect(reread.gateway.aliases == gateway.aliases)
        #expect(reread.gateway.port == 9000)
        var expected = gateway
        expected.keys[0].secret = "********"
        #expect(reread.gateway == expected)
    }

    @Test(arguments: [
        ("gateway: {port: 70000}", "gateway.port", "port 70000 is out of range"),
        ("gateway: {prot: 1}", "gateway.prot", "unknown key `prot`; did you mean `port`?"),
        ("gateway: {keys: [{name: a}]}", "gateway.keys[0]", "missing required key `key`"),
        (
            "gateway: {keys: [{name: a, key: x}, {name: a, key: y}]}", "gateway.keys[1].name",
            "gateway key name `a` is used twice"
        ),
        ("gateway: {aliases: {a/b: {}}}", "gateway.aliases.a/b", "alias name `a/b` is not usable"),
        ("gateway: {aliases: {x: {strategy: fastest}}}", "gateway.aliases.x.strategy", "unknown strategy `fastest`"),
        (
            "gateway: {keys: [{name: a, key: x, requests_per_minute: 0}]}", "gateway.keys[0].requests_per_minute",
            "must be at least 1"
        ),
        ("gateway: {max_header_bytes: 100}", "gateway.max_header_bytes", "must be at least 1024"),
        ("gateway: {max_messages: 0}", "gateway.max_messages", "must be at least 1"),
        ("gateway: {max_output_tokens: many}", "gateway.max_output_tokens", "many"),
        ("gateway: {request_header_timeout_ms: 0}", "gateway.request_header_timeout_ms", "must be at least 1"),
        (
            "gateway: {keys: [{name: a, key: x, max_concurrent_streams: 0}]}",
            "gateway.keys[0].max_concurrent_streams", "must be at least 1"
        ),
    ])
    func badValuesNameTheKeyPath(yaml: String, keyPath: String, message: String) throws {
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader(sections: [.gateway]).decode(yaml: "version: 1\n" + yaml + "\n")
        }
        #expect(error?.report.contains(keyPath) == true, "\(error?.report ?? "")")
        #expect(error?.report.contains(message) == true, "\(error?.report ?? "")")
    }

    @Test func registeredTheSectionDecodes() throws {
        let configuration = try ConfigurationLoader(sections: [.gateway]).decode(
            yaml: "version: 1\ngateway:\n  port: 9100\n", name: "config.yaml")
        #expect(configuration.gateway.port == 9100)
        #expect(configuration.routingAliases.map(\.name) == ["auto"])
        #expect(ConfigurationTemplate.yaml(sections: [.gateway]).contains("\ngateway:\n"))
    }

    @Test func unregisteredTheSectionIsAnUnknownKey() throws {
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader().decode(yaml: "version: 1\ngateway:\n  port: 9100\n", name: "config.yaml")
        }
        #expect(
            error?.description
                == "config.yaml:2:1: gateway: unknown key `gateway`; valid keys here: version, plugins, providers, "
                + "routing, agents, budgets, usage, pricing, profiles")
        let typo = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader().decode(yaml: "version: 1\nusge: {}\n", name: "config.yaml")
        }
        #expect(typo?.description.hasPrefix("config.yaml:2:1: usge: unknown key `usge`; did you mean `usage`?") == true)
        let configuration = try ConfigurationLoader().decode(yaml: "version: 1\n")
        #expect(configuration.routingAliases.isEmpty)
        #expect(!ConfigurationTemplate.yaml().contains("\ngateway:"))
        #expect(!configuration.renderedYAML().contains("\ngateway:"))
    }

    @Test func theTemplatePartAndRenderingComeFromTheDeclaration() throws {
        let template = ConfigurationSection.gateway.template
        #expect(template.hasPrefix("# The OpenAI- and Anthropic-compatible HTTP gateway"))
        #expect(template.contains("  max_body_bytes: 10485760\n"))
        #expect(template.contains("  # max_output_tokens: 32000\n"))
        let configuration = try ConfigurationLoader(sections: [.gateway]).decode(yaml: template, name: "part.yaml")
        #expect(configuration.gateway == SwitchboardConfiguration.Gateway())
    }
}
