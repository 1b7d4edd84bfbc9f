import Foundation
import Testing

extension CLISuites {
    /// `switchboard plugins` and `switchboard plugins inspect`.
    @Suite("switchboard plugins")
    struct CLIPluginsTests {
        @Test func verboseShowsModelsAndSettingsAndRefusalsSayWhy() async throws {
            try await CLIRunner.withDirectory { directory in
                try FileManager.default.createDirectory(atPath: directory + "/extra", withIntermediateDirectories: true)
                try "not a plugin".write(toFile: directory + "/extra/broken.so", atomically: true, encoding: .utf8)
                let run = try await CLIRunner.run(["plugins", "--verbose", "--plugin-dir", "extra"], in: directory)
                #expect(run.status == 1)
                #expect(run.output.contains("echo 1.0.0, ABI 1.3, Swift "))
                #expect(run.output.contains("setting prefix (string): Text put before every answer."))
                #expect(run.output.contains("✗ \(directory)/extra/broken.so"))
                #expect(run.output.contains("refused (not_shared_object): "))
                #expect(run.output.contains("8 loaded, 1 refused, 0 skipped"))

                let json = try await CLIRunner.run(["plugins", "--json", "--plugin-dir", "extra"], in: directory)
                #expect(json.status == 1)
                let document = try CLIRunner.json(json)
                let refused = try #require(document["refused"] as? [[String: Any]])
                #expect(refused.first?["code"] as? String == "not_shared_object")
                #expect(refused.first?["path"] as? String == directory + "/extra/broken.so")
                let loaded = try #require(document["loaded"] as? [[String: Any]])
                let echo = try #require(loaded.first { $0["id"] as? String == "echo" })
                #expect((echo["models"] as? [[String: Any]])?.first?["id"] as? String == "echo")
                #expect((echo["settings"] as? [[String: Any]])?.first?["name"] as? String == "prefix")
            }
        }

        /// A plugin that segfaults in its entry point is refused by name, and every command goes on with the others:
        /// the scanner process dies, not the host. The second run reads the scanner's cache and says the same.
        @Test func aPluginThatCrashesWhileLoadingIsRefusedAndTheCommandsGoOn() async throws {
            try await CLIRunner.withDirectory { directory in
                try FileManager.default.createDirectory(atPath: directory + "/extra", withIntermediateDirectories: true)
                try TestSupport.buildCPlugin(
                    named: "crashy.so", in: directory + "/extra",
                    defines: ["PLUGIN_ID=\"crashy\"", "MISBEHAVE=\"entry_segfault\""])
                for _ in 0..<2 {
                    let run = try await CLIRunner.run(["plugins", "--plugin-dir", "extra"], in: directory)
                    #expect(run.status == 1, "\(run.errors)")
                    #expect(run.output.contains("✗ \(directory)/extra/crashy.so"), "\(run.output)")
                    #expect(run.output.contains("refused (crashed_while_loading): crashed while loading (SIGSEGV)"))
                    #expect(run.output.contains("8 loaded, 1 refused, 0 skipped"))
                }
                #expect(FileManager.default.fileExists(atPath: directory + "/home/.switchboard/plugin-cache"))
                let answer = try await CLIRunner.run(
                    ["complete", "-m", "echo/echo", "--plugin-dir", "extra", "still here"], in: directory)
                #expect(answer.status == 0, "\(answer.errors)")
                #expect(answer.output == "still here\n")
            }
        }

        @Test func inspectReadsAFileOutsideThePluginDirectories() async throws {
            try await CLIRunner.withDirectory { directory in
                let copy = directory + "/elsewhere.so"
                try FileManager.default.copyItem(atPath: try TestSupport.plugin("Echo"), toPath: copy)
                let run = try await CLIRunner.run(["plugins", "inspect", "elsewhere.so", "--json"], in: directory)
                #expect(run.status == 0, "\(run.errors)")
                let document = try CLIRunner.json(run)
                #expect(document["status"] as? String == "loaded")
                #expect(document["id"] as? String == "echo")
                #expect(document["abi"] as? String == "1.3")
                #expect(document["path"] as? String == copy)
                let text = try await CLIRunner.run(["plugins", "inspect", copy], in: directory)
                #expect(text.status == 0)
                #expect(text.output.contains("• echo"))
            }
        }

        @Test func inspectRefusesClearlyWithANonZeroExit() async throws {
            try await CLIRunner.withDirectory { directory in
                try "hello".write(toFile: directory + "/text.so", atomically: true, encoding: .utf8)
                let refused = try await CLIRunner.run(["plugins", "inspect", "text.so"], in: directory)
                #expect(refused.status == 1)
                #expect(refused.errors.contains("error: \(directory)/text.so was refused (not_shared_object): "))
                let json = try await CLIRunner.run(["plugins", "inspect", "text.so", "--json"], in: directory)
                #expect(json.status == 1)
                #expect(try CLIRunner.json(json)["status"] as? String == "refused")
                let missing = try await CLIRunner.run(["plugins", "inspect", "absent.so"], in: directory)
                #expect(missing.status == 4)
                #expect(missing.errors.contains("\(directory)/absent.so: no such file"))
            }
        }
    }
}
