import Foundation
internal import SwitchboardKit

/// Reads one price file (``PriceFile``): YAML or JSON, both through the system libyaml (JSON is YAML's flow style), so
/// every problem is a ``ConfigurationError`` with the file, key path, line and column, as in the configuration.
///
/// The shape decides the format: a top-level `models` mapping is Switchboard's own; entries with LiteLLM's keys
/// (`input_cost_per_token`, `litellm_provider`, its `sample_spec`) are LiteLLM's.
struct PriceFileReader {
    /// The file's absolute path.
    let path: String

    /// Price files may be larger than configuration files: LiteLLM's holds thousands of models.
    static let limits = ConfigurationLoader.Limits(maxFileSize: 64 << 20, maxDepth: 64, maxNodes: 5_000_000)

    /// The file's prices.
    /// - Throws: ``ConfigurationError``: the file cannot be read, is not YAML or JSON, has neither shape, or holds a
    ///   price that is not a non-negative number (each problem located).
    func read() throws -> PriceFile {
        let fileExtension = URL(fileURLWithPath: path).pathExtension.lowercased()
        guard ["json", "yaml", "yml"].contains(fileExtension) else {
            throw ConfigurationError(
                code: .invalidValue,
                message: "a price file must be JSON (`.json`) or YAML (`.yaml`, `.yml`); rename it or fix"
                    + " `pricing.files`",
                file: path)
        }
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ConfigurationError(
                code: .io,
                message: "cannot read the price file named in `pricing.files`: it does not exist or is not"
                    + " accessible; check the path",
                file: path, cause: error)
        }
        guard bytes.contains(where: { !Set(" \t\r\n".utf8).contains($0) }) else {
            throw ConfigurationError(
                code: .syntax, message: "the price file is empty; \(Self.shapes)", file: path, line: 1, column: 1)
        }
        let root = try YAMLReader(limits: Self.limits, language: fileExtension == "json" ? "JSON" : "YAML")
            .parse(bytes: bytes, file: path)
        let decoder = ConfigurationDecoder(
            file: path, environment: [:], configurationDirectory: nil, homeDirectory: "/")
        let reader = ConfigurationReader(decoder: decoder, node: root, path: "")
        var file = PriceFile(path: path, format: .switchboard, prices: [:])
        if !reader.isMapping {
            reader.fail(.type, "expected a mapping of prices, found \(reader.found); \(Self.shapes)")
        } else if reader.child("models") != nil {
            file = PriceFile(path: path, format: .switchboard, prices: Self.switchboardPrices(reader))
        } else if let entries = reader.namedEntries(what: "models"), entries.contains(where: Self.isLiteLLMEntry) {
            file = PriceFile(path: path, format: .litellm, prices: Self.litellmPrices(entries))
        } else {
            reader.fail(.invalidValue, "this is neither price file format; \(Self.shapes)")
        }
        if let error = ConfigurationError.combined(decoder.errors) { throw error }
        return file
    }

    /// What a price file may look like, for errors.
    static let shapes =
        "expected Switchboard's `{\"models\": {\"MODEL\": {\"input\": …, \"output\": …}}}` (USD per million tokens) or"
        + " LiteLLM's model_prices_and_context_window.json (`{\"MODEL\": {\"input_cost_per_token\": …}}`)"

    /// Switchboard's format: `models`, each entry `Pricing`'s JSON form; no other top-level key.
    private static func switchboardPrices(_ reader: ConfigurationReader) -> [String: Pricing] {
        for (key, entry) in reader.namedEntries(what: "price file settings") ?? [] where key != "models" {
            entry.failAtName(.unknownKey, "unknown key `\(key)`; valid keys here: models")
        }
        var prices: [String: Pricing] = [:]
        for (key, entry) in reader.child("models")?.namedEntries(what: "prices by model") ?? [] {
            if let pricing = entry.read(pricingSchema) { prices[key] = pricing }
        }
        return prices
    }
}
