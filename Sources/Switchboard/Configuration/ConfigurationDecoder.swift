internal import SwitchboardKit

/// Decodes a ``YAMLNode`` tree into a ``SwitchboardConfiguration``, strictly: every problem it can find
/// is recorded in ``errors`` (with file, line, column and key path) and decoding goes on with defaults.
final class ConfigurationDecoder {
    /// A mapping's entries by key, after the unknown-key check. Null values read as absent.
    struct Fields {
        var values: [String: YAMLNode] = [:]
        var keyMarks: [String: YAMLNode.Mark] = [:]
        var order: [String] = []
        var mark: YAMLNode.Mark

        subscript(key: String) -> YAMLNode? {
            guard let value = values[key], !value.isNull else { return nil }
            return value
        }
    }

    let file: String?
    let expander: VariableExpander
    let configurationDirectory: String?
    let homeDirectory: String
    var errors: [ConfigurationError] = []
    var secretKeyPaths: Set<String> = []
    var variableSources: [String: [String]] = [:]
    var locations: [String: YAMLNode.Mark] = [:]
    /// The provider instance names, once `providers` is read (sections read after it validate references).
    var providerNames: [String] = []
    /// The sections other modules registered, read after the host's own.
    var sections: [ConfigurationSection] = []

    init(file: String?, environment: [String: String], configurationDirectory: String?, homeDirectory: String) {
        self.file = file
        self.expander = VariableExpander(environment: environment)
        self.configurationDirectory = configurationDirectory
        self.homeDirectory = homeDirectory
    }

    static func child(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
    static func element(_ path: String, _ index: Int) -> String { "\(path)[\(index)]" }

    func fail(
        _ code: ConfigurationError.Code, _ message: String, at mark: YAMLNode.Mark?, _ path: String
    ) {
        errors.append(ConfigurationError(code, message, file: file, mark: mark, keyPath: path.isEmpty ? nil : path))
    }

    // MARK: - Root

    /// The valid top-level keys besides the host's own: the registered sections', then `profiles`.
    var otherRootKeys: [String] { sections.map(\.name) + ["profiles"] }

    func decode(_ root: YAMLNode) -> SwitchboardConfiguration {
        let reader = ConfigurationReader(decoder: self, node: root, path: "")
        var configuration =
            reader.read(SwitchboardConfiguration.schema, alsoAllowed: otherRootKeys) ?? SwitchboardConfiguration()
        for section in sections {
            let value = reader.child(section.name).flatMap(section.read)
            configuration.sections.entries.append((section.name, value ?? section.defaultValue))
        }
        configuration.secretKeyPaths = secretKeyPaths
        configuration.variableSources = variableSources
        configuration.locations = locations
        return configuration
    }

    /// Free-form settings as JSON: plain scalars typed by the YAML 1.2 core schema, except that a plain
    /// scalar containing a `${…}` reference stays a string; quoted scalars are strings.
    func json(_ node: YAMLNode, _ path: String) -> JSONValue {
        switch node.content {
        case .mapping(let pairs):
            var object: [String: JSONValue] = [:]
            for pair in pairs {
                let key = pair.key.scalar ?? ""
                let childPath = Self.child(path, key)
                if SecretPolicy.isSecretName(key) { secretKeyPaths.insert(childPath) }
                object[key] = json(pair.value, childPath)
            }
            return .object(object)
        case .sequence(let elements):
            return .array(elements.enumerated().map { json($0.element, Self.element(path, $0.offset)) })
        case .scalar(_, let style):
            guard let expansion = expanded(node, path) else { return .null }
            if style == .quoted || expansion.hasReference { return .string(expansion.text) }
            return YAMLNode.coreSchemaValue(ofPlain: expansion.text)
        }
    }
}
