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
        settings: .declaring(ClaudeCodeSettings.all),
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
