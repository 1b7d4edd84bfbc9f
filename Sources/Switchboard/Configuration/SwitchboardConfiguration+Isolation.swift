extension SwitchboardConfiguration {
    /// Where a provider instance's plugin code runs (a provider's `isolation` key).
    public enum Isolation: String, Sendable, Equatable, CaseIterable {
        /// The plugin is loaded into the host process: fastest, but a crash in the plugin ends the host.
        case inProcess = "in_process"
        /// The plugin runs in a child process (`switchboard plugin-host`): a crash fails only that
        /// provider's in-flight requests, and the child is restarted.
        case process
    }
}
