public import Switchboard

extension ConfigurationSection {
    /// The gateway's `gateway` section: register it with `ConfigurationLoader(sections: [.gateway])` to accept and
    /// read `gateway:` (the `switchboard` CLI does); without it, `gateway` is an unknown key.
    public static let gateway = ConfigurationSection(
        SwitchboardConfiguration.Gateway.self,
        nested: [
            ("gateway.keys[]", SwitchboardConfiguration.Gateway.Key.schema.markdownTable()),
            ("gateway.aliases.NAME", SwitchboardConfiguration.Gateway.aliasSchema.markdownTable()),
        ])
}

extension SwitchboardConfiguration {
    /// The gateway that `switchboard serve` runs (the `gateway` section); its defaults when the section is absent or
    /// not registered.
    public var gateway: Gateway {
        get { sections[Gateway.self] ?? Gateway() }
        set { sections[Gateway.self] = newValue }
    }
}
