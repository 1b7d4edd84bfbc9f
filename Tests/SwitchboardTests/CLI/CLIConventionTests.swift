import Foundation
import SwitchboardTesting
import Testing

extension CLISuites {
    /// What every command promises: help with exit codes, usage errors exit 2, configuration errors exit 3, colour
    /// only on a terminal and never with `NO_COLOR` or `--no-color`, logs on standard error.
    @Suite("switchboard CLI conventions")
    struct CLIConventionTests {
        static let commands: [[String]] = [
            [], ["overview"], ["plugins"], ["plugins", "inspect"], ["models"], ["route"], ["complete"], ["chat"],
            ["doctor"], ["init"], ["config", "check"], ["conformance"],
        ]

        @Test(arguments: commands)
        func everyCommandHasHelpWithTheExitCodes(_ command: [String]) async throws {
            try await CLIRunner.withDirectory { directory in
                let run = try await CLIRunner.run(command + ["--help"], in: directory)
                #expect(run.status == 0, "\(run.errors)")
                #expect(run.output.contains("OVERVIEW: "))
                #expect(run.output.contains("USAGE: switchboard"))
                #expect(run.output.contains("Exit codes: 0 success; 1 a request or provider failed"), "\(run.output)")
                #expect(run.output.contains("3 the configuration cannot be loaded or is invalid"))
            }
        }

        @Test func aUsageErrorExitsTwoAndSaysWhatIsWrong() async throws {
            try await CLIRunner.withDirectory { directory in
                let tier = try await CLIRunner.run(["models", "--tier", "huge"], in: directory)
                #expect(tier.status == 2)
                #expect(tier.errors.contains("\"huge\" is not one of fast, standard, advanced"))
                let unknown = try await CLIRunner.run(["complete", "--no-such-option", "hi"], in: directory)
                #expect(unknown.status == 2)
                #expect(unknown.errors.contains("Unknown option '--no-such-option'"))
                let metadata = try await CLIRunner.run(
                    ["complete", "-p", "echo", "--metadata", "novalue", "hi"], in: directory)
                #expect(metadata.status == 2)
                #expect(metadata.errors.contains("--metadata expects key=value, found \"novalue\""))
                let level = try await CLIRunner.run(["models", "--log-level", "loud"], in: directory)
                #expect(level.status == 2)
                #expect(
                    level.errors.contains("\"loud\" is not one of trace, debug, info, notice, warning, error, critical")
                )
            }
        }

        @Test func aBrokenConfigurationExitsThreeWithItsLocation() async throws {
            try await CLIRunner.withDirectory { directory in
                try CLIRunner.writeConfiguration(
                    "providers:\n  echo:\n    plugin: echo\n    colour: blue\n", in: directory)
                for command in [
                    ["models"], ["plugins"], ["complete", "-p", "echo", "hi"], ["chat"], ["config", "check"],
                ] {
                    let run = try await CLIRunner.run(command, in: directory)
                    #expect(run.status == 3, "\(command): \(run.errors)")
                    #expect(
                        run.errors.contains("switchboard.yaml:4:5: providers.echo.colour:"), "\(command): \(run.errors)"
                    )
                }
            }
        }

        /// Whether `text` holds a colour or style escape (SGR); a spinner's line erase is not one.
        private func hasColour(_ text: String) -> Bool {
            text.contains(#/\u{1B}\[[0-9;]*m/#)
        }

        @Test func colourOnlyOnATerminalAndNeverWithNoColorOrTheFlag() async throws {
            try await CLIRunner.withDirectory { directory in
                let terminal = try await CLIRunner.runInTerminal(["plugins"], in: directory)
                #expect(terminal.status == 0)
                #expect(terminal.output.contains("\u{1B}[32m✓"), "\(terminal.output)")
                let noColor = try await CLIRunner.runInTerminal(
                    ["plugins"], in: directory, environment: ["NO_COLOR": "1"])
                #expect(noColor.output.contains("✓") && !hasColour(noColor.output))
                let flag = try await CLIRunner.runInTerminal(["plugins", "--no-color"], in: directory)
                #expect(flag.output.contains("✓") && !hasColour(flag.output))
                let doctor = try await CLIRunner.runInTerminal(
                    ["doctor", "--provider", "echo"], in: directory, environment: ["NO_COLOR": "1"])
                #expect(doctor.output.contains("Everything checked is working.") && !hasColour(doctor.output))
                let piped = try await CLIRunner.run(["plugins"], in: directory, environment: ["NO_COLOR": ""])
                #expect(piped.output.contains("✓") && !hasColour(piped.output))
            }
        }

        /// The Claude Code plugin logs at `info` after every run; the CLI shows that only at `--log-level info` (or
        /// `SWITCHBOARD_LOG_LEVEL=info`), always on standard error.
        @Test func pluginLogsGoToStandardErrorOnlyAtTheChosenLevel() async throws {
            let cli = try FakeCLI("cat '\(TestSupport.pluginFixture("ClaudeCode", "stream-tool-use.jsonl"))'")
            defer { cli.remove() }
            try await CLIRunner.withDirectory { directory in
                try CLIRunner.writeConfiguration(
                    "providers:\n  claude-code:\n    plugin: claude-code\n    settings:\n      path: \(cli.path)\n",
                    in: directory)
                let arguments = ["complete", "-m", "claude-code/sonnet", "-q", "hi"]
                let quiet = try await CLIRunner.run(arguments, in: directory)
                #expect(quiet.status == 0, "\(quiet.errors)")
                #expect(!quiet.output.isEmpty && !quiet.output.contains("Claude Code run finished"))
                #expect(!quiet.errors.contains("Claude Code run finished"), "\(quiet.errors)")
                for (extra, environment) in [(["--log-level", "info"], [:]), ([], ["SWITCHBOARD_LOG_LEVEL": "info"])] {
                    let verbose = try await CLIRunner.run(arguments + extra, in: directory, environment: environment)
                    #expect(verbose.status == 0)
                    #expect(verbose.output == quiet.output)
                    #expect(verbose.errors.contains("info switchboard.plugin"), "\(verbose.errors)")
                    #expect(verbose.errors.contains("Claude Code run finished, total_cost_usd="))
                }
                let bogus = try await CLIRunner.run(
                    arguments, in: directory, environment: ["SWITCHBOARD_LOG_LEVEL": "chatty"])
                #expect(bogus.status == 0)
                #expect(bogus.output == quiet.output)
                #expect(bogus.errors.contains("SWITCHBOARD_LOG_LEVEL=chatty is not one of trace, debug"))
            }
        }

        @Test func modelsShowsAPriceFilesPricesWithTheirSourceAndConfigCheckLocatesItsErrors() async throws {
            try await CLIRunner.withDirectory { directory in
                try CLIRunner.writeConfiguration(
                    "providers:\n  echo: {plugin: echo, local: false}\npricing:\n  files: [prices.yaml]\n",
                    in: directory)
                let prices = directory + "/prices.yaml"
                try
                    "models:\n  echo/echo: {input: 1, output: 2, source_url: https://example.com/p, as_of: 2026-12-01}\n"
                    .write(toFile: prices, atomically: true, encoding: .utf8)
                let models = try await CLIRunner.run(
                    ["models", "--json", "--provider", "echo", "--discovery-timeout", "0"], in: directory)
                #expect(models.status == 0, "\(models.errors)")
                let listed = try #require(try CLIRunner.json(models)["models"] as? [[String: Any]])
                let resolved = URL(fileURLWithPath: prices).standardizedFileURL.path
                #expect(listed.first?["price_source"] as? String == "file:\(resolved)")
                let pricing = listed.first?["pricing"] as? [String: Any]
                #expect(pricing?["input"] as? Double == 1 && pricing?["output"] as? Double == 2)
                #expect(pricing?["source_url"] as? String == "https://example.com/p")
                #expect(pricing?["as_of"] as? String == "2026-12-01")
                let check = try await CLIRunner.run(["config", "check", "--quiet"], in: directory)
                #expect(check.status == 0, "\(check.errors)")
                #expect(check.errors.contains("1 price files with 1 prices"), "\(check.errors)")

                try "models:\n  echo/echo: {input: -1, output: 2}\n".write(
                    toFile: prices, atomically: true, encoding: .utf8)
                let bad = try await CLIRunner.run(["config", "check"], in: directory)
                #expect(bad.status == 3)
                #expect(
                    bad.errors.contains("prices.yaml:2:22: models.echo/echo.input: must not be negative, found -1"),
                    "\(bad.errors)")
            }
        }

        @Test func modelsAndRouteSpeakJSONAndRouteExitsFourWhenNothingFits() async throws {
            try await CLIRunner.withDirectory { directory in
                let models = try await CLIRunner.run(
                    ["models", "--json", "--provider", "echo", "--discovery-timeout", "0"], in: directory)
                #expect(models.status == 0, "\(models.errors)")
                let listed = try #require(try CLIRunner.json(models)["models"] as? [[String: Any]])
                #expect(listed.count == 1)
                #expect(listed.first?["provider"] as? String == "echo")
                #expect(listed.first?["id"] as? String == "echo")
                #expect(listed.first?["local"] as? Bool == true)
                #expect((listed.first?["capabilities"] as? [String])?.contains("chat") == true)
                #expect(listed.first?["price_source"] as? String == "local")
                #expect(listed.first?["pricing"] as? [String: Double] == ["input": 0, "output": 0])

                let route = try await CLIRunner.run(
                    [
                        "route", "say hello", "--local", "--exclude", "lmstudio", "--exclude", "ollama", "--json",
                        "--discovery-timeout", "0",
                    ], in: directory)
                #expect(route.status == 0, "\(route.errors)")
                let document = try CLIRunner.json(route)
                let candidates = try #require(document["candidates"] as? [[String: Any]])
                #expect(candidates.contains { $0["provider"] as? String == "echo" && $0["model"] as? String == "echo" })
                #expect(candidates.allSatisfy { $0["confidence"] is Double && $0["rationale"] is String })
                #expect(document["task"] is String)

                let none = try await CLIRunner.run(
                    ["route", "say hello", "--cloud", "--discovery-timeout", "0"], in: directory)
                #expect(none.status == 4)
                #expect(none.errors.contains("no model meets the requirements"))
            }
        }
    }
}
