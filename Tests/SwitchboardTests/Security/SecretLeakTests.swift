import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwitchboardTesting
import Testing

extension CLISuites {
    /// Every command, and the gateway, run with real-looking API keys and a gateway key in the environment, against
    /// vendor servers that echo the key they received in their error bodies; no output stream, log line, error body or
    /// file written may contain any of the secrets.
    @Suite("secrets never leak", .serialized)
    struct SecretLeakTests {
        /// The secrets, as the environment variables the configuration reads them from.
        static let secrets: [String: String] = [
            "OPENAI_API_KEY": "sk-proj-LEAKCHECK-openai-7f3a9c1e5b",
            "ANTHROPIC_API_KEY": "sk-ant-LEAKCHECK-anthropic-2d8e4f6a0c",
            "GEMINI_API_KEY": "AIzaLEAKCHECK-gemini-9b1d3f5h7j",
            "SWITCHBOARD_GATEWAY_KEY": "sbgw-LEAKCHECK-gateway-4c6e8a0b2d",
        ].merging(planted) { _, new in new }

        /// Secrets planted where only the ``SecretPolicy``'s rules by place can find them: the variables' names say
        /// nothing secret (no `KEY`, `TOKEN`, `AUTH`…), so hiding the values cannot rely on them.
        static let planted: [String: String] = [
            // A claude-code-style CLI plugin's `settings.env.ANTHROPIC_API_KEY`.
            "SB_PLANT_CLAUDE_ENV": "sk-ant-LEAKCHECK-claudeenv-5e7a9c1b3d",
            // A nested map under `env`, which the claude-code manifest declares `secret: true`.
            "SB_PLANT_NESTED": "LEAKCHECK-nested-map-8f0b2d4e6a",
            // `settings.headers.Authorization: Bearer …` and `settings.headers.x-api-key`.
            "SB_PLANT_HEADER_BEARER": "LEAKCHECK-header-bearer-1a3c5e7g9i",
            "SB_PLANT_HEADER_XAPI": "LEAKCHECK-header-xapi-2b4d6f8h0j",
            // The password of a `base_url`'s userinfo, and a `?key=` query parameter of another.
            "SB_PLANT_USERINFO": "LEAKCHECK-userinfo-3c5e7g9i1k",
            "SB_PLANT_QUERY": "LEAKCHECK-querykey-4d6f8h0j2l",
        ]

        /// What must never appear: each secret whole, and its last twelve characters (a truncated or partly masked
        /// copy still leaks).
        static let needles: [String] = secrets.values.flatMap { [$0, String($0.suffix(12))] }

        /// The places where `text` shows a secret, as `what: needle` lines.
        static func leaks(in text: String, what: String) -> [String] {
            needles.filter { text.contains($0) }.map { "\(what) shows \($0)" }
        }

        /// A vendor server: a request for model `ok` gets the vendor's streamed answer; everything else (other
        /// models, model listings) gets the vendor's authentication error with the presented key echoed in full.
        static func startVendor() async throws -> MockHTTPServer {
            let openAIStream = try Fixture.text(TestSupport.pluginFixture("OpenAI", "stream-text.sse"))
            let anthropicStream = try Fixture.text(TestSupport.pluginFixture("Anthropic", "stream-text.sse"))
            let geminiStream = try Fixture.text(TestSupport.pluginFixture("Gemini", "stream-text.sse"))
            return try await MockHTTPServer.start { request in
                let sse = [("content-type", "text/event-stream")]
                if let key = request.header("x-goog-api-key") {
                    if request.uri.contains("/models/ok:") { return .init(headers: sse, chunks: [.text(geminiStream)]) }
                    return .json(
                        400,
                        #"{"error":{"code":400,"message":"API key not valid: \#(key)","status":"INVALID_ARGUMENT"}}"#)
                }
                if let key = request.header("x-api-key") {
                    if request.bodyText.contains(#""model":"ok""#) {
                        return .init(headers: sse, chunks: [.text(anthropicStream)])
                    }
                    return .json(
                        401,
                        #"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key \#(key)"}}"#
                    )
                }
                let key = request.header("authorization") ?? "none"
                if request.bodyText.contains(#""model":"ok""#) {
                    return .init(headers: sse, chunks: [.text(openAIStream)])
                }
                return .json(
                    401,
                    #"{"error":{"message":"Incorrect API key provided: \#(key). You can find your API key at "#
                        + #"https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"#
                        + #""code":"invalid_api_key"}}"#)
            }
        }

        static func configuration(vendor: String) -> String {
            """
            version: 1
            plugins:
              directories: [\(TestSupport.buildDirectory)]
              include_default_directories: false
            providers:
              openai: {plugin: openai, settings: {base_url: "\(vendor)/v1", api_key: "${OPENAI_API_KEY}"}}
              anthropic: {plugin: anthropic, settings: {base_url: "\(vendor)", api_key: "${ANTHROPIC_API_KEY}"}}
              gemini: {plugin: gemini, settings: {base_url: "\(vendor)/v1beta", api_key: "${GEMINI_API_KEY}"}}
              echo: {plugin: echo, local: true}
              claude:
                plugin: claude-code
                settings:
                  path: /nonexistent/claude
                  env: {ANTHROPIC_API_KEY: "${SB_PLANT_CLAUDE_ENV}"}
              claude-nested:
                plugin: claude-code
                settings: {path: /nonexistent/claude, env: {NESTED: {deep: "${SB_PLANT_NESTED}"}}}
              proxied:
                plugin: openai
                settings:
                  base_url: "\(vendor.replacingOccurrences(of: "://", with: "://planted-user:${SB_PLANT_USERINFO}@"))/v1"
                  api_key: "${OPENAI_API_KEY}"
                  headers: {Authorization: "Bearer ${SB_PLANT_HEADER_BEARER}", x-api-key: "${SB_PLANT_HEADER_XAPI}"}
              keyed:
                plugin: gemini
                settings: {base_url: "\(vendor)/v1beta?key=${SB_PLANT_QUERY}", api_key: "${GEMINI_API_KEY}"}
            gateway:
              keys:
                - {name: tester, key: "${SWITCHBOARD_GATEWAY_KEY}"}
            """
        }

        /// A vendor server, and a fresh directory with an empty `home/` and a `switchboard.yaml` pointing at it.
        static func workspace() async throws -> (vendor: MockHTTPServer, directory: String) {
            let vendor = try await startVendor()
            let directory = try TestSupport.makeTemporaryDirectory()
            try FileManager.default.createDirectory(atPath: directory + "/home", withIntermediateDirectories: true)
            try CLIRunner.writeConfiguration(configuration(vendor: vendor.baseURL), in: directory)
            return (vendor, directory)
        }

        /// The secrets plus trace-level logging, for every process the tests start.
        static var environment: [String: String] {
            secrets.merging(["SWITCHBOARD_LOG_LEVEL": "trace"]) { _, new in new }
        }

        @Test(.timeLimit(.minutes(5)))
        func noCommandShowsASecret() async throws {
            let (vendor, directory) = try await Self.workspace()
            defer {
                Task { try? await vendor.shutdown() }
                TestSupport.removeDirectory(directory)
            }
            let openAIPlugin = try TestSupport.plugin("OpenAI")

            let commands: [(arguments: [String], input: String?)] = [
                ([], nil),
                (["plugins", "--verbose"], nil),
                (["plugins", "--json"], nil),
                (["plugins", "inspect", openAIPlugin], nil),
                (["models"], nil),
                (["models", "--json"], nil),
                (["route", "review this pull request for security problems"], nil),
                (["route", "--json", "write a haiku"], nil),
                (["complete", "-p", "openai", "-m", "ok", "hello"], nil),
                (["complete", "-p", "openai", "-m", "leaky", "hello"], nil),
                (["complete", "-p", "anthropic", "-m", "ok", "hello"], nil),
                (["complete", "-p", "anthropic", "-m", "leaky", "hello"], nil),
                (["complete", "-p", "gemini", "-m", "ok", "hello"], nil),
                (["complete", "-p", "gemini", "-m", "leaky", "hello"], nil),
                (["complete", "--json", "-p", "openai", "-m", "leaky", "hello"], nil),
                (["complete", "--strategy", "cascade", "hello"], nil),
                (["complete", "-p", "proxied", "-m", "ok", "hello"], nil),
                (["complete", "-p", "proxied", "-m", "leaky", "hello"], nil),
                (["complete", "-p", "keyed", "-m", "leaky", "hello"], nil),
                (["complete", "-p", "claude", "hello"], nil),
                (["config", "check", "--quiet"], nil),
                (["chat", "-p", "openai", "-m", "leaky"], "hello\n/usage\n/model anthropic/leaky\nagain\n/exit\n"),
                (["doctor"], nil),
                (["doctor", "--json"], nil),
                (["config", "check"], nil),
                (["usage"], nil),
                (["usage", "--json"], nil),
                (["init", "--force", directory + "/written.yaml"], nil),
                (["new-provider", "acme", "--output", directory + "/acme"], nil),
            ]
            var leaks: [String] = []
            var ran = 0
            for (arguments, input) in commands {
                let run = try await CLIRunner.run(arguments, in: directory, environment: Self.environment, input: input)
                let what = "`switchboard \(arguments.joined(separator: " "))`"
                // A usage error would mean the command never ran: the test must exercise what it names.
                #expect(run.status != 2, "\(what) was refused as a usage error: \(run.errors)")
                leaks += Self.leaks(in: run.output, what: what + " standard output")
                leaks += Self.leaks(in: run.errors, what: what + " standard error")
                ran += 1
            }
            #expect(ran == commands.count)
            // The vendor did receive the keys, so the error bodies really carried them back.
            let presented = vendor.requests.flatMap { $0.headers.map(\.value) }.joined(separator: "\n")
            for name in ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY"] {
                #expect(presented.contains(Self.secrets[name]!), "the vendor never saw \(name)")
            }
            #expect(
                presented.contains(Self.planted["SB_PLANT_HEADER_XAPI"]!), "the vendor never saw the x-api-key header")
            // `config check` shows that each planted value is set, and the variable it came from, but not the value.
            let check = try await CLIRunner.run(["config", "check"], in: directory, environment: Self.environment)
            for line in [
                #"ANTHROPIC_API_KEY: "********"  # from ${SB_PLANT_CLAUDE_ENV}"#,
                #"deep: "********"  # from ${SB_PLANT_NESTED}"#,
                #"Authorization: "********"  # from ${SB_PLANT_HEADER_BEARER}"#,
                #"x-api-key: "********"  # from ${SB_PLANT_HEADER_XAPI}"#,
                "planted-user:********@127.0.0.1", "/v1beta?key=********",
            ] {
                #expect(check.output.contains(line), "`config check` does not show `\(line)`:\n\(check.output)")
            }
            leaks += try Self.leaksInFiles(under: directory)
            #expect(leaks.isEmpty, "\(leaks.joined(separator: "\n"))")
        }

        @Test(.timeLimit(.minutes(2)))
        func theGatewayShowsNoSecretInAnswersErrorsMetricsOrLogs() async throws {
            let (vendor, directory) = try await Self.workspace()
            defer {
                Task { try? await vendor.shutdown() }
                TestSupport.removeDirectory(directory)
            }
            let logPath = directory + "/serve.log"
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
            let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CLIRunner.switchboard)
            process.arguments = ["serve", "--port", "0", "--log-level", "trace"]
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            process.environment = CLIRunner.cleanEnvironment(home: directory + "/home").merging(Self.environment) {
                _, new in new
            }
            process.standardOutput = log
            process.standardError = log
            try process.run()
            defer { if process.isRunning { process.terminate() } }

            var port: Int?
            let listening = await eventually {
                let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
                guard let range = text.range(of: "listening on http://127.0.0.1:") else { return false }
                port = Int(text[range.upperBound...].prefix { $0.isNumber })
                return port != nil
            }
            let base = try #require(listening ? port.map { "http://127.0.0.1:\($0)" } : nil, "serve never listened")
            let key = Self.secrets["SWITCHBOARD_GATEWAY_KEY"]!
            let bearer = [("authorization", "Bearer \(key)")]
            let chat = { (model: String, stream: Bool) in
                #"{"model":"\#(model)","stream":\#(stream),"messages":[{"role":"user","content":"hi"}]}"#
            }
            let exchanges: [(path: String, method: HTTPMethod, body: String?, headers: [(String, String)])] = [
                ("/v1/chat/completions", .POST, chat("openai/ok", false), bearer),
                ("/v1/chat/completions", .POST, chat("openai/leaky", false), bearer),
                ("/v1/chat/completions", .POST, chat("openai/leaky", true), bearer),
                ("/v1/chat/completions", .POST, chat("anthropic/leaky", false), bearer),
                ("/v1/chat/completions", .POST, chat("gemini/leaky", true), bearer),
                ("/v1/chat/completions", .POST, chat("proxied/leaky", false), bearer),
                ("/v1/chat/completions", .POST, chat("keyed/leaky", false), bearer),
                ("/v1/chat/completions", .POST, chat("claude/default", false), bearer),
                ("/v1/messages", .POST, chat("anthropic/leaky", false), [("x-api-key", key)]),
                ("/v1/messages", .POST, chat("anthropic/ok", true), [("x-api-key", key)]),
                // A wrong key that shares the real one's prefix, and a key sent where a model name goes.
                (
                    "/v1/chat/completions", .POST, chat("openai/ok", false),
                    [("authorization", "Bearer \(key.dropLast())")]
                ),
                ("/v1/chat/completions", .POST, chat(key, false), bearer),
                ("/v1/models", .GET, nil, bearer),
                ("/metrics", .GET, nil, []),
                ("/readyz", .GET, nil, []),
            ]
            var leaks: [String] = []
            var statuses: [Int] = []
            for exchange in exchanges {
                var request = HTTPClientRequest(url: base + exchange.path)
                request.method = exchange.method
                for (name, value) in exchange.headers { request.headers.add(name: name, value: value) }
                if let body = exchange.body {
                    request.headers.add(name: "content-type", value: "application/json")
                    request.body = .bytes(ByteBuffer(string: body))
                }
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                let body = String(buffer: try await response.body.collect(upTo: 16 * 1024 * 1024))
                let headers = response.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
                statuses.append(Int(response.status.code))
                leaks += Self.leaks(in: headers + "\n" + body, what: "\(exchange.method) \(exchange.path) answer")
            }
            // The exchanges reached real answers and real errors, not one blanket refusal.
            #expect(statuses.contains(200))
            #expect(statuses.contains(401))
            #expect(statuses.contains { $0 >= 400 && $0 != 401 })
            process.terminate()
            try await onOwnThread { process.waitUntilExit() }
            try log.close()
            let logged = try String(contentsOfFile: logPath, encoding: .utf8)
            #expect(logged.contains("trace") || logged.contains("debug"), "the gateway did not log at trace level")
            leaks += Self.leaks(in: logged, what: "the gateway's log")
            leaks += try Self.leaksInFiles(under: directory)
            #expect(leaks.isEmpty, "\(leaks.joined(separator: "\n"))")
        }

        /// Secrets in any file under `directory` other than the configuration (which names only `${VAR}`s): the usage
        /// ledger, written configurations, scaffolded packages.
        static func leaksInFiles(under directory: String) throws -> [String] {
            var leaks: [String] = []
            let files = FileManager.default.enumerator(atPath: directory)?.compactMap { $0 as? String } ?? []
            #expect(!files.isEmpty)
            for file in files {
                guard let data = FileManager.default.contents(atPath: directory + "/" + file) else { continue }
                leaks += Self.leaks(in: String(decoding: data, as: UTF8.self), what: "the file \(file)")
            }
            return leaks
        }
    }
}
