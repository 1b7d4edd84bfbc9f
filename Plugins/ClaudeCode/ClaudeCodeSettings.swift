import SwitchboardKit

/// A Claude Code instance's settings, each declared once: the settings every CLI plugin shares, and Claude Code's
/// permission settings.
struct ClaudeCodeSettings: Sendable {
    /// `path` (default `claude`), `model`, `extra_args`, `working_directory`, `timeout_seconds` and `env`.
    static let cliSettings = CLISettings.Declaration(
        defaultPath: "claude", displayName: "Claude Code CLI", installAdvice: "install Claude Code",
        // The credentials the CLI may run with, scrubbed from anything it says.
        secretVariables: ["ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN"],
        modelOption: "--model", extraArgumentsExample: #"["--max-turns", "3"]"#)
    /// `permission_mode`, passed as `--permission-mode`.
    static let permissionModeSetting = Setting.nonEmptyString(
        "permission_mode", "Passed as --permission-mode (default, acceptEdits, bypassPermissions, plan)")
    /// `allowed_tools`, passed as `--allowedTools`; no element may be empty.
    static let allowedToolsSetting = Setting.strings(
        "allowed_tools",
        #"Tools the CLI may use without asking, passed as --allowedTools (e.g. ["Read", "Bash(git diff:*)"])"#
    ).checked { tools in
        tools.firstIndex(where: \.isEmpty).map { "must not contain an empty string; element \($0) is empty" }
    }

    /// Every setting, in the manifest's order.
    static let all: [any DeclaredSetting] = [cliSettings, permissionModeSetting, allowedToolsSetting]

    /// The settings every CLI plugin shares.
    let cli: CLISettings
    /// `--permission-mode`.
    let permissionMode: String?
    /// `--allowedTools`.
    let allowedTools: [String]

    /// Reads and validates `context`'s settings.
    /// - Throws: `invalid_request` naming the setting that is unusable.
    init(_ context: ProviderContext) throws {
        cli = try CLISettings(context, Self.cliSettings)
        permissionMode = try context[Self.permissionModeSetting]
        allowedTools = try context[Self.allowedToolsSetting]
    }
}
