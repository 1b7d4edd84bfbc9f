import SwitchboardKit

/// A provider that needs no network: it answers with the last user message, word by word.
///
/// For trying the host offline, for tests and for measuring the plugin boundary. Request metadata steers it:
/// `echo.repeat` (answer N text deltas of the prompt instead of its words), `echo.error` (fail with that error kind),
/// `echo.retry_after` (with `echo.error`, the seconds the failure asks to wait, as a server's `Retry-After`).
enum EchoPlugin: ProviderPlugin {
    /// `prefix`: text put before every answer.
    static let prefix = Setting.string("prefix", "Text put before every answer.", default: "")

    static let manifest = PluginManifest(
        id: "echo",
        name: "Echo",
        version: "1.0.0",
        description:
            "Answers with the prompt itself; no network, no key. For trying Switchboard offline and for tests.",
        providerKinds: ["echo"],
        settings: .declaring(prefix),
        models: [
            ModelInfo(
                id: "echo",
                displayName: "Echo",
                capabilities: [.chat, .code, .tools, .vision],
                contextWindow: 1_000_000,
                maxOutputTokens: 1_000_000,
                pricing: Pricing(input: 0, output: 0),
                tier: .fast,
                local: true
            )
        ]
    )

    static func makeProvider(_ context: ProviderContext) throws -> any Provider {
        EchoProvider(name: context.name, prefix: try context[prefix])
    }
}

@_cdecl("switchboard_plugin_entry_v1")
public func switchboardPluginEntry(_ host: UnsafeRawPointer?) -> UnsafeRawPointer? {
    PluginExport.entry(host, EchoPlugin.self)
}
