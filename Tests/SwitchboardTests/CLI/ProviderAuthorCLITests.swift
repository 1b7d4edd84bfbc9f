import Foundation
import SwitchboardKit
import Testing

extension CLISuites {
    /// `switchboard new-provider` and `switchboard plugins install`, run as an author runs them.
    @Suite("switchboard new-provider and plugins install")
    struct ProviderAuthorCLITests {
        private func switchboard(_ arguments: [String], in directory: String) async throws -> CLIRunner.Run {
            try await CLIRunner.run(
                CLIRunner.switchboard, arguments, in: directory,
                environment: CLIRunner.cleanEnvironment(home: directory + "/home"))
        }

        private func withDirectory(_ body: (String) async throws -> Void) async throws {
            let directory = try TestSupport.makeTemporaryDirectory()
            defer { TestSupport.removeDirectory(directory) }
            try await body(directory)
        }

        @Test func newProviderWritesThePackageAndPrintsTheNextThreeCommands() async throws {
            try await withDirectory { directory in
                let run = try await switchboard(["new-provider", "acme-cloud"], in: directory)
                #expect(run.status == 0, "\(run.errors)")
                let package = directory + "/AcmeCloudPlugin"
                #expect(
                    FileManager.default.fileExists(atPath: package + "/Sources/AcmeCloudPlugin/AcmeCloudPlugin.swift"))
                let manifest = try String(contentsOfFile: package + "/Package.swift", encoding: .utf8)
                #expect(
                    manifest.contains(".package(path: \"\(TestSupport.packageRoot)/PluginKit\")"),
                    "the plugin kit of the checkout it was built in")
                let tests = try String(
                    contentsOfFile: package + "/Tests/AcmeCloudPluginTests/AcmeCloudPluginTests.swift", encoding: .utf8)
                #expect(
                    tests.contains("SwitchboardCLI(recordedPath: \"\(CLIRunner.switchboard)\")"),
                    "the switchboard that scaffolded it runs its conformance checks")
                #expect(
                    run.output.hasSuffix(
                        """
                          swift build --package-path \(package)
                          swift test --package-path \(package)
                          switchboard plugins install \(package)/.build/debug/libAcmeCloudPlugin.so

                        """
                    )
                )
                #expect(run.output.contains("plugin id \"acme-cloud\""))

                let again = try await switchboard(["new-provider", "acme-cloud"], in: directory)
                #expect(again.status == 1)
                #expect(again.errors.contains("\(package) already exists; new-provider never overwrites a directory"))
            }
        }

        @Test func newProviderRefusesABadNameOrSwitchboardWithUsageStatus() async throws {
            try await withDirectory { directory in
                let badName = try await switchboard(["new-provider", "acme cloud"], in: directory)
                #expect(badName.status == 2)
                #expect(badName.errors.contains("\"acme cloud\" is not a usable provider name"))
                let badSource = try await switchboard(
                    ["new-provider", "acme", "--switchboard", directory], in: directory)
                #expect(badSource.status == 2)
                #expect(badSource.errors.contains("expected a Switchboard checkout"))
                #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty, "nothing written")
            }
        }

        @Test func installChecksThePluginAndCopiesItIntoThePluginsDirectory() async throws {
            try await withDirectory { directory in
                let plugins = directory + "/plugins"
                let echo = try TestSupport.plugin("Echo")
                let run = try await switchboard(["plugins", "install", echo, "--plugins-dir", plugins], in: directory)
                #expect(run.status == 0, "\(run.errors)")
                #expect(run.output.contains("Installed echo 1.0.0 (ABI 1.3"))
                #expect(
                    FileManager.default.contentsEqual(atPath: plugins + "/libSwitchboardEchoPlugin.so", andPath: echo))
                #expect(try FileManager.default.contentsOfDirectory(atPath: plugins) == ["libSwitchboardEchoPlugin.so"])

                let again = try await switchboard(
                    ["plugins", "install", echo, "--plugins-dir", plugins], in: directory)
                #expect(again.status == 0)
                #expect(again.output.contains("echo 1.0.0 is already installed"))

                let list = try await switchboard(["plugins", "--plugin-dir", plugins, "--json"], in: directory)
                let loaded =
                    try JSONDecoder().decode(JSONValue.self, from: Data(list.output.utf8))["loaded"]?.arrayValue ?? []
                #expect(
                    loaded.contains { $0["path"]?.stringValue == plugins + "/libSwitchboardEchoPlugin.so" },
                    "the host loads the installed copy"
                )
            }
        }

        @Test func installIntoTheDefaultDirectoryUsesHome() async throws {
            try await withDirectory { directory in
                let run = try await switchboard(["plugins", "install", try TestSupport.plugin("Echo")], in: directory)
                #expect(run.status == 0, "\(run.errors)")
                #expect(
                    FileManager.default.fileExists(
                        atPath: directory + "/home/.switchboard/plugins/libSwitchboardEchoPlugin.so"))
            }
        }

        @Test func installRefusesAFileTheHostWouldRefuseAndSaysWhy() async throws {
            try await withDirectory { directory in
                try "not a plugin".write(toFile: directory + "/broken.so", atomically: true, encoding: .utf8)
                let run = try await switchboard(
                    ["plugins", "install", "broken.so", "--plugins-dir", "plugins"], in: directory)
                #expect(run.status == 1)
                #expect(
                    run.errors.contains(
                        "error: not installed: plugin \(directory)/broken.so: expected an ELF shared object"))
                #expect(!FileManager.default.fileExists(atPath: directory + "/plugins"))

                let missing = try await switchboard(
                    ["plugins", "install", "nope.so", "--plugins-dir", "plugins"], in: directory)
                #expect(missing.status == 1)
                #expect(missing.errors.contains("cannot read the file"))
            }
        }

        @Test func installNeverReplacesAnotherFileWithTheSameIDWithoutForce() async throws {
            try await withDirectory { directory in
                let plugins = directory + "/plugins"
                try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
                let echo = try TestSupport.plugin("Echo")
                try FileManager.default.copyItem(atPath: echo, toPath: plugins + "/echo-old.so")
                let refused = try await switchboard(
                    ["plugins", "install", echo, "--plugins-dir", plugins], in: directory)
                #expect(refused.status == 1)
                #expect(
                    refused.errors.contains(
                        "already holds plugin id \"echo\" in echo-old.so, a different file; pass --force to replace it"
                    )
                )
                #expect(try FileManager.default.contentsOfDirectory(atPath: plugins) == ["echo-old.so"])

                let forced = try await switchboard(
                    ["plugins", "install", echo, "--plugins-dir", plugins, "--force"], in: directory)
                #expect(forced.status == 0, "\(forced.errors)")
                #expect(try FileManager.default.contentsOfDirectory(atPath: plugins) == ["libSwitchboardEchoPlugin.so"])
            }
        }
    }
}
