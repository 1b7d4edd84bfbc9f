import SwitchboardKit

/// A Claude Code provider instance's settings, validated: the settings every CLI plugin shares, and Claude Code's
/// permission settings.
struct ClaudeCodeSettings: Sendable {
    /// The executable looked up on the host's `PATH` when `path` is absent.
    static let defaultPath = "claude"
    /// Host variables whose values are scrubbed from anything the CLI says: the credentials it may run with.
    static let secretVariables = ["ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN"]

    /// `path` (default `claude`), `model`, `extra_args`, `working_directory`, `timeout_seconds` and `env`.
    let cli: CLISettings
    /// `--permission-mode`.
    let permissionMode: String?
    /// `--allowedTools`.
    let allowedTools: [String]

    /// Reads and validates `context`'s settings.
    /// - Throws: `invalid_request` naming the setting that is unusable.
    init(_ context: ProviderContext) throws {
        cli = try CLISettings(
            context,
            defaultPath: Self.defaultPath,
            secretVariables: Self.secretVariables,
            displayName: "Claude Code CLI",
            installAdvice: "install Claude Code"
        )
        permissionMode = try context.nonEmptyString("permission_mode")
        allowedTools = try context.stringArray("allowed_tools")
        if let empty = allowedTools.firstIndex(where: \.isEmpty) {
            throw context.invalidSetting(
                "allowed_tools", "must not contain an empty string; element \(empty) is empty")
        }
    }
}
