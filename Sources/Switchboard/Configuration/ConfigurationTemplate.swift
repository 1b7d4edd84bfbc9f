/// The commented default configuration that `switchboard init` writes.
public enum ConfigurationTemplate {
    /// A fully commented configuration that documents every key and decodes to
    /// ``SwitchboardConfiguration/builtInDefaults(environment:)`` (without `OPENAI_API_KEY`: the `openai`
    /// provider is shown commented out, ready to enable), with the registered sections' parts (each generated from
    /// the section's declaration) before `profiles`. `docs/configuration.md` contains the CLI's (with `gateway`).
    /// - Parameter sections: the sections registered with the loader.
    /// - Returns: YAML text.
    public static func yaml(sections: [ConfigurationSection] = []) -> String {
        hostSections + "\n" + sections.map { $0.template + "\n" }.joined() + profiles
    }

    /// The host's own sections: the comment that opens the file, then each top-level key of
    /// ``SwitchboardConfiguration/schema`` with its doc, its built-in value and its examples.
    static var hostSections: String {
        let blocks = SwitchboardConfiguration.schema.templateBlocks(
            indent: 0, value: SwitchboardConfiguration.builtInDefaults(environment: [:]))
        return opening + blocks.map { $0.joined(separator: "\n") + "\n" }.joined(separator: "\n")
    }

    /// The comment that opens the file: where the configuration is looked for, variables, secrets.
    static let opening = #"""
        # Switchboard configuration (https://github.com/switchboard/switchboard/blob/main/docs/configuration.md).
        #
        # Switchboard looks for its configuration in this order: the --config option, $SWITCHBOARD_CONFIG,
        # ./switchboard.yaml, ~/.switchboard/config.yaml; without any, it uses the built-in defaults (this file).
        #
        # Any string value may use ${VAR} or ${VAR:-default} to read an environment variable; write $${ for a
        # literal "${". Values read from variables named like *KEY*, *TOKEN*, *SECRET*, *PASSWORD* or *AUTH*, settings
        # named like api_key, *_token, password, every env value, credential headers (Authorization, x-api-key) and a
        # URL's password or ?key= are secret: Switchboard never prints them (see docs/security.md).

        """#

    /// The `profiles` section, last.
    static let profiles = #"""
        # Named overlays, deep-merged over this file when chosen with --profile or $SWITCHBOARD_PROFILE.
        profiles:
          local-only:
            routing: {strategy: local_only}
          cloud-only:
            routing: {strategy: cloud_only}
            providers:
              ollama: {enabled: false}
              lmstudio: {enabled: false}
              echo: {enabled: false}
          development:
            routing:
              strategy: local_first
              retry: {max_attempts: 1}

        """#
}
