import SwitchboardKit

/// The Gemini CLI plugin: Google's Gemini models through the `gemini` CLI in prompt mode, one JSON document per run.
///
/// Unlike the HTTP plugins it runs a subprocess per request (design §3 allows it): the CLI brings its own
/// credentials and tools.
enum GeminiCLIPlugin: ProviderPlugin {
    /// The executable looked up on the host's `PATH` when `path` is absent.
    static let defaultPath = "gemini"

    static let manifest = PluginManifest(
        id: "gemini-cli",
        name: "Gemini CLI",
        version: "1.0.0",
        description:
            "Gemini through the Gemini CLI (gemini --output-format json), answered in one piece when the run ends",
        providerKinds: ["gemini-cli"],
        settings: [
            SettingDescriptor(
                name: "path",
                type: "string",
                description: "The gemini executable: a path, or a name looked up on the host's PATH",
                defaultValue: .string(defaultPath)
            ),
            SettingDescriptor(
                name: "model",
                type: "string",
                description: "The model (-m) used when a request names none; the CLI's default when absent"
            ),
            SettingDescriptor(
                name: "extra_args",
                type: "array",
                description: "Arguments added to the command line as they are, before the prompt (e.g. [\"--yolo\"])"
            ),
            SettingDescriptor(
                name: "working_directory",
                type: "string",
                description: "The directory the CLI runs in (and may read); the host's when absent"
            ),
            SettingDescriptor(
                name: "timeout_seconds",
                type: "number",
                description: "The longest one run may take before the CLI is stopped; no limit when absent"
            ),
            SettingDescriptor(
                name: "env",
                type: "object",
                description: "Variables added to the CLI's environment (e.g. GEMINI_API_KEY); every value is treated "
                    + "as a secret and scrubbed from error messages",
                secret: true
            ),
        ],
        models: GeminiCLICatalog.models
    )

    static func makeProvider(_ context: ProviderContext) throws -> any Provider {
        let settings = try CLISettings(
            context,
            defaultPath: defaultPath,
            // The credentials the CLI may run with, scrubbed from anything it says.
            secretVariables: ["GEMINI_API_KEY", "GOOGLE_API_KEY"],
            displayName: "Gemini CLI",
            installAdvice: "install the Gemini CLI"
        )
        return GeminiCLIProvider(context: context, settings: settings)
    }
}

/// The plugin's C entry point: hands the host the plugin's function table.
@_cdecl("switchboard_plugin_entry_v1")
public func switchboardPluginEntry(_ host: UnsafeRawPointer?) -> UnsafeRawPointer? {
    PluginExport.entry(host, GeminiCLIPlugin.self)
}
