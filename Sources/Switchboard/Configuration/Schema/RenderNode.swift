internal import SwitchboardKit

/// A YAML tree to print: scalars are already formatted (quoted where needed).
package indirect enum RenderNode: Sendable {
    case scalar(String)
    case list([RenderNode])
    case map([(String, RenderNode)])

    /// A string, with the credentials of any URL in it hidden.
    package static func string(_ text: String) -> RenderNode {
        .scalar(quoted(SecretPolicy.redactingURLs(in: text, mask: SwitchboardConfiguration.secretMask)))
    }
    package static func bool(_ value: Bool) -> RenderNode { .scalar(value ? "true" : "false") }
    package static func number(_ value: Double) -> RenderNode {
        if value.isNaN { return .scalar(".nan") }
        if value.isInfinite { return .scalar(value < 0 ? "-.inf" : ".inf") }
        if value.rounded() == value, abs(value) < 1e15 { return .scalar(String(Int64(value))) }
        return .scalar(String(value))
    }

    init(json: JSONValue) {
        switch json {
        case .null: self = .scalar("null")
        case .bool(let value): self = .bool(value)
        case .number(let value): self = .number(value)
        case .string(let value): self = .string(value)
        case .array(let values): self = .list(values.map(RenderNode.init(json:)))
        case .object(let object): self = .map(object.keys.sorted().map { ($0, RenderNode(json: object[$0]!)) })
        }
    }

    /// This tree with every secret path hidden (see ``hidden(_:path:)``).
    func masked(_ configuration: SwitchboardConfiguration, policy: SecretPolicy, path: String) -> RenderNode {
        if !path.isEmpty, configuration.isSecret(keyPath: path, policy: policy) {
            return hidden(configuration, path: path)
        }
        switch self {
        case .scalar: return self
        case .list(let elements):
            return .list(
                elements.enumerated().map {
                    $0.element.masked(configuration, policy: policy, path: "\(path)[\($0.offset)]")
                })
        case .map(let fields):
            return .map(
                fields.map { key, value in
                    (key, value.masked(configuration, policy: policy, path: path.isEmpty ? key : "\(path).\(key)"))
                })
        }
    }

    /// This secret tree with every scalar replaced by the mask, followed by a comment naming the variables it came
    /// from when known; maps keep their keys, so the user sees which values are set.
    func hidden(_ configuration: SwitchboardConfiguration, path: String) -> RenderNode {
        switch self {
        case .scalar:
            let mask = RenderNode.quoted(SwitchboardConfiguration.secretMask)
            guard let variables = configuration.variableSources[path], !variables.isEmpty else { return .scalar(mask) }
            return .scalar(mask + "  # from " + variables.map { "${\($0)}" }.joined(separator: ", "))
        case .list(let elements):
            return .list(elements.enumerated().map { $0.element.hidden(configuration, path: "\(path)[\($0.offset)]") })
        case .map(let fields):
            return .map(fields.map { key, value in (key, value.hidden(configuration, path: "\(path).\(key)")) })
        }
    }

    /// The node in YAML's flow style, on one line: `[a, b]`, `{auto: {}}`.
    var flow: String {
        switch self {
        case .scalar(let text): return text
        case .list(let elements): return "[" + elements.map(\.flow).joined(separator: ", ") + "]"
        case .map(let fields):
            return "{" + fields.map { "\(RenderNode.quoted($0.0)): \($0.1.flow)" }.joined(separator: ", ") + "}"
        }
    }

    func emit(into lines: inout [String], indent: Int) {
        let pad = String(repeating: " ", count: indent)
        switch self {
        case .scalar(let text):
            lines.append(pad + text)
        case .list(let elements):
            for element in elements {
                switch element {
                case .scalar(let text): lines.append("\(pad)- \(text)")
                case .list(let inner) where inner.isEmpty: lines.append("\(pad)- []")
                case .map(let inner) where inner.isEmpty: lines.append("\(pad)- {}")
                default:
                    var nested: [String] = []
                    element.emit(into: &nested, indent: indent + 2)
                    if var first = nested.first {
                        first.replaceSubrange(
                            first.startIndex..<first.index(first.startIndex, offsetBy: indent + 2), with: pad + "- ")
                        lines.append(first)
                        lines += nested.dropFirst()
                    }
                }
            }
        case .map(let fields):
            for (key, value) in fields {
                let label = pad + RenderNode.quoted(key) + ":"
                switch value {
                case .scalar(let text): lines.append("\(label) \(text)")
                case .list(let inner) where inner.isEmpty: lines.append("\(label) []")
                case .map(let inner) where inner.isEmpty: lines.append("\(label) {}")
                case .list:
                    lines.append(label)
                    value.emit(into: &lines, indent: indent + 2)
                case .map:
                    lines.append(label)
                    value.emit(into: &lines, indent: indent + 2)
                }
            }
        }
    }

    /// `text` as a plain scalar when that reads back as the same string, else double-quoted.
    package static func quoted(_ text: String) -> String {
        let safeFirst =
            text.unicodeScalars.first.map {
                $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "." || $0 == "/"
            } ?? false
        let safe =
            safeFirst && !text.hasSuffix(":")
            && text.unicodeScalars.allSatisfy {
                $0.properties.isAlphabetic || ("0"..."9").contains($0) || "_./:@+-".unicodeScalars.contains($0)
            }
            && YAMLNode.coreSchemaValue(ofPlain: text) == .string(text)
        if safe { return text }
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result +=
                        "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
