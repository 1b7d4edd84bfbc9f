import Foundation
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real Claude Code plugin `.so`, loaded through the loader, running fake `claude` executables that print the
/// CLI's stream-json transcripts.
@Suite("Claude Code plugin over its CLI")
struct ClaudeCodePluginTests {
    static let sessionID = "8f3c2a4e-1b7d-4c9e-a5f0-2d6e8b1c4a97"
    let request = ChatRequest(model: "sonnet", messages: [.user("How many lines does README.md have?")])

    private func provider(_ cli: FakeCLI, _ settings: [String: JSONValue] = [:]) throws -> any Provider {
        var all = settings
        all["path"] = all["path"] ?? .string(cli.path)
        return try BuiltPlugin.load(product: "SwitchboardClaudeCodePlugin").makeProvider(
            name: "claude-code", settings: .object(all))
    }

    private func settingsError(_ settings: JSONValue) throws -> ProviderError? {
        do {
            _ = try BuiltPlugin.load(product: "SwitchboardClaudeCodePlugin").makeProvider(
                name: "claude-code", settings: settings)
            return nil
        } catch let error as ProviderError {
            return error
        }
    }

    @Test func aRunStreamsThinkingToolUseTextUsageAndFinish() async throws {
        let cli = try FakeCLI("cat '\(Fixture.path("stream-tool-use.jsonl"))'")
        defer { cli.remove() }
        let (events, error) = try await provider(cli).collect(request)
        #expect(error == nil)
        #expect(events.first == .start(id: Self.sessionID, model: "claude-sonnet-4-5-20250929"))
        #expect(
            events.contains(
                .thinkingDelta(
                    text: "The user wants the line count of README.md; wc will tell.",
                    signature:
                        "EqQBCkYIBxgCKkBxd8sZ3mW1Jt0oQ2y6mT0vHq9ZkR4cW2tXbY8uP1nLa7sFjG5hD3eC9iK0oM2qN4rS6uV8wX0yZ1aB3cD5eF7g"
                )))
        let toolEvents = events.filter {
            switch $0 {
            case .toolCallStart, .toolCallDelta, .toolCallEnd: true
            default: false
            }
        }
        #expect(
            toolEvents == [
                .toolCallStart(index: 0, id: "toolu_01A09q90qw90lq917835lq9", name: "Bash"),
                .toolCallDelta(
                    index: 0, arguments: #"{"command":"wc -l README.md","description":"Count lines in README.md"}"#),
                .toolCallEnd(index: 0),
            ])
        #expect(
            events.compactMap { if case .textDelta(let text) = $0 { text } else { nil } } == ["README.md has 42 lines."]
        )
        #expect(
            events.suffix(2) == [
                .usage(Usage(inputUncached: 12, inputCacheRead: 27124, inputCacheWrite: 2218, outputText: 187)),
                .finish(.stop),
            ])
    }

    @Test func theCommandLineCarriesTheSettingsAndThePromptGoesVerbatimOnStdin() async throws {
        let cli = try FakeCLI("cat '\(Fixture.path("stream-tool-use.jsonl"))'")
        defer { cli.remove() }
        let prompt = "Delete nothing: $(rm -rf /) `reboot` \"double\" 'single' ; | && \\ \n$HOME"
        let provider = try provider(
            cli,
            [
                "model": "haiku",
                "permission_mode": "plan",
                "allowed_tools": ["Read", "Bash(git diff:*)"],
                "extra_args": ["--max-turns", "3"],
                "working_directory": .string(cli.directory),
            ])
        let request = ChatRequest(
            model: "opus", messages: [.system("Be brief."), .system("Use British spelling."), .user(prompt)])
        let (_, error) = await provider.collect(request)
        #expect(error == nil)
        #expect(
            try cli.arguments() == [
                "-p", "--allowedTools", "Read", "Bash(git diff:*)", "--output-format", "stream-json", "--verbose",
                "--model", "opus", "--permission-mode", "plan",
                "--append-system-prompt", "Be brief.\n\nUse British spelling.", "--max-turns", "3",
            ])
        #expect(try cli.stdin() == prompt)
        #expect(try cli.workingDirectory() == cli.directory)
    }

    @Test func earlierTurnsArriveAsATranscriptBeforeTheLastMessage() async throws {
        let cli = try FakeCLI("cat '\(Fixture.path("stream-tool-use.jsonl"))'")
        defer { cli.remove() }
        let request = ChatRequest(
            model: "", messages: [.user("Hi"), .assistant("Hello!"), .user("Count README.md's lines")])
        let (_, error) = try await provider(cli, ["model": "haiku"]).collect(request)
        #expect(error == nil)
        #expect(try cli.arguments().contains("haiku"))
        #expect(
            try cli.stdin() == """
                Here is the conversation so far:

                User: Hi

                Assistant: Hello!

                Now reply to the user's latest message:

                Count README.md's lines
                """)
    }

    @Test(arguments: [
        ("error-credit.jsonl", ProviderError.Kind.permission, "Credit balance is too low"),
        ("error-login.jsonl", .authentication, "Invalid API key · Please run /login"),
        ("error-rate-limit.jsonl", .rateLimited, "would exceed the rate limit"),
        ("error-prompt-too-long.jsonl", .contextWindowExceeded, "Prompt is too long"),
        ("error-max-turns.jsonl", .server, "turn limit after 3 turns (error_max_turns)"),
    ])
    func anErrorResultIsMappedByItsText(fixture: String, kind: ProviderError.Kind, words: String) async throws {
        let cli = try FakeCLI("cat '\(Fixture.path(fixture))'\nexit 1")
        defer { cli.remove() }
        let (events, error) = try await provider(cli).collect(request)
        let failure = try #require(error)
        #expect(failure.kind == kind)
        #expect(failure.message.contains(words))
        #expect(failure.provider == "claude-code")
        #expect(!events.contains(.finish(.stop)))
    }

    @Test func aNonZeroExitQuotesItsStatusAndStderrWithSecretsRedacted() async throws {
        let key = "sk-ant-api03-test-secret-0000001234"
        let cli = try FakeCLI(
            """
            echo "Error: request failed using key $ANTHROPIC_API_KEY" >&2
            echo "API Error: 401 authentication_error" >&2
            exit 3
            """)
        defer { cli.remove() }
        let (_, error) = try await provider(cli, ["env": ["ANTHROPIC_API_KEY": .string(key)]]).collect(request)
        let failure = try #require(error)
        #expect(failure.kind == .authentication)
        #expect(failure.message.contains("exited with status 3"))
        #expect(failure.message.contains("request failed using key [redacted]"))
        #expect(!failure.message.contains(key))
    }

    @Test func aCLIThatExitsWithoutReadingALongPromptFailsWithoutTakingTheHostDown() async throws {
        let cli = try FakeCLI("echo 'usage: claude [options]' >&2\nexit 2", readingInput: false)
        defer { cli.remove() }
        let long = ChatRequest(model: "sonnet", messages: [.user(String(repeating: "a long prompt ", count: 200_000))])
        let (_, error) = try await provider(cli).collect(long)
        #expect(error?.kind == .server)
        #expect(error?.message == "the Claude Code CLI exited with status 2; stderr: usage: claude [options]")
    }

    @Test func aStreamWithoutItsResultLineIsAConnectionError() async throws {
        let cli = try FakeCLI("cat '\(Fixture.path("stream-cut.jsonl"))'")
        defer { cli.remove() }
        let (events, error) = try await provider(cli).collect(request)
        #expect(events.contains(.textDelta("Let me check the file")))
        let failure = try #require(error)
        #expect(failure.kind == .connection)
        #expect(failure.message.contains("ended before the answer was complete"))
    }

    @Test func aCLIThatPrintsNothingIsAConnectionError() async throws {
        let cli = try FakeCLI("exit 0")
        defer { cli.remove() }
        let (events, error) = try await provider(cli).collect(request)
        #expect(events.isEmpty)
        #expect(error?.kind == .connection)
    }

    @Test func aMissingExecutableIsUnsupportedAndNamesThePathSetting() async throws {
        let directory = try FakeCLI.makeTemporaryDirectory()
        defer { FakeCLI.removeDirectory(directory) }
        let notExecutable = directory + "/claude"
        try "#!/bin/bash\n".write(toFile: notExecutable, atomically: true, encoding: .utf8)
        let cases = [
            (directory + "/missing/claude", "does not exist"),
            (notExecutable, "is not an executable file"),
            ("claude-not-installed-\(UUID().uuidString.prefix(8))", "was not found on the host's PATH"),
        ]
        for (path, problem) in cases {
            let provider = try BuiltPlugin.load(product: "SwitchboardClaudeCodePlugin").makeProvider(
                name: "claude-code",
                settings: ["path": .string(path)]
            )
            let (events, error) = await provider.collect(request)
            #expect(events.isEmpty)
            let failure = try #require(error)
            #expect(failure.kind == .unsupported)
            #expect(failure.message.contains("\"\(path)\" \(problem)"))
            #expect(failure.message.contains(#"set the "path" setting of provider "claude-code""#))
            #expect(await provider.health().status == .unavailable)
        }
    }

    @Test func cancellingTheStreamStopsTheCLIWithSIGTERMAndReapsIt() async throws {
        let cli = try FakeCLI(
            """
            trap 'echo stopped > "$dir/sigterm"; exit 143' TERM
            head -n 1 '\(Fixture.path("stream-tool-use.jsonl"))'
            sleep 30 &
            echo $! > "$dir/grandchild"
            wait
            """)
        defer { cli.remove() }
        try await expectCancellationStops(cli)
        #expect(FileManager.default.fileExists(atPath: cli.directory + "/sigterm"))
    }

    @Test func aCLIThatIgnoresSIGTERMIsKilled() async throws {
        let cli = try FakeCLI(
            """
            trap '' TERM
            head -n 1 '\(Fixture.path("stream-tool-use.jsonl"))'
            sleep 30 &
            echo $! > "$dir/grandchild"
            wait
            """)
        defer { cli.remove() }
        try await expectCancellationStops(cli)
    }

    /// Starts a run of `cli`, takes its first event while the CLI is still running (so events stream as printed),
    /// cancels, and expects the CLI and its child to be gone and the CLI reaped.
    private func expectCancellationStops(_ cli: FakeCLI) async throws {
        let provider = try provider(cli)
        let (firstEvents, firstEvent) = AsyncStream.makeStream(of: StreamEvent?.self)
        let run = Task {
            var events = provider.stream(request).makeAsyncIterator()
            firstEvent.yield(try await events.next())
            while try await events.next() != nil {}
        }
        var iterator = firstEvents.makeAsyncIterator()
        let first = await iterator.next()
        #expect(first == .start(id: Self.sessionID, model: "claude-sonnet-4-5-20250929"))
        #expect(await eventually { cli.grandchild() != nil })
        let pid = try #require(cli.pid())
        let grandchild = try #require(cli.grandchild())
        #expect(FakeCLI.isRunning(pid))
        run.cancel()
        _ = await run.result
        #expect(await eventually { kill(pid, 0) == -1 && errno == ESRCH })
        #expect(await eventually { !FakeCLI.isRunning(grandchild) })
    }

    @Test func aRunPastItsTimeoutIsStopped() async throws {
        let cli = try FakeCLI("head -n 1 '\(Fixture.path("stream-tool-use.jsonl"))'\nsleep 30 &\nwait")
        defer { cli.remove() }
        let (_, error) = try await provider(cli, ["timeout_seconds": 0.2]).collect(request)
        let failure = try #require(error)
        #expect(failure.kind == .timeout)
        #expect(failure.message.contains(#"timeout of 0.2 seconds (setting "timeout_seconds")"#))
        let pid = try #require(cli.pid())
        #expect(await eventually { kill(pid, 0) == -1 && errno == ESRCH })
    }

    @Test func requestToolsAreUnsupported() async throws {
        let cli = try FakeCLI("exit 0")
        defer { cli.remove() }
        var withTools = request
        withTools.tools = [ToolDefinition(name: "get_weather")]
        let (_, error) = try await provider(cli).collect(withTools)
        #expect(error?.kind == .unsupported)
        #expect(error?.message.contains("allowed_tools") == true)
        #expect(cli.pid() == nil)
    }

    @Test func badSettingsAreRefusedWithTheSettingNamed() throws {
        let cases: [(JSONValue, String)] = [
            (["path": 42], #"setting "path" of provider "claude-code" must be a string; found a number"#),
            (["path": ""], #"setting "path" of provider "claude-code" must not be empty"#),
            (
                ["extra_args": "--max-turns 3"],
                #"setting "extra_args" of provider "claude-code" must be an array of strings; found a string"#
            ),
            (
                ["extra_args": ["--max-turns", 3]],
                #"setting "extra_args" of provider "claude-code" must be an array of strings; element 1 is a number"#
            ),
            (
                ["allowed_tools": ["Read", ""]],
                #"setting "allowed_tools" of provider "claude-code" must not contain an empty string; element 1 is empty"#
            ),
            (
                ["timeout_seconds": -5],
                #"setting "timeout_seconds" of provider "claude-code" must be a positive number of seconds; found -5.0"#
            ),
            (
                ["env": ["ANTHROPIC_API_KEY": 7]],
                #"setting "env.ANTHROPIC_API_KEY" of provider "claude-code" must be a string; found a number"#
            ),
        ]
        for (settings, message) in cases {
            let error = try #require(try settingsError(settings))
            #expect(error.kind == .invalidRequest)
            #expect(error.message == message)
        }
    }

    @Test func theManifestListsTheCLIAliasesWithoutPrices() throws {
        let manifest = try BuiltPlugin.load(product: "SwitchboardClaudeCodePlugin").manifest
        #expect(manifest.id == "claude-code")
        #expect(
            manifest.models.map(\.id) == [
                "sonnet", "opus", "haiku", "fable", "best", "opusplan", "sonnet[1m]", "opus[1m]",
            ])
        #expect(manifest.models.allSatisfy { $0.pricing == nil && !$0.local })
        #expect(manifest.models.allSatisfy { $0.capabilities == [.chat, .code, .tools, .reasoning] })
    }
}
