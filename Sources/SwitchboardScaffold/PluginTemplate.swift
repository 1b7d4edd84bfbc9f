/// The plugin template `switchboard new-provider` copies: the files of the repository's `plugin-template/`, compiled
/// into the library (`PluginTemplate+Files.swift`, generated from that folder; a test keeps the two equal), so an
/// installed `switchboard` scaffolds a provider without a checkout.
///
/// The template's names are placeholders that ``ProviderScaffold`` replaces.
public enum PluginTemplate {
    /// Replaced by ``ProviderName/typeName`` in paths and text: `SkeletonPlugin` becomes `AcmeCloudPlugin`.
    public static let typeToken = "Skeleton"
    /// Replaced by ``ProviderName/id``: the plugin id `skeleton` becomes `acme-cloud`.
    public static let idToken = "skeleton"
    /// Replaced by ``ProviderName/environmentPrefix``: `SKELETON_API_KEY` becomes `ACME_CLOUD_API_KEY`.
    public static let environmentToken = "SKELETON"
    /// Replaced by ``SwitchboardSource/dependency`` in `Package.swift`.
    public static let dependencyToken = "{{SWITCHBOARD_DEPENDENCY}}"
    /// Replaced by ``SwitchboardSource/packageIdentity`` in `Package.swift`.
    public static let packageToken = "{{SWITCHBOARD_PACKAGE}}"
    /// Replaced by ``ProviderScaffold/switchboardExecutable`` in the tests: the `switchboard` that runs their
    /// conformance checks when `SWITCHBOARD_CLI` does not name one.
    public static let executableToken = "{{SWITCHBOARD_CLI}}"
}
