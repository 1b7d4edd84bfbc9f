import Foundation
import Switchboard
import SwitchboardKit
import Testing

@Suite("Configuration decoding")
struct ConfigurationDecodingTests {
    @Test("every documented key round-trips into typed fields")
    func fullExample() throws {
        let directory = try ConfigurationTemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("conf/switchboard.yaml", ConfigurationFixtures.fullExample)
        let loader = ConfigurationLoader(
            environment: ConfigurationFixtures.environment, currentDirectory: "/", homeDirectory: "/home/u")
        let configuration = try loader.load(file: file)
        let configDirectory = (file as NSString).deletingLastPathComponent

        #expect(configuration.source == .file(file))
        #expect(configuration.version == 1)
        #expect(configuration.availableProfiles == ["local-only"])
        #expect(configuration.activeProfile == nil)

        let plugins = configuration.plugins
        #expect(plugins.directories == [configDirectory + "/plugins", "/opt/switchboard/plugins"])
        #expect(plugins.includeDefaultDirectories == false)
        #expect(plugins.enable == ["openai", "ollama"])
        #expect(plugins.disable == ["echo"])
        #expect(plugins.allowCompilerMismatch)
        #expect(plugins.shouldLoad("openai") && !plugins.shouldLoad("echo") && !plugins.shouldLoad("other"))
        #expect(configuration.pluginSearchPaths == plugins.directories)

        #expect(configuration.providers.map(\.name) == ["openai", "lmstudio"])
        let openai = try #require(configuration.provider(named: "openai"))
        #expect(openai.plugin == "openai")
        #expect(openai.enabled)
        #expect(openai.priority == 5)
        #expect(!openai.local)
        #expect(
            openai.settings == [
                "base_url": "https://api.openai.com/v1", "api_key": "sk-test-SECRET-1234567890",
                "organization": "org-1",
                "timeout": 30, "streaming": true, "extra": ["nested": [1, "two", nil]],
            ])
        #expect(
            openai.models == [
                SwitchboardConfiguration.Model(
                    id: "gpt-6.1-terra", displayName: "GPT-4o",
                    pricing: .init(input: 2.5, output: 10, cacheRead: 1.25, cacheWrite: 0, reasoning: 10),
                    contextWindow: 128_000, maxOutputTokens: 16_384, capabilities: [.chat, .vision, .tools],
                    tier: .advanced)
            ])
        #expect(
            openai.extraModels == [
                SwitchboardConfiguration.Model(
                    id: "my-finetune", displayName: "My fine-tune", pricing: .init(input: 3, output: 12),
                    contextWindow: 32_000, maxOutputTokens: 4096, capabilities: [.chat, .code, .jsonSchema],
                    tier: .standard)
            ])
        let lmstudio = try #require(configuration.provider(named: "lmstudio"))
        #expect(
            lmstudio
                == SwitchboardConfiguration.Provider(
                    name: "lmstudio", plugin: "openai", priority: -1, local: true,
                    settings: ["base_url": "http://127.0.0.1:1234/v1"]))

        let routing = configuration.routing
        #expect(routing.strategy == .cascade)
        #expect(routing.preferLocal)
        #expect(routing.maxCostPerRequest == 0.5)
        #expect(
            routing.fallbacks == [
                .init(
                    from: .init(provider: "openai", model: "gpt-6.1-terra"),
                    to: [.init(provider: "lmstudio", model: "qwen2.5-coder"), .init(provider: "lmstudio")],
                    on: [.rateLimited, .overloaded, .server]),
                .init(from: .init(provider: "lmstudio"), to: [.init(provider: "openai")], on: nil),
            ])
        #expect(
            routing.rules == [
                .init(
                    when: .init(task: .codeReview, risk: .high, area: "security", complexity: .high),
                    require: .init(
                        tier: .advanced, capabilities: [.code], locality: .cloud, maxCost: 0.2,
                        minContextWindow: 32_000,
                        provider: "openai", model: "gpt-6.1-terra")),
                .init(when: .init(task: .summarization), require: .init(tier: .fast, locality: .local)),
            ])
        #expect(routing.retry == .init(maxAttempts: 4, initialBackoffMs: 100, maxBackoffMs: 2000))
        #expect(routing.timeouts == .init(requestMs: 60_000, connectMs: 5000, firstTokenMs: 15_000))

        #expect(
            configuration.agents == [
                .init(name: "reviewer", provider: "openai", model: "gpt-6.1-terra"),
                .init(name: "helper", require: .init(tier: .standard, locality: .any)),
            ])
        #expect(
            configuration.budgets == [
                .init(
                    name: "monthly-openai", period: .month, limitUSD: 100, provider: "openai", tag: "team-a",
                    action: .block),
                .init(name: "daily", period: .day, limitUSD: 2.5, action: .warn),
            ])
        #expect(configuration.secretKeyPaths.contains("providers.openai.settings.api_key"))
    }

    @Test("the effective-config rendering decodes back to the same configuration")
    func renderingRoundTrip() throws {
        let configuration = try ConfigurationFixtures.load(
            ConfigurationFixtures.fullExample, environment: ["OPENAI_API_KEY": "sk-x"])
        let rendered = configuration.renderedYAML()
        let loader = ConfigurationLoader(environment: [:], currentDirectory: "/", homeDirectory: "/home/u")
        let again = try loader.decode(yaml: rendered, name: "rendered.yaml")
        #expect(again.plugins == configuration.plugins)
        #expect(again.routing == configuration.routing)
        #expect(again.agents == configuration.agents)
        #expect(again.budgets == configuration.budgets)
        #expect(again.providers.map(\.models) == configuration.providers.map(\.models))
        #expect(again.provider(named: "openai")?.settings["api_key"] == "********")
        #expect(
            again.provider(named: "openai")?.settings["extra"]
                == configuration.provider(named: "openai")?.settings["extra"])
    }

    @Test("a wrong type says what was expected and what was found")
    func wrongType() throws {
        let error = try #require(
            ConfigurationFixtures.error(
                """
                version: 1
                providers:
                  openai:
                    plugin: openai
                    priority: high
                """))
        #expect(error.code == .type)
        #expect(
            error.description
                == "config.yaml:5:15: providers.openai.priority: expected an integer, found string \"high\"")
    }

    @Test("several type errors are collected and reported together")
    func collectedErrors() throws {
        let error = try #require(
            ConfigurationFixtures.error(
                """
                version: 1
                providers:
                  openai: {plugin: openai, enabled: "yes", local: 3}
                routing:
                  prefer_local: [true]
                  retry: {max_attempts: "3"}
                """))
        #expect(
            error.report == """
                config.yaml:3:37: providers.openai.enabled: expected true or false, found string "yes"
                config.yaml:3:51: providers.openai.local: expected true or false, found number 3
                config.yaml:5:17: routing.prefer_local: expected true or false, found a list
                config.yaml:6:25: routing.retry.max_attempts: expected an integer, found string "3"
                """)
        #expect(error.otherErrors.count == 3)
    }

    @Test("an unknown key suggests the closest valid one")
    func unknownKey() throws {
        let error = try #require(
            ConfigurationFixtures.error(
                """
                version: 1
                providers:
                  openai:
                    plugin: openai
                    priorty: 3
                """))
        #expect(error.code == .unknownKey)
        #expect(
            error.description.hasPrefix(
                "config.yaml:5:5: providers.openai.priorty: unknown key `priorty`; did you mean `priority`? valid keys here: plugin, enabled, priority,"
            ))
    }

    @Test("an unknown top-level key is reported")
    func unknownRootKey() throws {
        let error = try #require(ConfigurationFixtures.error("version: 1\nrouteing: {}\n"))
        #expect(
            error.description.hasPrefix("config.yaml:2:1: routeing: unknown key `routeing`; did you mean `routing`?"))
    }

    @Test("a provider naming a plugin that is not installed is reported with its position and a suggestion")
    func pluginNotInstalled() throws {
        let directory = try ConfigurationTemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write(
            "switchboard.yaml",
            """
            version: 1
            providers:
              main:
                plugin: opnai
              local:
                plugin: ollama
                enabled: true
            """)
        let loader = ConfigurationLoader(
            environment: [:], currentDirectory: directory.path, homeDirectory: directory.path)
        let configuration = try loader.load(file: file)
        let error = try #require(throws: ConfigurationError.self) {
            try configuration.validate(installedPlugins: ["openai", "echo"])
        }
        #expect(error.code == .plugin)
        #expect(
            error.description.hasPrefix(
                "\(file):4:13: providers.main.plugin: provider `main` uses plugin `opnai`, which is not installed. Did you mean `openai`? Installed plugins: echo, openai."
            ))
        #expect(error.otherErrors.count == 1)
        #expect(
            error.otherErrors[0].description.hasPrefix(
                "\(file):6:13: providers.local.plugin: provider `local` uses plugin `ollama`"))
        try configuration.validate(installedPlugins: ["opnai", "ollama"])
    }

    @Test("a missing plugin key is an error")
    func missingPlugin() throws {
        let error = try #require(ConfigurationFixtures.error("version: 1\nproviders:\n  openai: {local: true}\n"))
        #expect(error.description.hasPrefix("config.yaml:3:3: providers.openai: missing required key `plugin`"))
    }

    @Test("duplicate provider names name both lines")
    func duplicateProviders() throws {
        let error = try #require(
            ConfigurationFixtures.error(
                """
                version: 1
                providers:
                  openai:
                    plugin: openai
                  ollama:
                    plugin: ollama
                  openai:
                    plugin: openai
                """))
        #expect(error.code == .duplicate)
        #expect(
            error.description
                == "config.yaml:7:3: providers.openai: duplicate key `openai`: it appears at line 3 column 3 and again at line 7 column 3 of the same mapping; remove or rename one of them"
        )
    }

    @Test("a negative price is refused")
    func negativePrice() throws {
        let error = try #require(
            ConfigurationFixtures.error(
                """
                version: 1
                providers:
                  openai:
                    plugin: openai
                    models:
                      gpt-6.1-terra:
                        pricing: {input: -2.5}
                """))
        #expect(error.code == .invalidValue)
        #expect(
            error.description
                == "config.yaml:7:26: providers.openai.models.gpt-6.1-terra.pricing.input: must not be negative, found -2.5; prices are USD per million tokens; use 0 for free"
        )
    }

    @Test("a negative budget is refused")
    func negativeBudget() throws {
        let error = try #require(
            ConfigurationFixtures.error(
                """
                version: 1
                budgets:
                  - name: monthly
                    limit_usd: -100
                """))
        #expect(
            error.description
                == "config.yaml:4:16: budgets[0].limit_usd: must not be negative, found -100; a budget is a limit in USD"
        )
    }

    @Test("duplicate budget names are refused")
    func duplicateBudgets() throws {
        let error = try #require(
            ConfigurationFixtures.error(
                "version: 1\nbudgets:\n  - {name: a, limit_usd: 1}\n  - {name: a, limit_usd: 2}\n"))
        #expect(
            error.description.hasPrefix(
                "config.yaml:4:12: budgets[1].name: budget name `a` is used twice: at line 3 column 12 and at line 4 column 12"
            ))
    }

    @Test("an unknown strategy lists the valid ones")
    func unknownStrategy() throws {
        let error = try #require(ConfigurationFixtures.error("version: 1\nrouting:\n  strategy: cheapest_first\n"))
        #expect(
            error.description
                == "config.yaml:3:13: routing.strategy: unknown strategy `cheapest_first`; valid values: auto, local_only, cloud_only, local_first, cloud_first, cascade, parallel, ensemble."
        )
        let typo = try #require(ConfigurationFixtures.error("version: 1\nrouting:\n  strategy: local_frist\n"))
        #expect(typo.message.hasSuffix("Did you mean `local_first`?"))
    }

    @Test("a fallback to an unknown provider is reported with a suggestion")
    func unknownFallbackProvider() throws {
        let error = try #require(
            ConfigurationFixtures.error(
                """
                version: 1
                providers:
                  openai: {plugin: openai}
                routing:
                  fallbacks:
                    - {from: openai, to: [opnai/gpt-6.1-terra]}
                """))
        #expect(
            error.description
                == "config.yaml:6:27: routing.fallbacks[0].to[0]: unknown provider `opnai`; providers defined here: openai. Did you mean `openai`?"
        )
    }

    @Test("an unsupported version is refused")
    func version() throws {
        let error = try #require(ConfigurationFixtures.error("version: 2\n"))
        #expect(error.description.hasPrefix("config.yaml:1:10: version: unsupported configuration version 2"))
    }
}
