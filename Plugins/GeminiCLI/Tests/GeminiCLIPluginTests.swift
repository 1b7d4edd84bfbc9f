import Foundation
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real Gemini CLI plugin `.so`, loaded through the loader, running fake `gemini` executables (``FakeCLI``)
/// that print the CLI's JSON documents.
@Suite("Gemini CLI plugin over its CLI")
struct GeminiCLIPluginTests {
    let request = ChatRequest(model: "gemini-2.5-pro", messages: [.user("What is the capital of France?")])

    private func provider(_ cli: FakeCLI, _ settings: [String: JSONValue] = [:]) throws -> any Provider {
        var all = settings
        all["path"] = all["path"] ?? .string(cli.path)
        return try BuiltPlugin.load(product: "SwitchboardGeminiCLIPlugin").makeProvider(
            name: "gemini-cli", settings: .object(all))
    }

    private static func printing(_ fixture: String, exitStatus: Int = 0) throws -> String {
        "cat '\(try Fixture.path(fixture))'\nexit \(exitStatus)"
    }

    @Test func aRunYieldsTheResponseWithUsageSummedOverModels() async throws {
        let cli = try FakeCLI(Self.printing("success.json"))
        defer { cli.remove() }
        let (events, error) = try await provider(cli).collect(request)
        #expect(error == nil)
        #expect(
            events == [
                .start(id: "c0a8e3f2-5b1d-4e6a-9f7c-2d8b4a1e6c30", model: "gemini-2.5-pro"),
                .textDelta("The capital of France is Paris."),
                .usage(Usage(inputUncached: 3676 + 1180, inputCacheRead: 21263, outputText: 65, outputReasoning: 194)),
                .finish(.stop),
            ])
    }

    @Test func theCommandLineCarriesTheSettingsAndThePromptVerbatim() async throws {
        let cli = try FakeCLI(Self.printing("success.json"))
        defer { cli.remove() }
        let prompt = "--help me: $(rm -rf /) `reboot` \"double\" 'single' ; | && \\ \n$HOME"
        let provider = try provider(cli, ["extra_args": ["--yolo"], "working_directory": .string(cli.directory)])
        let (_, error) = await provider.collect(ChatRequest(model: "gemini-2.5-flash", messages: [.user(prompt)]))
        #expect(error == nil)
        #expect(
            try cli.arguments() == [
                "--output-format", "json", "-m", "gemini-2.5-flash", "--yolo", "--prompt=" + prompt,
            ])
        #expect(try cli.stdin() == "")
        #expect(try cli.workingDirectory() == cli.directory)
    }

    @Test func systemMessagesAndEarlierTurnsArriveInThePrompt() async throws {
        let cli = try FakeCLI(Self.printing("success.json"))
        defer { cli.remove() }
        let request = ChatRequest(
            model: "",
            messages: [.system("Answer in one word."), .user("Hi"), .assistant("Hello!"), .user("Capital of France?")]
        )
        let (events, error) = try await provider(cli, ["model": "gemini-2.5-pro"]).collect(request)
        #expect(error == nil)
        #expect(events.first == .start(id: "c0a8e3f2-5b1d-4e6a-9f7c-2d8b4a1e6c30", model: "gemini-2.5-pro"))
        let arguments = try cli.arguments()
        #expect(arguments.prefix(4) == ["--output-format", "json", "-m", "gemini-2.5-pro"])
        #expect(
            arguments.last == """
                --prompt=System instructions:

                Answer in one word.

                Here is the conversation so far:

                User: Hi

                Assistant: Hello!

                Now reply to the user's latest message:

                Capital of France?
                """)
    }

    @Test func anErrorDocumentOnStdoutIsMapped() async throws {
        let cli = try FakeCLI(Self.printing("error-quota.json", exitStatus: 1))
        defer { cli.remove() }
        let (events, error) = try await provider(cli).collect(request)
        #expect(events.isEmpty)
        let failure = try #require(error)
        #expect(failure.kind == .rateLimited)
        #expect(failure.message.contains("Resource has been exhausted (e.g. check quota)."))
        #expect(failure.message.contains("exited with status 1"))
    }

    @Test func aBadAPIKeyIsAnAuthenticationErrorThoughTheAPISaysBadRequest() async throws {
        let cli = try FakeCLI(Self.printing("error-api-key.json", exitStatus: 1))
        defer { cli.remove() }
        let (_, error) = try await provider(cli).collect(request)
        #expect(error?.kind == .authentication)
        #expect(error?.httpStatus == 400)
        #expect(error?.message.contains("API key not valid") == true)
    }

    @Test func anErrorDocumentOnStderrIsMapped() async throws {
        let cli = try FakeCLI("cat '\(Fixture.path("error-auth.stderr"))' >&2\nexit 41")
        defer { cli.remove() }
        let (_, error) = try await provider(cli).collect(request)
        let failure = try #require(error)
        #expect(failure.kind == .authentication)
        #expect(failure.message.hasPrefix("FatalAuthenticationError: Please set an Auth method"))
        #expect(failure.message.contains("exited with status 41"))
    }

    @Test func aNonZeroExitQuotesItsStatusAndStderrWithSecretsRedacted() async throws {
        let key = "AIzaSyD-test-secret-key-000000001234"
        let cli = try FakeCLI(
            """
            echo "Error when talking to Gemini API with key $GEMINI_API_KEY" >&2
            echo "socket hang up" >&2
            exit 2
            """)
        defer { cli.remove() }
        let (_, error) = try await provider(cli, ["env": ["GEMINI_API_KEY": .string(key)]]).collect(request)
        let failure = try #require(error)
        #expect(failure.kind == .server)
        #expect(failure.message.contains("exited with status 2"))
        #expect(failure.message.contains("with key [redacted]"))
        #expect(failure.message.contains("socket hang up"))
        #expect(!failure.message.contains(key))
    }

    @Test func outputThatIsNotJSONIsAServerErrorQuotingItsStart() async throws {
        let noise = String(repeating: "a", count: 200) + "TAIL"
        let cli = try FakeCLI("printf '%s' '\(noise)'")
        defer { cli.remove() }
        let (_, error) = try await provider(cli).collect(request)
        let failure = try #require(error)
        #expect(failure.kind == .server)
        #expect(failure.message.contains("not the JSON document expected"))
        #expect(failure.message.contains(String(repeating: "a", count: 200)))
        #expect(!failure.message.contains("TAIL"))
    }

    @Test func aCLIThatPrintsNothingIsAServerError() async throws {
        let cli = try FakeCLI("exit 0")
        defer { cli.remove() }
        let (events, error) = try await provider(cli).collect(request)
        #expect(events.isEmpty)
        #expect(error?.kind == .server)
        #expect(error?.message.contains("it printed nothing") == true)
    }

    @Test func aMissingExecutableIsUnsupportedAndNamesThePathSetting() async throws {
        let directory = try FakeCLI.makeTemporaryDirectory()
        defer { FakeCLI.removeDirectory(directory) }
        let notExecutable = directory + "/gemini"
        try "#!/bin/bash\n".write(toFile: notExecutable, atomically: true, encoding: .utf8)
        let cases = [
            (directory + "/missing/gemini", "does not exist"),
            (notExecutable, "is not an executable file"),
            ("gemini-not-installed-\(UUID().uuidString.prefix(8))", "was not found on the host's PATH"),
        ]
        for (path, problem) in cases {
            let provider = try BuiltPlugin.load(product: "SwitchboardGeminiCLIPlugin").makeProvider(
                name: "gemini-cli", settings: ["path": .string(path)])
            let (events, error) = await provider.collect(request)
            #expect(events.isEmpty)
            let failure = try #require(error)
            #expect(failure.kind == .unsupported)
            #expect(failure.message.contains("\"\(path)\" \(problem)"))
            #expect(failure.message.contains(#"set the "path" setting of provider "gemini-cli""#))
        }
    }

    @Test func aPromptTooLongForOneArgumentIsRefusedBeforeSpawning() async throws {
        let cli = try FakeCLI(Self.printing("success.json"))
        defer { cli.remove() }
        let long = ChatRequest(model: "gemini-2.5-pro", messages: [.user(String(repeating: "x", count: 128 * 1024))])
        let (_, error) = try await provider(cli).collect(long)
        #expect(error?.kind == .contextWindowExceeded)
        #expect(error?.message.contains("under 128 KiB") == true)
        #expect(cli.pid() == nil)
    }

    @Test func cancellingTheRunStopsTheCLIAndReapsIt() async throws {
        let cli = try FakeCLI("sleep 30 &\nwait")
        defer { cli.remove() }
        let provider = try provider(cli)
        let run = Task { _ = await provider.collect(request) }
        #expect(await eventually { cli.pid() != nil })
        let pid = try #require(cli.pid())
        run.cancel()
        _ = await run.result
        #expect(await eventually { kill(pid, 0) == -1 && errno == ESRCH })
    }

    @Test func badSettingsAreRefusedWithTheSettingNamed() throws {
        let cases: [(JSONValue, String)] = [
            (["path": ["gemini"]], #"setting "path" of provider "gemini-cli" must be a string; found an array"#),
            (
                ["extra_args": "--yolo"],
                #"setting "extra_args" of provider "gemini-cli" must be an array of strings; found a string"#
            ),
            (
                ["extra_args": ["--yolo", true]],
                #"setting "extra_args" of provider "gemini-cli" must be an array of strings; element 1 is a boolean"#
            ),
            (["model": 2.5], #"setting "model" of provider "gemini-cli" must be a string; found a number"#),
            (
                ["timeout_seconds": "60"],
                #"setting "timeout_seconds" of provider "gemini-cli" must be a number; found a string"#
            ),
        ]
        for (settings, message) in cases {
            do {
                _ = try BuiltPlugin.load(product: "SwitchboardGeminiCLIPlugin").makeProvider(
                    name: "gemini-cli", settings: settings)
                Issue.record("settings \(settings) were accepted")
            } catch let error as ProviderError {
                #expect(error.kind == .invalidRequest)
                #expect(error.message == message)
            }
        }
    }

    @Test func theManifestListsGeminiModelsWithoutPrices() throws {
        let manifest = try BuiltPlugin.load(product: "SwitchboardGeminiCLIPlugin").manifest
        #expect(manifest.id == "gemini-cli")
        #expect(
            manifest.models.map(\.id) == [
                "auto", "pro", "flash", "flash-lite", "gemini-3.1-pro-preview", "gemini-3.5-flash",
                "gemini-3-flash-preview", "gemini-3.1-flash-lite", "gemini-2.5-pro", "gemini-2.5-flash",
                "gemini-2.5-flash-lite",
            ])
        #expect(manifest.models.allSatisfy { $0.pricing == nil && !$0.local })
    }
}
