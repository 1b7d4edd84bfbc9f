import Foundation
import Switchboard
import SwitchboardKit
import Testing

/// The effective-configuration rendering (`switchboard config check`) under the ``SecretPolicy``: each rule, with the
/// expected rendering.
@Suite("Secret policy in the rendered configuration")
struct ConfigurationSecretPolicyTests {
    /// A policy that knows the claude-code plugin's `env` and a `vault` plugin's `connection` are declared secret.
    static let policy = SecretPolicy(declaredSecretSettings: ["claude-code": ["env"], "vault": ["connection"]])

    static let yaml = """
        version: 1
        providers:
          claude:
            plugin: claude-code
            settings:
              env: {ANTHROPIC_API_KEY: "${CLAUDE_VALUE}", LANG: literal-LANG-value}
          gateway-proxy:
            plugin: openai
            settings:
              base_url: "https://proxyuser:userinfo-PASSWORD@proxy.example/v1?key=query-KEY&region=eu"
              headers:
                Authorization: "Bearer header-AUTHORIZATION"
                x-api-key: header-X-API-KEY
                x-title: visible-title
          vault:
            plugin: vault
            settings:
              connection: {nested: {deeper: nested-CONNECTION}}
              model: visible-model
        """

    static let planted = [
        "CLAUDE-VALUE", "literal-LANG-value", "userinfo-PASSWORD", "query-KEY", "header-AUTHORIZATION",
        "header-X-API-KEY", "nested-CONNECTION",
    ]

    @Test("every planted secret is hidden, and the rendering says what is set and where it came from")
    func rendering() throws {
        let configuration = try ConfigurationFixtures.load(Self.yaml, environment: ["CLAUDE_VALUE": "CLAUDE-VALUE"])
        let rendered = configuration.renderedYAML(policy: Self.policy)
        for secret in Self.planted {
            #expect(!rendered.contains(secret), "the rendering shows \(secret):\n\(rendered)")
        }
        let lines = rendered.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let expected = [
            #"ANTHROPIC_API_KEY: "********"  # from ${CLAUDE_VALUE}"#,
            #"LANG: "********""#,
            #"base_url: "https://proxyuser:********@proxy.example/v1?key=********&region=eu""#,
            #"Authorization: "********""#,
            #"x-api-key: "********""#,
            "x-title: visible-title",
            #"deeper: "********""#,
            "model: visible-model",
        ]
        for line in expected {
            #expect(lines.contains(line), "missing `\(line)` in:\n\(rendered)")
        }
        // The rendering still decodes, with the masks in place of the secrets.
        let again = try ConfigurationLoader(environment: [:], currentDirectory: "/", homeDirectory: "/")
            .decode(yaml: rendered, name: "rendered.yaml")
        #expect(again.provider(named: "claude")?.settings["env"]?["ANTHROPIC_API_KEY"] == "********")
        #expect(again.provider(named: "vault")?.settings["model"] == "visible-model")
    }

    @Test("without the manifests, names, headers, env maps and URLs are still hidden")
    func withoutManifests() throws {
        let configuration = try ConfigurationFixtures.load(Self.yaml, environment: ["CLAUDE_VALUE": "CLAUDE-VALUE"])
        let rendered = configuration.renderedYAML()
        for secret in Self.planted where secret != "nested-CONNECTION" {
            #expect(!rendered.contains(secret), "the rendering shows \(secret)")
        }
        #expect(configuration.isSecret(keyPath: "providers.claude.settings.env.LANG"))
        #expect(configuration.isSecret(keyPath: "providers.gateway-proxy.settings.headers.Authorization"))
        #expect(!configuration.isSecret(keyPath: "providers.gateway-proxy.settings.headers.x-title"))
        #expect(!configuration.isSecret(keyPath: "providers.vault.settings.connection.nested.deeper"))
        #expect(
            configuration.isSecret(keyPath: "providers.vault.settings.connection.nested.deeper", policy: Self.policy))
    }

    @Test("a configuration error quoting a URL hides its credentials")
    func errors() throws {
        let error = try #require(
            throws: ConfigurationError.self,
            performing: {
                try ConfigurationFixtures.load(
                    """
                    version: 1
                    routing: {strategy: "https://u:error-PASSWORD@h/?key=error-KEY"}
                    """)
            })
        #expect(!error.report.contains("error-PASSWORD") && !error.report.contains("error-KEY"), "\(error.report)")
        #expect(error.report.contains("https://u:[redacted]@h/"))
    }
}
