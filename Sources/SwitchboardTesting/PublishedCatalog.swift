import Switchboard
import SwitchboardConformanceKit
public import SwitchboardKit

/// The catalog a built plugin publishes in its manifest, read from its `.so` through the host's loader: what a
/// plugin's catalog tests check.
public struct PublishedCatalog: Sendable {
    /// The plugin's dynamic-library product, e.g. `SwitchboardOpenAIPlugin`.
    public let product: String
    /// Its models, in the manifest's order.
    public let models: [ModelInfo]

    /// Loads `lib<product>.so` (``BuiltPlugin/load(product:)``) and reads its manifest's models.
    /// - Throws: what ``BuiltPlugin/load(product:)`` throws.
    public init(product: String) throws {
        self.product = product
        models = try BuiltPlugin.load(product: product).manifest.models
    }

    /// The catalog's model `id`.
    /// - Throws: ``MissingEntry`` when the catalog has no model `id`.
    public func model(_ id: String) throws -> ModelInfo {
        guard let model = models.first(where: { $0.id == id }) else {
            throw MissingEntry(description: "\(id) is not in the catalog of \(product)")
        }
        return model
    }

    /// The price of the catalog's model `id`.
    /// - Throws: ``MissingEntry`` when the catalog has no model `id` or gives it no price.
    public func pricing(_ id: String) throws -> Pricing {
        guard let pricing = try model(id).pricing else {
            throw MissingEntry(description: "\(id) has no price in the catalog of \(product)")
        }
        return pricing
    }

    /// A model, or its price, the catalog does not have.
    public struct MissingEntry: Error, CustomStringConvertible {
        /// Which model, what of it, and which plugin's catalog.
        public let description: String
    }
}
