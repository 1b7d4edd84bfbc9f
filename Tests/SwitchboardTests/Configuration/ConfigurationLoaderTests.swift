import Foundation
import Switchboard
import SwitchboardGateway
import SwitchboardKit
import Testing

@Suite("Configuration discovery, defaults and template")
struct ConfigurationLoaderTests {
    static func file(_ name: String) -> String { "version: 1\nproviders:\n  \(name): {plugin: echo}\n" }

    @Test("discovery order: --config, $SWITCHBOARD_CONFIG, ./switchboard.yaml, ~/.switchboard/config.yaml, built-in")
    func discoveryOrder() throws {
        let root = try ConfigurationTemporaryDirectory()
        defer { root.remove() }
        let cwd = root.path + "/work"
        let home = root.path + "/home"
        let explicit = try root.write("explicit.yaml", Self.file("explicit"))
        let fromEnvironment = try root.write("env.yaml", Self.file("environment"))
        let local = try root.write("work/switchboard.yaml", Self.file("local"))
        let user = try root.write("home/.switchboard/config.yaml", Self.file("user"))
        let withEnvironment = ConfigurationLoader(
            environment: ["SWITCHBOARD_CONFIG": fromEnvironment], currentDirectory: cwd, homeDirectory: home)
        let plain = ConfigurationLoader(environment: [:], currentDirectory: cwd, homeDirectory: home)

        #expect(try withEnvironment.locate(explicitPath: "../explicit.yaml") == .file(explicit))
        #expect(try withEnvironment.load(explicitPath: explicit).providers.map(\.name) == ["explicit"])
        #expect(try withEnvironment.load().providers.map(\.name) == ["environment"])
        #expect(try plain.load().source == .file(local))
        #expect(try plain.load().providers.map(\.name) == ["local"])
        try FileManager.default.removeItem(atPath: local)
        #expect(try plain.load().source == .file(user))
        #expect(try plain.load().providers.map(\.name) == ["user"])
        try FileManager.default.removeItem(atPath: user)
        let builtIn = try plain.load()
        #expect(builtIn.source == .builtIn)
        #expect(builtIn.source.description == "built-in defaults")
        #expect(builtIn.providers.map(\.name) == ["ollama", "lmstudio", "echo"])
        #expect(builtIn.pluginSearchPaths == [home + "/.switchboard/plugins"])
    }

    @Test("a named configuration that does not exist is an error, not a fallback")
    func missingNamedFile() throws {
        let root = try ConfigurationTemporaryDirectory()
        defer { root.remove() }
        let loader = ConfigurationLoader(
            environment: ["SWITCHBOARD_CONFIG": root.path + "/nope.yaml"], currentDirectory: root.path,
            homeDirectory: root.path)
        let error = try #require(throws: ConfigurationError.self) { try loader.load() }
        #expect(error.code == .io)
        #expect(
            error.description
                == "\(root.path)/nope.yaml: configuration file \(root.path)/nope.yaml (named by $SWITCHBOARD_CONFIG) does not exist; check the path, or create it with `switchboard init`"
        )
        let explicit = try #require(throws: ConfigurationError.self) { try loader.load(explicitPath: "missing.yaml") }
        #expect(explicit.message.contains("(given with --config) does not exist"))
    }

    @Test("plugin search paths: directories, then next to the file, ~/.switchboard/plugins, $SWITCHBOARD_PLUGIN_PATH")
    func pluginSearchPaths() throws {
        let root = try ConfigurationTemporaryDirectory()
        defer { root.remove() }
        let file = try root.write("conf/switchboard.yaml", "version: 1\nplugins: {directories: [./mine, ~/other]}\n")
        let loader = ConfigurationLoader(
            environment: ["SWITCHBOARD_PLUGIN_PATH": "/a:/b::/a"], currentDirectory: "/", homeDirectory: "/home/u")
        let configuration = try loader.load(file: file)
        #expect(
            configuration.pluginSearchPaths == [
                root.path + "/conf/mine", "/home/u/other", root.path + "/conf/plugins", "/home/u/.switchboard/plugins",
                "/a", "/b",
            ])
    }

    @Test("built-in defaults add openai only when OPENAI_API_KEY is set")
    func builtInDefaults() throws {
        let without = SwitchboardConfiguration.builtInDefaults(environment: [:])
        #expect(without.providers.map(\.name) == ["ollama", "lmstudio", "echo"])
        #expect(without.plugins.enable == nil)
        #expect(without.provider(named: "ollama")?.settings == ["base_url": "http://127.0.0.1:11434"])
        #expect(without.provider(named: "lmstudio")?.plugin == "openai")
        #expect(without.providers.allSatisfy { $0.local })
        let with = SwitchboardConfiguration.builtInDefaults(environment: ["OPENAI_API_KEY": "sk-1"])
        let openai = try #require(with.provider(named: "openai"))
        #expect(openai.plugin == "openai")
        #expect(!openai.local)
        #expect(openai.settings["api_key"] == "sk-1")
    }

    @Test("the default template parses to the built-in defaults")
    func templateMatchesDefaults() throws {
        let loader = ConfigurationLoader(
            environment: [:], currentDirectory: "/", homeDirectory: "/home/u", sections: [.gateway, .telemetry])
        let template = try loader.decode(
            yaml: ConfigurationTemplate.yaml(sections: [.gateway, .telemetry]), name: "<template>")
        let defaults = SwitchboardConfiguration.builtInDefaults(environment: [:])
        #expect(template.version == defaults.version)
        #expect(template.plugins == defaults.plugins)
        #expect(template.providers == defaults.providers)
        #expect(template.routing == defaults.routing)
        #expect(template.agents == defaults.agents)
        #expect(template.budgets == defaults.budgets)
        #expect(template.availableProfiles == ["local-only", "cloud-only", "development"])
        // Its profiles apply to the built-in defaults too.
        let builtIn = ConfigurationLoader(
            environment: ["SWITCHBOARD_PROFILE": "cloud-only", "OPENAI_API_KEY": "k"], currentDirectory: "/nonexistent",
            homeDirectory: "/nonexistent")
        let cloud = try builtIn.load()
        #expect(cloud.source == .builtIn)
        #expect(cloud.routing.strategy == .cloudOnly)
        #expect(cloud.providers.filter(\.enabled).map(\.name) == ["openai"])
    }

    @Test("every key of the template is documented by a comment")
    func templateIsCommented() throws {
        let lines = ConfigurationTemplate.yaml(sections: [.gateway, .telemetry]).split(separator: "\n")
        #expect(lines.filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }.count > 60)
    }

    @Test("docs/configuration.md contains the template verbatim")
    func docsContainTemplate() throws {
        let docs = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("docs/configuration.md")
        guard let text = try? String(contentsOf: docs, encoding: .utf8) else { return }
        #expect(text.contains(ConfigurationReference.markedTemplate(sections: [.gateway, .telemetry])))
    }

    @Test("config docs rewrites stale tables and a stale template between their markers, and names missing markers")
    func docsAreRegeneratedBetweenTheirMarkers() throws {
        let stale = """
            intro
            <!-- BEGIN keys: routing.retry (generated: switchboard config docs) -->
            | key | old |
            <!-- END keys: routing.retry -->
            middle
            <!-- BEGIN template (generated: switchboard config docs) -->
            ```yaml
            version: 0
            ```
            <!-- END template -->
            outro
            """
        let (text, missing) = ConfigurationReference.updating(stale, sections: [])
        let retry = SwitchboardConfiguration.Retry.schema.markdownTable()
        #expect(text.contains(ConfigurationReference.marked("routing.retry", retry)))
        #expect(text.contains("| `max_backoff_ms` | integer ≥ 0 | `8000` |"))
        #expect(text.contains(ConfigurationReference.markedTemplate(sections: [])))
        #expect(!text.contains("| key | old |") && !text.contains("version: 0"))
        #expect(text.hasPrefix("intro\n") && text.contains("\nmiddle\n") && text.hasSuffix("\noutro"))
        #expect(missing.contains("routing") && missing.contains("usage.cache") && !missing.contains("routing.retry"))
        #expect(!missing.contains("template"))
    }

    @Test("docs/configuration.md's key tables are the ones the declarations give")
    func docsKeyTablesMatchTheDeclarations() throws {
        let docs = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("docs/configuration.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        for (path, table) in ConfigurationReference.tables(sections: [.gateway, .telemetry]) {
            let expected = ConfigurationReference.marked(path, table)
            #expect(
                text.contains(expected),
                """
                docs/configuration.md's table of `\(path)` differs from its declaration; run \
                `swift run switchboard config docs --write docs/configuration.md`, or put this between its markers:
                \(expected)
                """)
        }
    }
}
