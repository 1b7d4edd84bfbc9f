import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension CLISuites {
    /// `switchboard doctor`: configuration, plugins, providers' health and latency, keys named but never shown.
    @Suite("switchboard doctor")
    struct CLIDoctorTests {
        static let secret = "sk-doctor-SECRET-4242"

        /// A port on 127.0.0.1 that nothing listens on: bound, then closed.
        static func closedPort() throws -> Int {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else { throw CLIRunnerError("socket failed") }
            defer { close(descriptor) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                    bind(descriptor, address, length) == 0 && getsockname(descriptor, address, &length) == 0
                }
            }
            guard bound else { throw CLIRunnerError("bind failed") }
            return Int(UInt16(bigEndian: address.sin_port))
        }

        /// Echo (healthy), an OpenAI-compatible server on a closed port whose key is set, an Anthropic instance whose
        /// key variable is unset, and one with no key at all.
        static func brokenConfiguration() throws -> String {
            """
            providers:
              echo:
                plugin: echo
                local: true
              closed:
                plugin: openai
                settings:
                  base_url: http://127.0.0.1:\(try closedPort())/v1
                  api_key_env: DOCTOR_TEST_KEY
              claude:
                plugin: anthropic
                settings:
                  api_key_env: DOCTOR_MISSING_KEY
              keyless:
                plugin: anthropic
            """
        }

        @Test func aHealthyConfigurationPasses() async throws {
            try await CLIRunner.withDirectory { directory in
                try CLIRunner.writeConfiguration(
                    "providers:\n  echo:\n    plugin: echo\n    local: true\n", in: directory)
                let run = try await CLIRunner.run(["doctor"], in: directory)
                #expect(run.status == 0, "\(run.output)\(run.errors)")
                #expect(run.output.contains("switchboard.yaml"))
                #expect(run.output.contains("✓ echo  1.0.0, ABI 1.3"))
                #expect(run.output.contains("PROVIDER  PLUGIN  WHERE  STATUS  LATENCY  API KEY  DETAIL"))
                #expect(
                    run.output.contains("echo      echo    local  ok      0 ms     —        echo is always available"))
                #expect(run.output.contains("Everything checked is working."))
            }
        }

        @Test func brokenProvidersAndMissingKeysAreNamedAndSecretsNeverShown() async throws {
            try await CLIRunner.withDirectory { directory in
                try CLIRunner.writeConfiguration(try Self.brokenConfiguration(), in: directory)
                let environment = ["DOCTOR_TEST_KEY": Self.secret]
                let text = try await CLIRunner.run(
                    ["doctor", "--timeout", "10"], in: directory, environment: environment)
                #expect(text.status == 1, "\(text.output)\(text.errors)")
                #expect(text.output.contains("missing: DOCTOR_MISSING_KEY"), "\(text.output)")
                #expect(text.output.contains("missing: ANTHROPIC_API_KEY"))
                #expect(text.output.contains("set ($DOCTOR_TEST_KEY)"))
                #expect(text.output.contains("Something is broken; see above."))

                let run = try await CLIRunner.run(
                    ["doctor", "--json", "--timeout", "10"], in: directory, environment: environment)
                #expect(run.status == 1)
                for output in [text.output, text.errors, run.output, run.errors] {
                    #expect(!output.contains(Self.secret))
                }
                let document = try CLIRunner.json(run)
                #expect(document["ok"] as? Bool == false)
                #expect((document["configuration"] as? [String: Any])?["valid"] as? Bool == true)
                let providers = try #require(document["providers"] as? [[String: Any]])
                let byName = Dictionary(uniqueKeysWithValues: providers.map { ($0["name"] as? String ?? "", $0) })
                #expect(byName["echo"]?["status"] as? String == "ok")
                let closed = try #require(byName["closed"])
                #expect(closed["status"] as? String == "unavailable")
                #expect(closed["latency_ms"] is Double)
                #expect((closed["detail"] as? String)?.contains("connection") == true, "\(closed)")
                #expect((closed["credentials"] as? [String: Any])?["source"] as? String == "$DOCTOR_TEST_KEY")
                let claude = try #require(byName["claude"]?["credentials"] as? [String: Any])
                #expect(claude["status"] as? String == "missing")
                #expect(claude["name"] as? String == "DOCTOR_MISSING_KEY")
                #expect(byName["claude"]?["status"] as? String == "failed")
                let keyless = try #require(byName["keyless"]?["credentials"] as? [String: Any])
                #expect(keyless["name"] as? String == "ANTHROPIC_API_KEY")
                let plugins = try #require(document["plugins"] as? [[String: Any]])
                #expect(plugins.count == 8 && plugins.allSatisfy { $0["loaded"] as? Bool == true })
            }
        }

        @Test func anInvalidConfigurationExitsThreeAndStillListsThePlugins() async throws {
            try await CLIRunner.withDirectory { directory in
                try CLIRunner.writeConfiguration(
                    "providers:\n  openai:\n    plugin: openai\n    settings:\n      api_key: ${DOCTOR_UNSET_KEY}\n",
                    in: directory)
                let run = try await CLIRunner.run(["doctor", "--json"], in: directory)
                #expect(run.status == 3)
                let document = try CLIRunner.json(run)
                let configuration = try #require(document["configuration"] as? [String: Any])
                #expect(configuration["valid"] as? Bool == false)
                let problems = try #require(configuration["problems"] as? [String])
                #expect(
                    problems.contains { $0.contains("environment variable `DOCTOR_UNSET_KEY` is not set") },
                    "\(problems)")
                #expect((document["plugins"] as? [Any])?.count == 8)
            }
        }
    }
}
