import Foundation
import Switchboard
import SwitchboardKit
import Testing

@Suite("Variables, secrets and profiles")
struct ConfigurationVariableTests {
    static let secret = "hunter2-SUPER-SECRET-value"

    @Test("${VAR}, ${VAR:-default} and $${ expand in values but not in keys")
    func expansion() throws {
        let configuration = try ConfigurationFixtures.load(
            """
            version: 1
            providers:
              ${NAME}:
                plugin: ${PLUGIN}
                priority: ${PRIORITY:-2}
                settings:
                  base_url: "http://${HOST:-localhost}:${PORT}/v1"
                  literal: $${NOT_A_VAR} and $$ alone
                  port: ${PORT}
                  empty_default: ${EMPTY:-fallback}
                  unset_default: ${UNSET:-}
            """, environment: ["PLUGIN": "openai", "PORT": "8080", "EMPTY": ""])
        let provider = try #require(configuration.provider(named: "${NAME}"))
        #expect(provider.plugin == "openai")
        #expect(provider.priority == 2)
        #expect(
            provider.settings == [
                "base_url": "http://localhost:8080/v1", "literal": "${NOT_A_VAR} and $$ alone", "port": "8080",
                "empty_default": "fallback", "unset_default": "",
            ])
    }

    @Test("a missing variable names the key path and the variable")
    func missingVariable() throws {
        let error = try #require(
            ConfigurationFixtures.error(
                """
                version: 1
                providers:
                  openai:
                    plugin: openai
                    settings:
                      api_key: ${OPENAI_API_KEY}
                """, environment: [:]))
        #expect(error.code == .missingVariable)
        #expect(
            error.description
                == "config.yaml:6:16: providers.openai.settings.api_key: environment variable `OPENAI_API_KEY` is not set; set it, or give a default with `${OPENAI_API_KEY:-default}`"
        )
    }

    @Test("a malformed reference is an error")
    func malformedReference() throws {
        let error = try #require(
            ConfigurationFixtures.error("version: 1\nbudgets:\n  - {name: \"${oops\", limit_usd: 1}\n"))
        #expect(error.description.hasPrefix("config.yaml:3:12: budgets[0].name: `${` has no closing `}`"))
    }

    @Test("secrets never appear in error messages")
    func secretsNotInErrors() throws {
        let environment = ["MY_TOKEN": Self.secret, "DB_PASSWORD": Self.secret]
        let error = try #require(
            ConfigurationFixtures.error(
                """
                version: 1
                providers:
                  openai:
                    plugin: openai
                    priority: ${MY_TOKEN}
                    enabled: ${DB_PASSWORD}
                routing:
                  strategy: ${MY_TOKEN}
                  max_cost_per_request: ${DB_PASSWORD}
                budgets:
                  - {name: b, limit_usd: "${MY_TOKEN}"}
                """, environment: environment))
        #expect(error.allErrors.count == 5)
        for each in error.allErrors {
            #expect(!each.description.contains(Self.secret))
            #expect(!each.description.contains("hunter2"))
        }
        #expect(
            error.description
                == "config.yaml:5:15: providers.openai.priority: expected an integer, found a secret value (hidden)")
        #expect(!error.report.contains("hunter2"))
    }

    @Test("secrets never appear in the rendered effective configuration")
    func secretsNotRendered() throws {
        let environment = ["OPENAI_API_KEY": Self.secret, "PROXY_SECRET": Self.secret + "-2", "PLAIN": "visible-value"]
        let configuration = try ConfigurationFixtures.load(
            """
            version: 1
            providers:
              openai:
                plugin: openai
                settings:
                  api_key: ${OPENAI_API_KEY}
                  auth_token: literally-in-the-file
                  headers: {x-proxy: "${PROXY_SECRET}", x-plain: "${PLAIN}"}
                  password: {nested: also-secret}
                  max_tokens: 100
            """, environment: environment)
        let rendered = configuration.renderedYAML()
        #expect(!rendered.contains("hunter2"))
        #expect(!rendered.contains("literally-in-the-file"))
        #expect(!rendered.contains("also-secret"))
        #expect(rendered.contains("visible-value"))
        #expect(rendered.contains("max_tokens: 100"))
        #expect(rendered.contains("api_key: \"********\""))
        #expect(configuration.isSecret(keyPath: "providers.openai.settings.headers.x-proxy"))
        #expect(!configuration.isSecret(keyPath: "providers.openai.settings.headers.x-plain"))
        // The built-in defaults mask the key they read from the environment too.
        let defaults = SwitchboardConfiguration.builtInDefaults(environment: ["OPENAI_API_KEY": Self.secret])
        #expect(!defaults.renderedYAML().contains("hunter2"))
        #expect(!String(describing: ConfigurationError(code: .type, message: "x")).contains("hunter2"))
    }

    @Test("a profile is deep-merged over the root")
    func profiles() throws {
        let base = try ConfigurationFixtures.load(ConfigurationFixtures.fullExample)
        #expect(base.routing.strategy == .cascade)
        let local = try ConfigurationFixtures.load(ConfigurationFixtures.fullExample, profile: "local-only")
        #expect(local.activeProfile == "local-only")
        #expect(local.routing.strategy == .localOnly)
        #expect(local.routing.retry == base.routing.retry)
        let openai = try #require(local.provider(named: "openai"))
        #expect(!openai.enabled)
        #expect(openai.settings == base.provider(named: "openai")?.settings)
        #expect(openai.models == base.provider(named: "openai")?.models)
        // $SWITCHBOARD_PROFILE picks the profile when no argument does.
        var environment = ConfigurationFixtures.environment
        environment["SWITCHBOARD_PROFILE"] = "local-only"
        #expect(
            try ConfigurationFixtures.load(ConfigurationFixtures.fullExample, environment: environment).routing.strategy
                == .localOnly)
    }

    @Test("an unknown profile lists the known ones")
    func unknownProfile() throws {
        let error = try #require(ConfigurationFixtures.error(ConfigurationFixtures.fullExample, profile: "local_only"))
        #expect(
            error.description.hasPrefix(
                "config.yaml:74:3: profiles: unknown profile `local_only`; known profiles: local-only. Did you mean `local-only`?"
            ))
        let none = try #require(ConfigurationFixtures.error("version: 1\n", profile: "x"))
        #expect(
            none.description.hasPrefix(
                "config.yaml:1:1: profiles: unknown profile `x`: this configuration defines no profiles"))
    }

    @Test("errors inside a profile point into the profile")
    func profileErrors() throws {
        let error = try #require(
            ConfigurationFixtures.error("version: 1\nprofiles:\n  p:\n    routing: {strategy: fastest}\n", profile: "p")
        )
        #expect(error.description.hasPrefix("config.yaml:4:25: routing.strategy: unknown strategy `fastest`"))
    }
}
