import SwitchboardKit

/// The Gemini CLI plugin: Google's Gemini models through the `gemini` CLI in prompt mode, one JSON document per run.
///
/// Unlike the HTTP plugins it runs a subprocess per request (design §3 allows it): the CLI brings its own
/// credentials and tools.
enum GeminiCLIPlugin: ProviderPlugin {
    /// `path` (default `gemini`), `model`, `extra_args`, `working_directory`, `timeout_seconds` and `env`.
    static let cliSettings = CLISettings.Declaration(
        defaultPath: "gemini", displayName: "Gemini CLI", installAdvice: "install the Gemini CLI",
        // The credentials the CLI may run with, scrubbed from anything it says.
        secretVariables: ["GEMINI_API_KEY", "GOOGLE_API_KEY"], modelOption: "-m",
        extraArgumentsExample: #"["--yolo"]"#)

    static let manifest = PluginManifest(
        id: "gemini-cli",
        name: "Gemini CLI",
        version: "1.0.0",
        description:
            "Gemini through the Gemini CLI (gemini --output-format json), answered in one piece when the run ends",
        providerKinds: ["gemini-cli"],
        settings: .declaring(cliSettings),
        models: GeminiCLICatalog.models
    )

    static func makeProvider(_ context: ProviderContext) throws -> any Provider {
        GeminiCLIProvider(context: context, settings: try CLISettings(context, cliSettings))
    }
}

/// The plugin's C entry point: hands the host the plugin's function table.
@_cdecl("switchboard_plugin_entry_v1")
public func switchboardPluginEntry(_ host: UnsafeRawPointer?) -> UnsafeRawPointer? {
    PluginExport.entry(host, GeminiCLIPlugin.self)
}
