import Foundation
import SwitchboardTesting
import Testing

/// The whole path a provider author takes, with no manual step: scaffold a provider outside the repository, build it
/// as its own package, run its conformance tests, install the `.so`, and have a host process load it and answer a
/// request against a local server.
///
/// It builds a second package from scratch, as an author's first build is: the package depends on the checkout's
/// `PluginKit/` (SwitchboardKit and SwitchboardConformanceKit, nothing of the host), and its conformance tests run in
/// this repository's `switchboard`, which the scaffold records. It prints how long each step took, including an
/// incremental `swift test` after a one-line change to the provider (docs/benchmarks.md).
@Suite("Provider author's path, end to end")
struct ProviderAuthorEndToEndTests {
    @Test(.timeLimit(.minutes(60)))
    func aScaffoldedProviderBuildsPassesConformanceInstallsAndAnswers() async throws {
        let directory = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let package = directory + "/AcmePlugin"
        let environment = CLIRunner.cleanEnvironment(home: directory + "/home")
        let clock = ContinuousClock()
        var timings: [String] = []

        @discardableResult
        func step(_ name: String, _ executable: String, _ arguments: [String], environment: [String: String])
            async throws
            -> CLIRunner.Run
        {
            let started = clock.now
            let run = try await CLIRunner.run(executable, arguments, in: directory, environment: environment)
            timings.append("\(name): \(clock.now - started)")
            try #require(
                run.status == 0,
                "\(name) failed (\(run.status)):\n\(run.output.suffix(4000))\n\(run.errors.suffix(4000))")
            return run
        }

        let scaffold = try await step(
            "new-provider", CLIRunner.switchboard,
            ["new-provider", "Acme", "--output", package, "--switchboard", TestSupport.packageRoot],
            environment: environment)
        #expect(scaffold.output.contains("swift build --package-path \(package)"))

        // SwiftPM needs the real home (its caches and git configuration); the switchboard runs get a fresh one.
        let swift = ["swift"]
        let builder = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SWITCHBOARD_") }
        try await step(
            "swift build", "/usr/bin/env", swift + ["build", "--package-path", package], environment: builder)
        let tests = try await step(
            "swift test", "/usr/bin/env", swift + ["test", "--package-path", package], environment: builder)
        #expect(
            tests.output.contains("conformance") || tests.errors.contains("conformance"), "the conformance checks ran")

        // The author's loop: one line of code added to the provider, and the tests again, on the relinked plugin.
        let built = package + "/.build/debug/libAcmePlugin.so"
        let firstBuild = try Data(contentsOf: URL(fileURLWithPath: built))
        let provider = try #require(FileHandle(forWritingAtPath: package + "/Sources/AcmePlugin/AcmePlugin.swift"))
        try provider.seekToEnd()
        try provider.write(contentsOf: Data("let oneLineChange = 2\n".utf8))
        try provider.close()
        let retest = try await step(
            "swift test after a one-line change", "/usr/bin/env", swift + ["test", "--package-path", package],
            environment: builder)
        #expect(try Data(contentsOf: URL(fileURLWithPath: built)) != firstBuild, "the plugin was rebuilt")
        #expect(
            retest.output.contains("conformance") || retest.errors.contains("conformance"), "the checks ran again")

        let plugins = directory + "/plugins"
        let install = try await step(
            "plugins install", CLIRunner.switchboard,
            ["plugins", "install", built, "--plugins-dir", plugins],
            environment: environment)
        #expect(install.output.contains("Installed acme 0.1.0"))

        let server = try await MockHTTPServer.start { _ in
            MockHTTPServer.Response(
                status: 200,
                headers: [("content-type", "text/event-stream")],
                chunks: [
                    .text(#"data: {"delta":"Hello from "}"# + "\n\n"),
                    .text(#"data: {"delta":"Acme"}"# + "\n\n"),
                    .text(#"data: {"finish_reason":"stop","usage":{"input_tokens":5,"output_tokens":3}}"# + "\n\n"),
                ]
            )
        }
        defer { Task { try await server.shutdown() } }
        try """
        plugins:
          directories: [\(plugins)]
        providers:
          acme:
            plugin: acme
            settings:
              base_url: \(server.baseURL)
              api_key: sk-acme-end-to-end
        """.write(toFile: directory + "/switchboard.yaml", atomically: true, encoding: .utf8)
        let answer = try await step(
            "complete", CLIRunner.switchboard,
            ["complete", "--config", directory + "/switchboard.yaml", "-p", "acme", "-m", "acme-chat", "Say hello"],
            environment: environment)
        #expect(answer.output == "Hello from Acme\n")
        #expect(answer.errors.contains("stop · 5 in, 3 out"))
        let sent = try #require(server.requests.first)
        #expect(sent.uri == "/chat")
        #expect(sent.header("authorization") == "Bearer sk-acme-end-to-end")
        print("provider author's path, end to end: " + timings.joined(separator: "; "))
    }
}
