internal import SwitchboardKit

extension ConfigurationDecoder {
    /// The entries of a mapping, recording a type error when `node` is not a mapping and an unknown-key
    /// error (with a suggestion) for each key not in `allowed` (`nil` allows any key).
    func fields(
        _ node: YAMLNode, _ path: String, allowed: [String]?, what: String, nullIsEmpty: Bool = true
    ) -> Fields? {
        if node.isNull && nullIsEmpty { return Fields(mark: node.mark) }
        guard let pairs = node.pairs else {
            fail(.type, "expected a mapping of \(what), found \(found(node))", at: node.mark, path)
            return nil
        }
        var fields = Fields(mark: node.mark)
        for pair in pairs {
            let key = pair.key.scalar ?? ""
            if let allowed, !allowed.contains(key) {
                let hint =
                    ConfigurationError.suggestion(for: key, among: allowed).map { "did you mean `\($0)`? " } ?? ""
                fail(
                    .unknownKey,
                    "unknown key `\(key)`; \(hint)valid keys here: \(allowed.joined(separator: ", "))",
                    at: pair.key.mark, Self.child(path, key))
                continue
            }
            fields.values[key] = pair.value
            fields.keyMarks[key] = pair.key.mark
            fields.order.append(key)
        }
        return fields
    }

    /// The elements of a sequence, or `[]` after recording a type error.
    func list(_ node: YAMLNode, _ path: String, what: String) -> [YAMLNode] {
        if node.isNull { return [] }
        guard let elements = node.elements else {
            fail(
                .type, "expected a list of \(what) (`[a, b]` or `- a` lines), found \(found(node))", at: node.mark, path
            )
            return []
        }
        return elements
    }

    /// A list of strings (each element expanded).
    func strings(_ node: YAMLNode, _ path: String, what: String) -> [String] {
        list(node, path, what: what).enumerated().compactMap { string($0.element, Self.element(path, $0.offset)) }
    }

    /// A list of enumeration values; `nil` when `node` is not a list.
    func enums<E: RawRepresentable & CaseIterable>(
        _ node: YAMLNode, _ path: String, as type: E.Type, what: String
    ) -> [E]? where E.RawValue == String {
        guard node.elements != nil || node.isNull else {
            fail(
                .type,
                "expected a list of \(what) values (such as `[\(E.allCases.prefix(2).map(\.rawValue).joined(separator: ", "))]`), found \(found(node))",
                at: node.mark, path)
            return nil
        }
        return list(node, path, what: what).enumerated().compactMap {
            enumeration($0.element, Self.element(path, $0.offset), as: type, what: what)
        }
    }

    /// One of an enumeration's raw values, or `nil` after recording an error that lists the valid ones.
    func enumeration<E: RawRepresentable & CaseIterable>(
        _ node: YAMLNode, _ path: String, as type: E.Type, what: String
    ) -> E? where E.RawValue == String {
        guard let expansion = expanded(node, path, expected: "a \(what)") else { return nil }
        if let value = E(rawValue: expansion.text) { return value }
        let valid = E.allCases.map(\.rawValue)
        let shown =
            expansion.isSecret ? "(value hidden: it comes from a secret)" : "`\(Self.truncated(expansion.text))`"
        let hint = expansion.isSecret ? "" : ConfigurationError.didYouMean(expansion.text, among: valid)
        fail(
            .invalidValue, "unknown \(what) \(shown); valid values: \(valid.joined(separator: ", ")).\(hint)",
            at: node.mark, path)
        return nil
    }

    /// A string (any non-null scalar, expanded).
    func string(_ node: YAMLNode, _ path: String) -> String? {
        expanded(node, path, expected: "a string")?.text
    }

    /// An integer (plain scalar only), at least `minimum` when given.
    func integer(_ node: YAMLNode, _ path: String, minimum: Int? = nil) -> Int? {
        guard let expansion = expanded(node, path, expected: "an integer") else { return nil }
        var value: Double?
        if case .scalar(_, .plain) = node.content {
            value = YAMLNode.coreSchemaInteger(expansion.text)
            if value == nil, let float = YAMLNode.coreSchemaFloat(expansion.text), float.rounded() == float {
                value = float
            }
        }
        guard let value, value.isFinite, abs(value) < 9e15 else {
            fail(.type, "expected an integer, found \(found(node, expansion))", at: node.mark, path)
            return nil
        }
        let integer = Int(value)
        if let minimum, integer < minimum {
            fail(
                .invalidValue,
                "must be at least \(minimum), found \(expansion.isSecret ? "a secret value (hidden)" : String(integer))",
                at: node.mark, path)
            return nil
        }
        return integer
    }

    /// A finite number (plain scalar only); non-negative when `nonNegative` gives the reason.
    func number(_ node: YAMLNode, _ path: String, nonNegative reason: String? = nil) -> Double? {
        guard let expansion = expanded(node, path, expected: "a number") else { return nil }
        var value: Double?
        if case .scalar(_, .plain) = node.content {
            value = YAMLNode.coreSchemaInteger(expansion.text) ?? YAMLNode.coreSchemaFloat(expansion.text)
        }
        guard let value, value.isFinite else {
            fail(.type, "expected a number, found \(found(node, expansion))", at: node.mark, path)
            return nil
        }
        if let reason, value < 0 {
            let shown = expansion.isSecret ? "a secret value (hidden)" : expansion.text
            fail(.invalidValue, "must not be negative, found \(shown); \(reason)", at: node.mark, path)
            return nil
        }
        return value
    }

    /// A Boolean (plain `true`/`false` only).
    func boolean(_ node: YAMLNode, _ path: String) -> Bool? {
        guard let expansion = expanded(node, path, expected: "true or false") else { return nil }
        if case .scalar(_, .plain) = node.content,
            case .bool(let value) = YAMLNode.coreSchemaValue(ofPlain: expansion.text)
        {
            return value
        }
        fail(.type, "expected true or false, found \(found(node, expansion))", at: node.mark, path)
        return nil
    }

    /// The expanded text of a scalar, recording secrets; `nil` after recording an error when `node` is not a
    /// scalar (or is null and `expected` is given) or names a missing variable.
    func expanded(_ node: YAMLNode, _ path: String, expected: String? = nil) -> VariableExpander.Expansion? {
        guard case .scalar(let text, _) = node.content else {
            fail(.type, "expected \(expected ?? "a scalar"), found \(found(node))", at: node.mark, path)
            return nil
        }
        if let expected, node.isNull {
            fail(.type, "expected \(expected), found null; give a value or remove the key", at: node.mark, path)
            return nil
        }
        switch expander.expand(text) {
        case .success(var expansion):
            // A value at a path already known secret (a secret setting name, a gateway key) is never quoted either.
            if secretKeyPaths.contains(path) { expansion.isSecret = true }
            if expansion.isSecret { secretKeyPaths.insert(path) }
            if expansion.hasReference { variableSources[path] = expansion.variables }
            return expansion
        case .failure(.missing(let variable)):
            fail(
                .missingVariable,
                "environment variable `\(variable)` is not set; set it, or give a default with `${\(variable):-default}`",
                at: node.mark, path)
        case .failure(.unterminated):
            fail(
                .invalidValue, "`${` has no closing `}`; write `${VAR}`, or `$${` for a literal `${`", at: node.mark,
                path)
        case .failure(.invalidName):
            fail(
                .invalidValue,
                "`${…}` does not hold a valid variable reference; write `${VAR}` or `${VAR:-default}` "
                    + "(letters, digits and `_`), or `$${` for a literal `${`",
                at: node.mark, path)
        }
        return nil
    }

    /// How a found value reads in a message: `string "high"`, `number 2.5`, `a list`; secrets are never shown.
    func found(_ node: YAMLNode, _ expansion: VariableExpander.Expansion? = nil) -> String {
        switch node.content {
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .scalar(let raw, let style):
            if expansion?.isSecret == true { return "a secret value (hidden)" }
            let text = expansion?.text ?? raw
            if style == .quoted { return "string \"\(Self.truncated(text))\"" }
            switch YAMLNode.coreSchemaValue(ofPlain: text) {
            case .null: return "null"
            case .bool(let value): return "boolean \(value)"
            case .number: return "number \(text)"
            default: return "string \"\(Self.truncated(text))\""
            }
        }
    }

    /// `text` with its URL credentials hidden (``SecretPolicy/redactingURLs(in:mask:)``), cut to 60 characters.
    static func truncated(_ text: String) -> String {
        let shown = SecretPolicy.redactingURLs(in: text)
        return shown.count > 60 ? String(shown.prefix(57)) + "..." : shown
    }
}
