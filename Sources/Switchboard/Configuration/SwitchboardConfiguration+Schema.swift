extension SwitchboardConfiguration {
    /// The host's top-level keys, each declared once; the registered sections (``ConfigurationSection``) and
    /// `profiles` are read beside them.
    ///
    /// The keys are read in this order: `providers` before the sections that name provider instances (`routing`,
    /// `agents`, `budgets`), `budgets` before the check that they have a ledger.
    package static let schema = ConfigurationSchema<Self>(
        "top level", what: "top-level settings", doc: [], defaults: Self(),
        keys: [
            .integer(
                "version", \.version, doc: "The configuration format version; only `1` exists.",
                validate: { version, reader in
                    if version != 1 {
                        reader.fail(
                            .invalidValue,
                            "unsupported configuration version \(version); this Switchboard reads version 1, so write "
                                + "`version: 1`")
                    }
                    return true
                }),
            .section("plugins", \.plugins, Plugins.schema, doc: Plugins.schema.doc.joined(separator: "\n")),
            providersKey,
            .section("routing", \.routing, Routing.schema, doc: Routing.schema.doc.joined(separator: "\n")),
            Agent.rolesKey,
            Budget.listKey,
            .section("usage", \.usage, UsageTracking.schema, doc: UsageTracking.schema.doc.joined(separator: "\n")),
            .section("pricing", \.pricing, PriceFiles.schema, doc: PriceFiles.schema.doc.joined(separator: "\n")),
        ],
        check: { configuration, reader in
            guard !configuration.usage.enabled, !configuration.budgets.isEmpty,
                let enabled = reader.child("usage")?.child("enabled")
            else { return }
            enabled.fail(
                .invalidValue,
                "budgets need the usage ledger, but `usage.enabled` is false; remove the \(configuration.budgets.count) "
                    + "budget(s) or turn usage on (use `ledger: memory` to keep nothing on disk)")
        })

    /// `providers`, whose names the keys read after it check references against.
    private static let providersKey: ConfigurationKey<Self> = {
        let instances = Provider.instancesKey
        return ConfigurationKey(
            instances.name, type: instances.type, doc: instances.doc, example: instances.example,
            read: { reader, configuration in
                instances.read(reader, &configuration)
                reader.setProviderNames(configuration.providers.map(\.name))
            },
            render: instances.render, templateBody: instances.templateBody, nestedTables: instances.nestedTables)
    }()
}
