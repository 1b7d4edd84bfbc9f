internal import SwitchboardKit

extension YAMLNode {
    /// The node as JSON, typing plain scalars by the YAML 1.2 core schema.
    ///
    /// Plain `true`/`false`, `null`/`~`, integers (decimal, `0o`, `0x`) and floats (including
    /// `.inf` and `.nan`) become Booleans, null and numbers; quoted scalars stay strings. Mapping
    /// keys are taken as written.
    var jsonValue: JSONValue {
        switch content {
        case .scalar(let text, .quoted):
            return .string(text)
        case .scalar(let text, .plain):
            return YAMLNode.coreSchemaValue(ofPlain: text)
        case .sequence(let elements):
            return .array(elements.map(\.jsonValue))
        case .mapping(let pairs):
            var object: [String: JSONValue] = [:]
            for pair in pairs { object[pair.key.scalar ?? ""] = pair.value.jsonValue }
            return .object(object)
        }
    }

    /// Types a plain scalar by the YAML 1.2 core schema.
    /// - Parameter text: The scalar text, as written without quotes.
    /// - Returns: `.null`, `.bool`, `.number`, or `.string` when nothing else matches.
    static func coreSchemaValue(ofPlain text: String) -> JSONValue {
        if isNullText(text) { return .null }
        switch text {
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        if let integer = coreSchemaInteger(text) { return .number(integer) }
        if let float = coreSchemaFloat(text) { return .number(float) }
        return .string(text)
    }

    /// The value of `text` when it is a core-schema integer (`[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`).
    static func coreSchemaInteger(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0") {
            let body = String(decoding: bytes[2...], as: UTF8.self)
            if bytes[1] == UInt8(ascii: "x") { return UInt64(body, radix: 16).map { Double($0) } }
            if bytes[1] == UInt8(ascii: "o") { return UInt64(body, radix: 8).map { Double($0) } }
        }
        var digits = bytes[...]
        if let first = digits.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        return Double(text)
    }

    /// The value of `text` when it is a core-schema float.
    static func coreSchemaFloat(_ text: String) -> Double? {
        var body = Substring(text)
        var sign = 1.0
        if let first = body.first, first == "-" || first == "+" {
            sign = first == "-" ? -1 : 1
            body = body.dropFirst()
        }
        switch body {
        case ".inf", ".Inf", ".INF": return sign * .infinity
        case ".nan", ".NaN", ".NAN": return text == body ? .nan : nil
        default: break
        }
        // [0-9]* (\.[0-9]*)? ([eE][-+]?[0-9]+)? with at least one mantissa digit.
        let bytes = Array(body.utf8)
        var index = 0
        var mantissaDigits = 0
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        while index < bytes.count, isDigit(bytes[index]) { index += 1; mantissaDigits += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, isDigit(bytes[index]) { index += 1; mantissaDigits += 1 }
        }
        guard mantissaDigits > 0 else { return nil }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                index += 1
            }
            var exponentDigits = 0
            while index < bytes.count, isDigit(bytes[index]) { index += 1; exponentDigits += 1 }
            guard exponentDigits > 0 else { return nil }
        }
        guard index == bytes.count else { return nil }
        return Double(text.hasPrefix("+") ? String(text.dropFirst()) : text).map { $0 }
    }
}
