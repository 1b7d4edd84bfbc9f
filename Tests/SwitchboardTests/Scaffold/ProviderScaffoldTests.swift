import Foundation
import SwitchboardScaffold
import Testing

@Suite("Provider scaffold")
struct ProviderScaffoldTests {
    @Test(arguments: [
        ("acme-cloud", "AcmeCloud", "acme-cloud", "ACME_CLOUD"),
        ("acme_cloud", "AcmeCloud", "acme-cloud", "ACME_CLOUD"),
        ("Acme", "Acme", "acme", "ACME"),
        ("MistralAI", "MistralAI", "mistralai", "MISTRALAI"),
        ("llm7", "Llm7", "llm7", "LLM7"),
    ])
    func aNameGivesTheTypeTheIDAndTheVariablePrefix(name: String, type: String, id: String, environment: String) throws
    {
        let derived = try ProviderName(name)
        #expect(derived.typeName == type)
        #expect(derived.id == id)
        #expect(derived.environmentPrefix == environment)
    }

    @Test(arguments: [
        "", "7up", "acme cloud", "acme--cloud", "-acme", "acme-", "ac.me", "acmé", String(repeating: "a", count: 41),
    ])
    func anUnusableNameIsRefusedSayingWhatANameMayHold(name: String) {
        #expect {
            try ProviderName(name)
        } throws: { error in
            let message = (error as? ScaffoldError)?.message ?? ""
            return message.hasPrefix("\"\(name)\" is not a usable provider name: expected ASCII letters and digits")
        }
    }

    @Test(arguments: ["openai", "OpenAI", "claude-code", "ClaudeCode", "gemini_cli"])
    func aBundledPluginsIDIsRefused(name: String) {
        #expect {
            try ProviderName(name)
        } throws: { error in
            (error as? ScaffoldError)?.message.contains("would have the plugin id of the bundled") == true
        }
    }

    @Test func aCheckoutPathBecomesAPathDependencyOnItsPluginKit() throws {
        let source = try SwitchboardSource("..", relativeTo: TestSupport.packageRoot + "/Sources")
        #expect(source == .path(TestSupport.packageRoot))
        #expect(source.dependency == ".package(path: \"\(TestSupport.packageRoot)/PluginKit\")")
        #expect(source.packageIdentity == "pluginkit")
        #expect(FileManager.default.fileExists(atPath: TestSupport.packageRoot + "/PluginKit/Package.swift"))
    }

    @Test(arguments: [
        ("https://git.example.com/acme/Switchboard.git", "switchboard"),
        ("git@github.com:acme/switchboard.git", "switchboard"),
        ("file:///srv/git/switchboard-fork", "switchboard-fork"),
    ])
    func aURLBecomesAGitDependencyOnMain(url: String, identity: String) throws {
        let source = try SwitchboardSource(url, relativeTo: "/")
        #expect(source == .url(url))
        #expect(source.dependency == ".package(url: \"\(url)\", branch: \"main\")")
        #expect(source.packageIdentity == identity)
    }

    @Test func aPathThatIsNotACheckoutIsRefused() {
        #expect {
            try SwitchboardSource("Sources", relativeTo: TestSupport.packageRoot)
        } throws: { error in
            (error as? ScaffoldError)?.message
                == "--switchboard Sources: expected a Switchboard checkout (a directory with Package.swift, "
                + "Sources/SwitchboardKit and PluginKit/Package.swift) at \(TestSupport.packageRoot)/Sources, found none; pass the path of your "
                + "checkout or a git URL"
        }
    }

    @Test func anExecutableBuiltInACheckoutFindsIt() {
        let built = TestSupport.packageRoot + "/.build/x86_64-unknown-linux-gnu/debug/switchboard"
        #expect(SwitchboardSource.checkout(containing: built) == .path(TestSupport.packageRoot))
        #expect(SwitchboardSource.checkout(containing: "/usr/local/bin/switchboard") == nil)
    }

    @Test func everyPlaceholderIsReplacedInPathsAndText() throws {
        let scaffold = ProviderScaffold(
            name: try ProviderName("acme-cloud"), switchboard: .url("https://git.example.com/switchboard.git"),
            switchboardExecutable: "/opt/switchboard/bin/switchboard")
        let files = scaffold.files()
        #expect(files.count == PluginTemplate.files.count)
        for file in files {
            for token in ["Skeleton", "skeleton", "SKELETON", "{{"] {
                #expect(!file.path.contains(token) && !file.contents.contains(token), "\(token) left in \(file.path)")
            }
        }
        #expect(scaffold.packageName == "AcmeCloudPlugin")
        #expect(scaffold.productFileName == "libAcmeCloudPlugin.so")
        let provider = try #require(files.first { $0.path == "Sources/AcmeCloudPlugin/AcmeCloudPlugin.swift" })
        #expect(provider.contents.contains(#"id: "acme-cloud""#))
        #expect(provider.contents.contains("enum AcmeCloudPlugin: ProviderPlugin"))
        #expect(provider.contents.contains("ACME_CLOUD_API_KEY"))
        let manifest = try #require(files.first { $0.path == "Package.swift" })
        #expect(
            manifest.contents.contains(#".package(url: "https://git.example.com/switchboard.git", branch: "main")"#))
        #expect(manifest.contents.contains(#".product(name: "SwitchboardKit", package: "switchboard")"#))
        #expect(
            manifest.contents.contains(
                #".library(name: "AcmeCloudPlugin", type: .dynamic, targets: ["AcmeCloudPlugin"])"#))
        let tests = try #require(files.first { $0.path == "Tests/AcmeCloudPluginTests/AcmeCloudPluginTests.swift" })
        #expect(tests.contents.contains(#"SwitchboardCLI(recordedPath: "/opt/switchboard/bin/switchboard")"#))
    }

    @Test func writingCreatesThePackageAndNeverOverwritesADirectory() throws {
        let parent = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeDirectory(parent) }
        let scaffold = ProviderScaffold(
            name: try ProviderName("Acme"), switchboard: .path(TestSupport.packageRoot),
            switchboardExecutable: CLIRunner.switchboard)
        let directory = parent + "/nested/AcmePlugin"
        try scaffold.write(to: directory)
        for file in scaffold.files() {
            let written = try String(contentsOfFile: directory + "/" + file.path, encoding: .utf8)
            #expect(written == file.contents, "\(file.path) written as rendered")
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: parent + "/nested") == ["AcmePlugin"], "no staging left"
        )

        try FileManager.default.createDirectory(atPath: parent + "/taken", withIntermediateDirectories: true)
        #expect {
            try scaffold.write(to: parent + "/taken")
        } throws: { error in
            (error as? ScaffoldError)?.message
                == "\(parent)/taken already exists; new-provider never overwrites a directory: remove it, or choose another with --output"
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent + "/taken").isEmpty)
    }
}
