import SwitchboardKit

/// Turns a ``ChatRequest`` into the `gemini` command line.
///
/// The CLI takes one prompt and has no system prompt flag, so the conversation is flattened into it: system
/// messages, then any earlier turns as a transcript, then the last message (which must be the user's):
///
/// ```
/// System instructions:
///
/// …
///
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
/// A lone user message is sent as it is. The prompt goes in one argument, `--prompt=<prompt>` (the `=` form keeps a
/// prompt that starts with `-` from being read as an option); stdin is `/dev/null`, since the CLI would prepend
/// anything piped to it. Sampling options, stop sequences, the output limit, the response format and thinking
/// options have no CLI flags and are ignored.
struct GeminiCLIRequestMapper: Sendable {
    /// Linux refuses a single argument of 128 KiB or more (`MAX_ARG_STRLEN`, counting the terminating NUL).
    static let argumentLimit = 128 * 1024

    /// The instance's settings.
    let settings: CLISettings

    /// The arguments after the executable, and the model they ask for (empty for the CLI's default).
    struct Invocation: Sendable {
        var arguments: [String]
        var model: String
    }

    /// The command line for `request`.
    /// - Throws: `unsupported` for request tools or images; `invalid_request` when the last message is not a user
    ///   message with text; `context_window_exceeded` when the prompt is too long for one argument.
    func invocation(for request: ChatRequest) throws -> Invocation {
        let provider = settings.provider
        let parts = try CLIPrompt(
            request,
            cliName: "the Gemini CLI",
            toolsRefusal: "the Gemini CLI runs its own tools and cannot be offered the request's",
            imagesRefusal: "the Gemini CLI's prompt mode takes text only, not images",
            provider: provider
        )

        var sections: [String] = []
        if !parts.system.isEmpty {
            sections.append("System instructions:\n\n" + parts.system.joined(separator: "\n\n"))
        }
        if let transcript = parts.transcriptSection { sections.append(transcript) }
        let prompt = parts.prompt(after: sections)
        let promptArgument = "--prompt=" + prompt
        guard promptArgument.utf8.count < Self.argumentLimit else {
            throw ProviderError(
                .contextWindowExceeded,
                "the prompt (\(prompt.utf8.count) bytes) is too long for the Gemini CLI's command line, "
                    + "where one argument must stay under 128 KiB",
                provider: provider
            )
        }

        let model = request.model.isEmpty ? settings.model ?? "" : request.model
        var arguments = ["--output-format", "json"]
        if !model.isEmpty { arguments += ["-m", model] }
        arguments += settings.extraArguments
        arguments.append(promptArgument)
        return Invocation(arguments: arguments, model: model)
    }
}
