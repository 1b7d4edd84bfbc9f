import SwitchboardKit

/// Turns a ``ChatRequest`` into the `claude` command line and the prompt written to its stdin.
///
/// The CLI takes one prompt, so the conversation is flattened: system messages become `--append-system-prompt`
/// (joined by blank lines), the last message (which must be the user's) is the prompt, and any earlier turns are
/// rendered before it as a transcript:
///
/// ```
/// Here is the conversation so far:
///
/// User: …
///
/// Assistant: …
///
/// Now reply to the user's latest message:
///
/// <the last user message>
/// ```
///
/// Tool calls and results in the history are rendered as `Assistant (called tool NAME): ARGUMENTS` and
/// `Tool result (ID): CONTENT`; thinking is left out. Sampling options, stop sequences, the output limit, the
/// response format and thinking options have no CLI flags and are ignored.
struct ClaudeCodeRequestMapper: Sendable {
    /// The instance's settings.
    let settings: ClaudeCodeSettings

    /// What to run: the arguments after the executable, and the bytes for its stdin.
    struct Invocation: Sendable {
        var arguments: [String]
        var input: [UInt8]
    }

    /// The command line and stdin for `request`.
    /// - Throws: `unsupported` for request tools or images; `invalid_request` when the last message is not a user
    ///   message with text.
    func invocation(for request: ChatRequest) throws -> Invocation {
        let parts = try CLIPrompt(
            request,
            cliName: "Claude Code",
            toolsRefusal:
                "Claude Code runs its own tools and cannot be offered the request's; use the \"allowed_tools\" "
                + "setting to choose which of its tools it may use",
            imagesRefusal: "Claude Code's print mode takes text prompts only, not images",
            provider: settings.cli.provider
        )

        var arguments = ["-p"]
        if !settings.allowedTools.isEmpty { arguments += ["--allowedTools"] + settings.allowedTools }
        arguments += ["--output-format", "stream-json", "--verbose"]
        if let model = request.model.isEmpty ? settings.cli.model : request.model { arguments += ["--model", model] }
        if let mode = settings.permissionMode { arguments += ["--permission-mode", mode] }
        if !parts.system.isEmpty { arguments += ["--append-system-prompt", parts.system.joined(separator: "\n\n")] }
        arguments += settings.cli.extraArguments

        let prompt = parts.prompt(after: parts.transcriptSection.map { [$0] } ?? [])
        return Invocation(arguments: arguments, input: Array(prompt.utf8))
    }
}
