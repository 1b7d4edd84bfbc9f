import Foundation
import SwitchboardConformanceKit
import SwitchboardKit
import Testing

extension CLISuites {
    /// `SwitchboardConformanceKit` driving `switchboard conformance`: the path a plugin package's tests take, with the
    /// OpenAI-compatible plugin and OpenAI's recorded transcripts standing in for a third-party plugin.
    @Suite("switchboard conformance through SwitchboardConformanceKit")
    struct ConformanceRunnerTests {
        static let apiKey = "sk-runner-test-0123456789"
        /// The executable under test. Its environment carries the sanitizers' options (`ASAN_OPTIONS=detect_leaks=0`
        /// in CI) and nothing else of this process's, so the child runs under the same rules as the test.
        static let cli = SwitchboardCLI(
            environment: ProcessInfo.processInfo.environment.filter {
                $0.key.hasSuffix("SAN_OPTIONS") || $0.key == "SWIFT_BACKTRACE"
            }.merging([SwitchboardCLI.environmentVariable: CLIRunner.switchboard]) { _, runner in runner })

        static func fixture(_ name: String) throws -> String {
            try String(
                contentsOfFile: TestSupport.packageRoot + "/Plugins/OpenAI/Tests/Fixtures/" + name, encoding: .utf8)
        }

        /// The suite for the OpenAI-compatible plugin (or the file at `plugin`), as a plugin package writes it.
        static func openAI(plugin: String? = nil) throws -> PluginConformance {
            let bodies: [HTTPFailure: String] = [
                .unauthorized: try fixture("error-401.json"), .forbidden: try fixture("error-403.json"),
                .notFound: try fixture("error-404.json"), .rateLimited: try fixture("error-429.json"),
                .contextWindowExceeded: try fixture("error-400-context.json"),
                .serverError: try fixture("error-500.json"), .unavailable: try fixture("error-503.json"),
            ]
            return PluginConformance(
                plugin: try plugin ?? TestSupport.plugin("OpenAI"),
                settings: { baseURL in ["base_url": .string(baseURL + "/v1"), "api_key": .string(apiKey)] },
                transcripts: ReplayTranscripts(
                    stream: .events(try fixture("stream-text.sse")),
                    truncatedStream: .events(try fixture("stream-cut.sse")),
                    errorBody: { bodies[$0] ?? "" },
                    toolCall: .init(tool: "get_weather", response: .events(try fixture("stream-tool-call.sse"))),
                    thinking: .events(try fixture("stream-reasoning.sse")),
                    routes: ["/v1/models": .json(200, try fixture("models.json"))]
                ),
                secrets: [apiKey],
                instanceName: "openai",
                cli: cli
            )
        }

        @Test(arguments: ConformanceCheck.allCases)
        func aConformingPluginPassesEveryCheckInTheRunner(_ check: ConformanceCheck) async throws {
            #expect(try await Self.openAI().run(check) == .passed)
        }

        @Test func aFailingCheckSaysWhichCheckWhichPluginAndWhatDiffered() async throws {
            var conformance = try Self.openAI()
            // Another vendor's stream: no OpenAI chunk in it, so no text and no finish.
            conformance.spec.transcripts.stream = .events(#"data: {"delta":"Hello"}"# + "\n\n")
            do {
                try await conformance.run(.streaming)
                Issue.record("the streaming check passed on a stream the plugin cannot read")
            } catch let failure as ConformanceFailure {
                #expect(failure.check == .streaming)
                #expect(failure.plugin == conformance.spec.plugin)
                #expect(
                    failure.problems.first?.hasPrefix("the recorded answer ended with an error: openai: connection: ")
                        == true, "\(failure)")
                #expect(
                    failure.description.hasPrefix(
                        "conformance check \"streaming\" failed for \(conformance.spec.plugin):\n  - "),
                    "\(failure)")
            }
        }

        @Test func aFileTheHostRefusesFailsTheManifestCheckWithTheLoadersReason() async throws {
            let directory = try TestSupport.makeTemporaryDirectory()
            defer { TestSupport.removeDirectory(directory) }
            let path = directory + "/libAcmePlugin.so"
            try "not a shared object".write(toFile: path, atomically: true, encoding: .utf8)
            do {
                try await Self.openAI(plugin: path).run(.manifest)
                Issue.record("the host loaded a text file")
            } catch let failure as ConformanceFailure {
                #expect(failure.check == .manifest)
                #expect(failure.plugin == path)
                #expect(failure.problems.first?.hasPrefix("the host refuses to load it: ") == true, "\(failure)")
            }
        }

        @Test func aPluginFileThatIsNotThereIsNamedWithWhatToRun() async throws {
            let path = "/nonexistent/.build/debug/libAcmePlugin.so"
            await #expect {
                try await Self.openAI(plugin: path).run(.manifest)
            } throws: { error in
                (error as? ConformanceRunError)?.description
                    == "switchboard conformance could not check \(path) (exit status 4): error: \(path): no such "
                    + "plugin file; run `swift build` in the plugin's package first, so its shared object exists"
            }
        }

        @Test func anExchangeShowsTheRequestOnTheWireAndTheAnswer() async throws {
            let request = ChatRequest(model: "gpt-4o-mini", messages: [.user("Say hello")], maxOutputTokens: 64)
            let exchange = try await Self.openAI().exchange(
                request, answering: .events(try Self.fixture("stream-text.sse")))
            #expect(exchange.error == nil)
            #expect(exchange.answer?.text.isEmpty == false)
            #expect(exchange.answer?.provider == "openai")
            let sent = try #require(exchange.requests.first)
            #expect(sent.method == "POST")
            #expect(sent.uri == "/v1/chat/completions")
            #expect(sent.header("Authorization") == "Bearer \(Self.apiKey)")
            let body: JSONValue = try sent.json()
            #expect(body["model"] == "gpt-4o-mini")
            #expect(body["stream"] == true)
        }

        @Test func anExchangeTheVendorRefusesCarriesTheProvidersError() async throws {
            let request = ChatRequest(model: "gpt-4o-mini", messages: [.user("Say hello")])
            let exchange = try await Self.openAI().exchange(
                request, answering: .json(401, try Self.fixture("error-401.json")))
            #expect(exchange.answer == nil)
            #expect(exchange.error?.kind == .authentication)
            #expect(exchange.error?.httpStatus == 401)
            #expect(exchange.requests.count == 1)
        }

        @Test func theExecutableIsTheVariableThenTheRecordedPathThenPATH() throws {
            let switchboard = CLIRunner.switchboard
            let variable = SwitchboardCLI(
                recordedPath: "/nonexistent/switchboard", environment: ["SWITCHBOARD_CLI": switchboard])
            #expect(try variable.executable() == switchboard)
            let recorded = SwitchboardCLI(recordedPath: switchboard, environment: ["PATH": "/nonexistent"])
            #expect(try recorded.executable() == switchboard)
            let onPath = SwitchboardCLI(
                recordedPath: "/nonexistent/switchboard",
                environment: ["PATH": "/nonexistent:" + TestSupport.buildDirectory])
            #expect(try onPath.executable() == TestSupport.buildDirectory + "/switchboard")
        }

        @Test func aMissingExecutableSaysWhereItLookedAndWhatToSet() {
            #expect {
                try SwitchboardCLI(recordedPath: "/nonexistent/switchboard", environment: ["PATH": "/nonexistent"])
                    .executable()
            } throws: { error in
                (error as? ConformanceRunError)?.description
                    == "the switchboard executable that runs the conformance checks was not found: SWITCHBOARD_CLI "
                    + "is not set, the path recorded when this package was scaffolded (/nonexistent/switchboard) is "
                    + "not an executable, and no switchboard is on PATH; build it in your Switchboard checkout "
                    + "(`swift build --product switchboard`) and set SWITCHBOARD_CLI to its path "
                    + "(<checkout>/.build/debug/switchboard)"
            }
            #expect {
                try SwitchboardCLI(environment: ["SWITCHBOARD_CLI": "/nonexistent/switchboard"]).executable()
            } throws: { error in
                (error as? ConformanceRunError)?.description
                    == "SWITCHBOARD_CLI is /nonexistent/switchboard, which is not an executable file; point it at the "
                    + "switchboard executable, e.g. <checkout>/.build/debug/switchboard"
            }
        }

        @Test func badArgumentsAreUsageErrorsThatSayWhatToGive() async throws {
            let directory = try TestSupport.makeTemporaryDirectory()
            defer { TestSupport.removeDirectory(directory) }
            let environment = CLIRunner.cleanEnvironment(home: directory + "/home")
            let spec = directory + "/spec.json"
            try JSONEncoder().encode(try Self.openAI().spec).write(to: URL(fileURLWithPath: spec))
            let cases: [([String], String)] = [
                (
                    ["/nonexistent/spec.json", "--check", "manifest"],
                    "/nonexistent/spec.json: cannot read the conformance spec"
                ),
                (
                    [spec, "--check", "nope"],
                    "--check nope: no such check; the checks are manifest, capabilities, streaming, truncatedStream, errors, cancellation, discovery"
                ),
                ([spec], "give exactly one of --check NAME and --exchange FILE"),
                ([directory + "/home", "--check", "manifest"], "cannot read the conformance spec"),
            ]
            for (arguments, message) in cases {
                let run = try await CLIRunner.run(
                    CLIRunner.switchboard, ["conformance"] + arguments, in: directory, environment: environment)
                #expect(run.status == 2, "\(arguments)")
                #expect(run.errors.contains(message), "\(arguments): \(run.errors)")
            }
        }
    }
}
