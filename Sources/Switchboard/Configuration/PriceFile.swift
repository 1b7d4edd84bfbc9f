public import SwitchboardKit

/// The prices one price file gives, by the key each is written under (`gpt-4o`, `gemini/gemini-2.5-pro`,
/// `openai-eu/gpt-4o`), in USD per million tokens.
///
/// A file is Switchboard's own format (`{"models": {KEY: Pricing}}`) or LiteLLM's
/// `model_prices_and_context_window.json` (prices per token), in YAML or JSON; `docs/usage-and-cost.md` describes both.
public struct PriceFile: Sendable, Equatable {
    /// The two shapes a price file may have.
    public enum Format: String, Sendable, Equatable {
        /// `{"models": {KEY: Pricing}}`: `Pricing`'s JSON form, per million tokens.
        case switchboard
        /// LiteLLM's `model_prices_and_context_window.json`: per-token prices keyed by model name.
        case litellm
    }

    /// The file's absolute path.
    public let path: String
    /// The shape it has.
    public let format: Format
    /// The prices, by key.
    public let prices: [String: Pricing]

    /// A price file's contents.
    public init(path: String, format: Format, prices: [String: Pricing]) {
        self.path = path
        self.format = format
        self.prices = prices
    }

    /// Reads and checks the price file at `path` (absolute).
    /// - Throws: ``ConfigurationError`` naming the file, the key path, line and column of every problem (the first
    ///   thrown, the others in ``ConfigurationError/otherErrors``).
    public init(contentsOf path: String) throws {
        self = try PriceFileReader(path: path).read()
    }

    /// The price this file gives `model` of the provider instance `instance` of plugin `plugin`: the entry keyed
    /// `instance/model`, else `plugin/model` (as LiteLLM writes `gemini/gemini-2.5-pro`), else `model`.
    public func pricing(instance: String, plugin: String, model: String) -> Pricing? {
        prices["\(instance)/\(model)"] ?? prices["\(plugin)/\(model)"] ?? prices[model]
    }
}
