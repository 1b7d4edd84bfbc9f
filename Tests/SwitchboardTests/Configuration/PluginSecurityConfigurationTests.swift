import Foundation
import Switchboard
import Testing

/// `plugins.allow_untrusted_paths`, `plugins.checksums` and a provider's `isolation`.
@Suite struct PluginSecurityConfigurationTests {
    static let digest = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"

    @Test func keysDecodeIntoTypedFieldsAndRenderBack() throws {
        let configuration = try ConfigurationFixtures.load(
            """
            version: 1
            plugins:
              allow_untrusted_paths: true
              checksums:
                openai: \(Self.digest)
                libSwitchboardEchoPlugin.so: "\(Self.digest.lowercased())"
            providers:
              isolated:
                plugin: echo
                isolation: process
              inline:
                plugin: echo
            """)
        #expect(configuration.plugins.allowUntrustedPaths)
        #expect(
            configuration.plugins.checksums == [
                "openai": Self.digest.lowercased(), "libSwitchboardEchoPlugin.so": Self.digest.lowercased(),
            ])
        #expect(configuration.provider(named: "isolated")?.isolation == .process)
        #expect(configuration.provider(named: "inline")?.isolation == .inProcess)
        let loader = PluginLoader.Configuration(configuration)
        #expect(loader.trust.allowUntrustedPaths)
        #expect(loader.trust.checksums["openai"] == Self.digest.lowercased())

        let again = try ConfigurationLoader(environment: [:], currentDirectory: "/", homeDirectory: "/home/u")
            .decode(yaml: configuration.renderedYAML(), name: "rendered.yaml")
        #expect(again.plugins == configuration.plugins)
        #expect(again.provider(named: "isolated")?.isolation == .process)
    }

    @Test func defaultsAreStrict() throws {
        let configuration = try ConfigurationFixtures.load("version: 1\n")
        #expect(!configuration.plugins.allowUntrustedPaths)
        #expect(configuration.plugins.checksums.isEmpty)
        #expect(!PluginLoader.Configuration(configuration).trust.allowUntrustedPaths)
    }

    @Test func aMalformedChecksumNamesTheKeyAndTheExpectedForm() throws {
        let error = try #require(
            ConfigurationFixtures.error(
                """
                version: 1
                plugins:
                  checksums:
                    openai: abc123
                """))
        #expect(error.code == .invalidValue)
        #expect(
            error.description
                == "config.yaml:4:13: plugins.checksums.openai: expected a SHA-256 digest of 64 hex digits (as `sha256sum FILE` prints), found 6 characters"
        )
    }

    @Test func anUnknownIsolationListsTheValidOnes() throws {
        let error = try #require(
            ConfigurationFixtures.error(
                """
                version: 1
                providers:
                  echo:
                    plugin: echo
                    isolation: sandbox
                """))
        #expect(error.code == .invalidValue)
        #expect(
            error.description.contains(
                "providers.echo.isolation: unknown isolation `sandbox`; valid values: in_process, process"))
    }
}
