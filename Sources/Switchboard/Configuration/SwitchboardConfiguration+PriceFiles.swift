public import SwitchboardKit

extension SwitchboardConfiguration {
    /// Price files that override and extend the plugins' catalogs (the `pricing` section), so prices change without
    /// a rebuild. `docs/usage-and-cost.md` describes their formats, how an entry matches a model, and the precedence:
    /// a provider's `models:` over price files (a later file over an earlier one) over the plugin's catalog.
    public struct PriceFiles: Sendable, Equatable {
        /// The files, as absolute paths (relative ones in the configuration resolve against its directory), in the
        /// order given.
        public var files: [String]
        /// What the files hold, in the order of ``files``; ``ConfigurationLoader`` reads them.
        public var loaded: [PriceFile]

        /// Creates price file settings.
        /// - Parameters:
        ///   - files: The files' paths, absolute.
        ///   - loaded: What they hold, in the same order.
        public init(files: [String] = [], loaded: [PriceFile] = []) {
            self.files = files
            self.loaded = loaded
        }

        /// The price the files give `model` of the provider instance `instance` (of plugin `plugin`) and the file it
        /// comes from: the last file with an entry for the model wins; within a file, `instance/model`, then
        /// `plugin/model`, then `model`.
        public func match(instance: String, plugin: String, model: String) -> (
            pricing: SwitchboardKit.Pricing, file: String
        )? {
            for file in loaded.reversed() {
                if let pricing = file.pricing(instance: instance, plugin: plugin, model: model) {
                    return (pricing, file.path)
                }
            }
            return nil
        }
    }
}

extension SwitchboardConfiguration.PriceFiles {
    /// The `pricing` section's keys.
    package static let schema = ConfigurationSchema<Self>(
        "pricing", what: "pricing settings",
        doc: ["Price files that override and extend the plugins' catalogs, read at start (docs/usage-and-cost.md)."],
        defaults: Self(),
        keys: [
            ConfigurationKey(
                "files", type: "list of strings",
                doc: "Price files, YAML or JSON: Switchboard's own format or LiteLLM's"
                    + " `model_prices_and_context_window.json`. A later file wins over an earlier one; a provider's"
                    + " `models:` pricing wins over every file. Relative paths resolve against the configuration"
                    + " file's directory; `~/` is the home directory.",
                defaultText: "none", example: ["files: [prices.yaml, ~/litellm/model_prices_and_context_window.json]"],
                read: { reader, pricing in
                    pricing.files = reader.strings(what: "price file paths").map {
                        reader.resolvedPath($0, keepingHome: false)
                    }
                },
                render: { $0.files.isEmpty ? nil : .list($0.files.map { .string($0) }) })
        ])
}
