import Switchboard
import SwitchboardKit

#if canImport(Glibc)
    import Glibc
#endif

extension ProviderConformance {
    /// One answer of a provider without HTTP: the fake executable that gives it (a subprocess) or the request
    /// metadata that asks for it (in process).
    private struct Answer {
        var script: String
        var metadata: [String: String] = [:]
    }

    /// Runs `check` on a provider without HTTP, recording problems; the outcome says when it cannot apply.
    func runWithoutHTTP(_ check: ConformanceCheck, _ problems: inout Problems) async throws -> ConformanceOutcome {
        let transcripts: SubprocessTranscripts
        let subprocess: Bool
        switch transport {
        case .http: return .passed
        case .subprocess(let recorded): (transcripts, subprocess) = (recorded, true)
        case .inProcess(let recorded): (transcripts, subprocess) = (recorded, false)
        }
        let request = Self.request(model: try firstModel())
        switch check {
        case .manifest:
            return .passed
        case .streaming:
            try await withDirectProvider(Answer(script: transcripts.stream)) { provider, cli in
                let (events, error) = await provider.collect(request)
                if let error {
                    problems.add("the recorded answer ended with an error: \(error)")
                    return
                }
                Self.expectCompleteAnswer(events, &problems)
                let text = events.compactMap { if case .textDelta(let text) = $0 { text } else { nil } }.joined()
                problems.expect(!text.isEmpty, "the answer carries no text_delta")
                let usages = events.compactMap { if case .usage(let usage) = $0 { usage } else { nil } }
                problems.expect(!usages.isEmpty, "the answer carries no usage event; report the tokens counted")
                if let cli { problems.expect(cli.runs() == 1, "expected one run of the CLI, found \(cli.runs())") }
                do {
                    let response = try await provider.complete(request)
                    problems.expect(
                        response.text == text, "complete() answers \"\(response.text)\"; the stream said \"\(text)\"")
                    problems.expect(
                        response.provider == instanceName,
                        "complete() names the provider \"\(response.provider)\"; expected \"\(instanceName)\"")
                } catch {
                    problems.add("complete() failed where stream() succeeded: \(error)")
                }
            }
        case .truncatedStream:
            guard subprocess, let truncated = transcripts.truncatedStream else {
                return .notApplicable(
                    subprocess
                        ? "no SubprocessTranscripts.truncatedStream was given"
                        : "an in-process provider has no transport that could cut its answer")
            }
            try await withDirectProvider(Answer(script: truncated)) { provider, _ in
                let (events, error) = await provider.collect(request)
                Self.expectCutOff(events, error, "an answer that stops before its end (the CLI exiting 0)", &problems)
            }
            // The first bytes of the answer, then the CLI dies of a signal: a crash half-way through.
            let killed = "(\n\(transcripts.stream)\n) | head -c 64\nkill -9 $$"
            try await withDirectProvider(Answer(script: killed)) { provider, _ in
                let (events, error) = await provider.collect(request)
                Self.expectCutOff(events, error, "a CLI killed by a signal half-way through its answer", &problems)
            }
        case .errors:
            problems.expect(
                !transcripts.failures.isEmpty, "SubprocessTranscripts.failures is empty; record the tool's failures")
            for failure in transcripts.failures {
                try await withDirectProvider(Answer(script: failure.script, metadata: failure.metadata)) {
                    provider, _ in
                    var failing = request
                    failing.metadata.merge(failure.metadata) { _, new in new }
                    let (events, error) = await provider.collect(failing)
                    let what = "the failure \(failure)"
                    guard let error else {
                        problems.add("\(what) ended the stream without an error")
                        return
                    }
                    problems.expect(
                        !events.contains(where: Self.isFinish), "\(what) delivered a finish event before the error")
                    problems.expect(
                        error.kind == failure.kind,
                        "\(what) became \(error.kind); expected \(failure.kind) (message: \(error.message))")
                    problems.expect(
                        error.provider == instanceName,
                        "\(what) names the provider \(error.provider ?? "nil"); expected \"\(instanceName)\"")
                    if let message = failure.message {
                        problems.expect(
                            error.message.contains(message),
                            "\(what) has the message \"\(error.message)\"; expected it to contain \"\(message)\"")
                    } else {
                        problems.expect(!error.message.isEmpty, "\(what) has an empty message")
                    }
                    for secret in secrets where !secret.isEmpty && error.description.contains(secret) {
                        problems.add("\(what)'s error shows a secret from the settings; redact it")
                    }
                }
            }
        case .cancellation:
            let hanging = subprocess ? transcripts.hangingStream : transcripts.stream
            guard let hanging else { return .notApplicable("no SubprocessTranscripts.hangingStream was given") }
            try await withDirectProvider(Answer(script: hanging)) { provider, cli in
                let ended = Locked(false)
                let consumer = Task {
                    defer { ended.withLock { $0 = true } }
                    for try await _ in provider.stream(request) {}
                }
                if let cli {
                    guard await eventually({ cli.pid() != nil }) else {
                        consumer.cancel()
                        problems.add("the CLI never started")
                        return
                    }
                }
                consumer.cancel()
                problems.expect(
                    await eventually { ended.withLock { $0 } },
                    "the stream did not end within 30 s of its consumer being cancelled")
                if let cli, let pid = cli.pid() {
                    problems.expect(
                        await eventually { !FakeCLI.isRunning(pid) },
                        "the CLI (pid \(pid)) still runs after the stream was cancelled: cancelling must stop it")
                }
            }
            try await withDirectProvider(Answer(script: transcripts.stream)) { provider, _ in
                let (events, error) = await provider.collect(request)
                problems.expect(
                    error == nil && events.last.map(Self.isFinish) == true,
                    "the request after a cancelled one failed: \(error.map(String.init(describing:)) ?? "no finish event")"
                )
            }
        case .capabilities:
            var skipped: [String] = []
            for capability in Capability.allCases where capability != .embeddings {
                guard
                    let model = try loadPlugin().manifest.models.first(where: { $0.capabilities.contains(capability) })
                else { continue }
                if let reason = transcripts.unexercisable[capability] {
                    skipped.append("\(capability.rawValue): \(reason)")
                    continue
                }
                var exercised = Self.request(model: model.id)
                var script = transcripts.stream
                switch capability {
                case .tools:
                    guard let toolCall = transcripts.toolCall else {
                        problems.add(
                            "model \"\(model.id)\" advertises tools; give SubprocessTranscripts.toolCall or excuse it in unexercisable"
                        )
                        continue
                    }
                    exercised.tools = [
                        ToolDefinition(name: toolCall.tool, description: "A tool", parameters: ["type": "object"])
                    ]
                    script = toolCall.script
                case .thinking:
                    guard let thinking = transcripts.thinking else {
                        problems.add(
                            "model \"\(model.id)\" advertises thinking; give SubprocessTranscripts.thinking or excuse it in unexercisable"
                        )
                        continue
                    }
                    exercised.thinking = ThinkingOptions(budgetTokens: 1024, effort: "low")
                    script = thinking
                case .reasoning:
                    exercised.thinking = ThinkingOptions(budgetTokens: 1024, effort: "low")
                    script = transcripts.thinking ?? script
                case .code:
                    exercised.messages = [.user("Write a Swift function that adds two integers.")]
                case .vision, .jsonSchema:
                    problems.add(
                        "model \"\(model.id)\" advertises \(capability.rawValue), which the suite exercises only over HTTP; excuse it in unexercisable with the reason"
                    )
                    continue
                case .chat, .embeddings:
                    break
                }
                try await withDirectProvider(Answer(script: script)) { provider, _ in
                    let (events, error) = await provider.collect(exercised)
                    let what = "model \"\(model.id)\" advertises \(capability.rawValue), but"
                    if let error {
                        problems.add("\(what) a request using it failed: \(error)")
                        return
                    }
                    var shape = Problems()
                    Self.expectCompleteAnswer(events, &shape)
                    for problem in shape.list { problems.add("\(what) its answer is malformed: \(problem)") }
                }
            }
            if !skipped.isEmpty, problems.list.isEmpty {
                return .notApplicable("partly: " + skipped.joined(separator: "; "))
            }
        case .discovery:
            try await withDirectProvider(Answer(script: transcripts.stream)) { provider, _ in
                await Self.checkModelsAndHealth(
                    of: provider, modelsFailureHint: "", healthyWhen: "with the tool in place", &problems)
            }
            if subprocess {
                let missing = "/nonexistent/switchboard-conformance-tool"
                let provider = try loadPlugin().makeProvider(name: instanceName, settings: settings(missing))
                let health = await provider.health()
                problems.expect(
                    health.status != .ok, "health() reports ok although the executable \(missing) does not exist")
            }
        }
        return .passed
    }

    /// Creates an instance for `answer` — pointed at a fresh fake executable printing it (a subprocess), or as it is
    /// (in process) — runs `body` with the executable, and removes it whether or not `body` throws.
    private func withDirectProvider(
        _ answer: Answer, _ body: (any Provider, FakeCLI?) async throws -> Void
    ) async throws {
        guard case .subprocess = transport else {
            try await body(try loadPlugin().makeProvider(name: instanceName, settings: settings("")), nil)
            return
        }
        let cli = try FakeCLI(answer.script)
        defer { cli.remove() }
        try await body(try loadPlugin().makeProvider(name: instanceName, settings: settings(cli.path)), cli)
    }

    /// Records what is wrong with the end of an answer cut off: a finish event, or no error.
    private static func expectCutOff(
        _ events: [StreamEvent], _ error: ProviderError?, _ what: String, _ problems: inout Problems
    ) {
        problems.expect(
            !events.contains(where: isFinish),
            "\(what) delivered a finish event: a cut-off answer must never look complete")
        guard let error else {
            problems.add("\(what) ended without an error; it must fail, never end as a short answer")
            return
        }
        problems.expect(
            [.connection, .server].contains(error.kind),
            "\(what) failed with \(error.kind); expected connection or server")
    }
}
