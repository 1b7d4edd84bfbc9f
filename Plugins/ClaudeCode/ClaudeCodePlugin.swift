import SwitchboardKit

/// The Claude Code plugin: Anthropic's models through the `claude` CLI in print mode, streamed as JSON lines.
///
/// Unlike the HTTP plugins it runs a subprocess per request (design §3 allows it): the CLI brings its own
/// credentials, tools and agent loop.
enum ClaudeCodePlugin: ProviderPlugin {
    static let manifest = PluginManifest(
        id: "claude-code",
        name: "Claude Code",
        version: "1.0.0",
        description:
            "Claude through the Claude Code CLI (claude -p --output-format stream-json), streamed as it prints",
        providerKinds: ["claude-code"],
        settings: [
            SettingDescriptor(
                name: "path",
                type: "string",
                description: "The claude executable: a path, or a name looked up on the host's PATH",
                defaultValue: .string(ClaudeCodeSettings.defaultPath)
            ),
            SettingDescriptor(
                name: "model",
                type: "string",
                description: "The model (--model) used when a request names none; the CLI's default when absent"
            ),
            SettingDescriptor(
                name: "extra_args",
                type: "array",
                description: "Arguments appended to the command line as they are (e.g. [\"--max-turns\", \"3\"])"
            ),
            SettingDescriptor(
                name: "working_directory",
                type: "string",
                description: "The directory the CLI runs in (and may read and edit); the host's when absent"
            ),
            SettingDescriptor(
                name: "timeout_seconds",
                type: "number",
                description: "The longest one run may take before the CLI is stopped; no limit when absent"
            ),
            SettingDescriptor(
                name: "permission_mode",
                type: "string",
                description: "Passed as --permission-mode (default, acceptEdits, bypassPermissions, plan)"
            ),
            SettingDescriptor(
                name: "allowed_tools",
                type: "array",
                description:
                    "Tools the CLI may use without asking, passed as --allowedTools (e.g. [\"Read\", \"Bash(git diff:*)\"])"
            ),
            SettingDescriptor(
                name: "env",
                type: "object",
                description:
                    "Variables added to the CLI's environment (e.g. ANTHROPIC_API_KEY); every value is treated "
                    + "as a secret and scrubbed from error messages",
                secret: true
            ),
        ],
        models: ClaudeCodeCatalog.models
    )

    static func makeProvider(_ context: ProviderContext) throws -> any Provider {
        ClaudeCodeProvider(context: context, settings: try ClaudeCodeSettings(context))
    }
}

/// The plugin's C entry point: hands the host the plugin's function table.
@_cdecl("switchboard_plugin_entry_v1")
public func switchboardPluginEntry(_ host: UnsafeRawPointer?) -> UnsafeRawPointer? {
    PluginExport.entry(host, ClaudeCodePlugin.self)
}
