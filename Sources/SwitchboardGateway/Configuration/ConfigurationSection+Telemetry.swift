public import Switchboard

extension ConfigurationSection {
    /// The `telemetry` section: register it with `ConfigurationLoader(sections: [.telemetry])` to accept and read
    /// `telemetry:` (the `switchboard` CLI does); without it, `telemetry` is an unknown key.
    public static let telemetry = ConfigurationSection(SwitchboardConfiguration.Telemetry.self)
}
