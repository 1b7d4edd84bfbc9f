import Foundation
import Testing

extension CLISuites {
    /// The built `switchboard` executable, run as a user runs it: in an empty directory, with a fresh home.
    @Suite("switchboard CLI")
    struct CLITests {
        private func switchboard(
            _ arguments: [String],
            in directory: String,
            environment: [String: String] = [:],
            input: String? = nil
        ) async throws -> CLIRunner.Run {
            try await CLIRunner.run(arguments, in: directory, environment: environment, input: input)
        }

        private func withDirectory(_ body: (String) async throws -> Void) async throws {
            try await CLIRunner.withDirectory(body)
        }

        @Test func withNoConfigurationItShowsTheBundledPluginsAndTheirModels() async throws {
            try await withDirectory { directory in
                let run = try await switchboard([], in: directory)
                #expect(run.status == 0, "\(run.errors)")
                #expect(run.output.contains("configuration: built-in defaults"))
                for plugin in [
                    "openai", "anthropic", "gemini", "deepseek", "ollama", "claude-code", "gemini-cli", "echo",
                ] {
                    #expect(run.output.contains("\n\(plugin) 1.0.0 — "), "plugin \(plugin) listed")
                }
                #expect(run.output.contains("gpt-6.1-terra"))
                #expect(run.output.contains("echo (plugin echo, local): ready"))
            }
        }

        @Test func modelsJSONShowsEachBundledCloudPriceWithItsSourceAndDate() async throws {
            try await withDirectory { directory in
                let keys = ["OPENAI_API_KEY": "sk-test", "ANTHROPIC_API_KEY": "sk-ant-test", "GEMINI_API_KEY": "test"]
                let run = try await switchboard(
                    ["models", "--json", "--cloud", "--discovery-timeout", "0"], in: directory, environment: keys)
                #expect(run.status == 0, "\(run.errors)")
                let listed = try #require(try CLIRunner.json(run)["models"] as? [[String: Any]])
                #expect(Set(listed.compactMap { $0["provider"] as? String }) == ["openai", "anthropic", "gemini"])
                for model in listed {
                    let pricing = model["pricing"] as? [String: Any]
                    #expect(pricing?["source_url"] is String, "\(model)")
                    #expect(pricing?["as_of"] as? String == "2026-12-04", "\(model)")
                }
                let sol = try #require(listed.first { $0["id"] as? String == "gpt-6.2-sol" })
                #expect(sol["price_source"] as? String == "manifest:openai@1.0.0")
                let pricing = try #require(sol["pricing"] as? [String: Any])
                #expect(pricing["source_url"] as? String == "https://developers.openai.com/api/docs/models/gpt-6.2-sol")
                #expect(pricing["cache_write_extended"] as? Double == 5)
                #expect((pricing["long_context"] as? [String: Any])?["above_input_tokens"] as? Int == 272_000)
                #expect(
                    !listed.contains {
                        ["gpt-4o", "claude-sonnet-4", "gemini-2.0-flash"].contains($0["id"] as? String)
                    })
            }
        }

        @Test func completeStreamsTheAnswerAndReadsStandardInput() async throws {
            try await withDirectory { directory in
                let run = try await switchboard(
                    ["complete", "--provider", "echo", "--model", "echo", "hello from the CLI"], in: directory)
                #expect(run.status == 0, "\(run.errors)")
                #expect(run.output == "hello from the CLI\n")
                #expect(run.errors.contains("[echo/echo · stop · 4 in, 4 out · $0.0000]"))
                let piped = try await switchboard(
                    ["complete", "-p", "echo", "-m", "echo"], in: directory, input: "piped prompt\n")
                #expect(piped.output == "piped prompt\n")
            }
        }

        @Test func routeWithTheDefaultsAndNothingRunningOffersNoCloudCatalogOnLocalServers() async throws {
            try await withDirectory { directory in
                // The built-in lmstudio (openai plugin, 127.0.0.1:1234) and ollama (127.0.0.1:11434) are not
                // running: they offer no models, say why in one line each, and OpenAI's catalog is not theirs.
                let review = try await switchboard(["route", "Review this function"], in: directory)
                #expect(!review.output.contains("lmstudio/"), "\(review.output)")
                #expect(!review.output.contains("gpt-6.2-astra"))
                let notes = review.errors.split(separator: "\n").filter { $0.contains(": no models (") }
                #expect(notes.count == 2, "\(review.errors)")
                #expect(review.errors.contains("note: lmstudio: no models (discovery failed: "), "\(review.errors)")
                #expect(review.errors.contains("127.0.0.1:1234"))
                #expect(review.errors.contains("note: ollama: no models (discovery failed: "))

                let hello = try await switchboard(["route", "say hello", "--json"], in: directory)
                #expect(hello.status == 0, "\(hello.errors)")
                let document = try CLIRunner.json(hello)
                let candidates = try #require(document["candidates"] as? [[String: Any]])
                #expect(candidates.map { $0["provider"] as? String } == ["echo"])
                #expect((candidates.first?["availability"] as? [String: Any])?["status"] as? String == "available")
                let without = try #require(document["providers_without_models"] as? [String: String])
                #expect(without.keys.sorted() == ["lmstudio", "ollama"])
                #expect(without["lmstudio"]?.hasPrefix("discovery failed: ") == true)

                let models = try await switchboard(["models", "--provider", "lmstudio"], in: directory)
                #expect(models.status == 0, "\(models.errors)")
                #expect(models.output.contains("No models match."))
                #expect(models.errors.contains("note: lmstudio: no models (discovery failed: "), "\(models.errors)")
                #expect(!models.errors.contains("showing its catalog"))
            }
        }

        @Test func anUnknownProviderFailsWithTheKnownOnes() async throws {
            try await withDirectory { directory in
                let run = try await switchboard(["complete", "-p", "nope", "-m", "x", "hi"], in: directory)
                #expect(run.status == 4)
                #expect(run.errors.contains("no provider named \"nope\"; known providers: echo, lmstudio, ollama"))
            }
        }

        @Test func initWritesTheTemplateOnceAndConfigCheckMasksSecrets() async throws {
            try await withDirectory { directory in
                let first = try await switchboard(["init"], in: directory)
                #expect(first.status == 0)
                #expect(FileManager.default.fileExists(atPath: directory + "/switchboard.yaml"))
                let second = try await switchboard(["init"], in: directory)
                #expect(second.status == 1)
                #expect(second.errors.contains("switchboard.yaml already exists; pass --force to overwrite it"))
                #expect(try await switchboard(["init", "--force"], in: directory).status == 0)

                let secret = "sk-cli-test-SECRET-987654321"
                try """
                providers:
                  openai:
                    plugin: openai
                    settings:
                      api_key: ${OPENAI_API_KEY}
                """.write(toFile: directory + "/switchboard.yaml", atomically: true, encoding: .utf8)
                let check = try await switchboard(
                    ["config", "check"], in: directory, environment: ["OPENAI_API_KEY": secret])
                #expect(check.status == 0, "\(check.errors)")
                #expect(check.output.contains("api_key: \"********\"") || check.output.contains("api_key: ********"))
                #expect(!check.output.contains(secret) && !check.errors.contains(secret))
            }
        }

        @Test func configCheckReportsFileLineAndColumn() async throws {
            try await withDirectory { directory in
                try "providers:\n  broken:\n    plugin: openai\n    priority: high\n".write(
                    toFile: directory + "/switchboard.yaml",
                    atomically: true,
                    encoding: .utf8
                )
                let run = try await switchboard(["config", "check"], in: directory)
                #expect(run.status == 3)
                #expect(run.errors.contains("switchboard.yaml:4:15: providers.broken.priority:"))
            }
        }

        @Test func pluginsJSONListsEveryPluginWithItsABI() async throws {
            try await withDirectory { directory in
                let run = try await switchboard(["plugins", "--json"], in: directory)
                #expect(run.status == 0)
                let document = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
                let loaded = try #require(document?["loaded"] as? [[String: Any]])
                #expect(loaded.count == 8)
                #expect(loaded.allSatisfy { ($0["abi"] as? String) == "1.3" })
            }
        }
    }
}
