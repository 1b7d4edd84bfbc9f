/// The names a new provider plugin gets from the one its author chose.
///
/// `acme-cloud` (or `acme_cloud`, or `AcmeCloud`) gives the Swift type prefix `AcmeCloud` (types
/// `AcmeCloudPlugin`, `AcmeCloudProvider`, product `libAcmeCloudPlugin.so`), the plugin id `acme-cloud` (`acmecloud`
/// for `AcmeCloud`), and the environment-variable prefix `ACME_CLOUD` (`ACME_CLOUD_API_KEY`).
public struct ProviderName: Sendable, Hashable {
    /// The longest name accepted.
    public static let maximumLength = 40

    /// The ids of the plugins bundled with Switchboard, which a new plugin must not reuse.
    public static let bundledPluginIDs = [
        "anthropic", "claude-code", "deepseek", "echo", "gemini", "gemini-cli", "ollama", "openai",
    ]

    /// The name as given.
    public let name: String
    /// The UpperCamelCase prefix of the Swift types, module and product: `AcmeCloud`.
    public let typeName: String
    /// The plugin id: `acme-cloud`.
    public let id: String
    /// The prefix of environment variables: `ACME_CLOUD`.
    public let environmentPrefix: String

    /// Validates `name` and derives the other names from it.
    /// - Throws: ``ScaffoldError`` saying what a name may hold when `name` is not one.
    public init(_ name: String) throws(ScaffoldError) {
        let parts = name.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "_" })
        let isValid =
            (1...Self.maximumLength).contains(name.count)
            && name.first.map { $0.isASCII && $0.isLetter } == true
            && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
        guard isValid else {
            throw ScaffoldError(
                "\"\(name)\" is not a usable provider name: expected ASCII letters and digits, starting with a letter, "
                    + "words optionally joined by single '-' or '_', at most \(Self.maximumLength) characters "
                    + "(e.g. Acme, acme-cloud, MistralAI)"
            )
        }
        let id = parts.map { $0.lowercased() }.joined(separator: "-")
        let key = id.filter { $0 != "-" }
        if let bundled = Self.bundledPluginIDs.first(where: { $0.filter { $0 != "-" } == key }) {
            throw ScaffoldError(
                "\"\(name)\" would have the plugin id of the bundled \"\(bundled)\" plugin, and the host refuses two plugins "
                    + "with one id; pick another name (e.g. \(name)-compatible)"
            )
        }
        self.name = name
        self.typeName = parts.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        self.id = id
        self.environmentPrefix = parts.map { $0.uppercased() }.joined(separator: "_")
    }
}
