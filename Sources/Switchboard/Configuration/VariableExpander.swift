internal import SwitchboardKit

/// Expands `${VAR}` and `${VAR:-default}` in configuration strings; `$${` stands for a literal `${`.
///
/// `${VAR:-default}` uses the default when the variable is unset or empty (as in the shell).
/// A value is secret when any variable it references has a secret-looking name
/// (``SecretPolicy/isSecretVariable(_:)``).
struct VariableExpander: Sendable {
    /// The result of expanding one string.
    struct Expansion {
        /// The expanded text.
        var text: String
        /// Whether a secret-looking variable was referenced.
        var isSecret: Bool
        /// Whether the string contained any `${…}` reference.
        var hasReference: Bool
        /// The variables referenced, in order of first reference.
        var variables: [String] = []
    }

    /// Why a string could not be expanded (values are never included).
    enum Failure: Error {
        case missing(variable: String)
        case unterminated
        case invalidName(String)
    }

    var environment: [String: String]

    /// Whether a variable name looks like it holds a secret.
    static func isSecretVariable(_ name: String) -> Bool {
        SecretPolicy.isSecretVariable(name)
    }

    func expand(_ text: String) -> Result<Expansion, Failure> {
        guard text.utf8.contains(UInt8(ascii: "$")) else {
            return .success(Expansion(text: text, isSecret: false, hasReference: false))
        }
        let bytes = Array(text.utf8)
        let dollar = UInt8(ascii: "$")
        let open = UInt8(ascii: "{")
        let close = UInt8(ascii: "}")
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var secret = false
        var referenced = false
        var variables: [String] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == dollar, index + 2 < bytes.count, bytes[index + 1] == dollar, bytes[index + 2] == open {
                output += [dollar, open]
                index += 3
                continue
            }
            guard byte == dollar, index + 1 < bytes.count, bytes[index + 1] == open else {
                output.append(byte)
                index += 1
                continue
            }
            guard let end = bytes[(index + 2)...].firstIndex(of: close) else { return .failure(.unterminated) }
            let inner = bytes[(index + 2)..<end]
            var nameBytes = inner
            var fallback: ArraySlice<UInt8>?
            if let colon = inner.firstIndex(of: UInt8(ascii: ":")) {
                guard colon + 1 < end, bytes[colon + 1] == UInt8(ascii: "-") else {
                    return .failure(.invalidName(String(decoding: inner, as: UTF8.self)))
                }
                nameBytes = bytes[(index + 2)..<colon]
                fallback = bytes[(colon + 2)..<end]
            }
            let name = String(decoding: nameBytes, as: UTF8.self)
            guard VariableExpander.isValidName(nameBytes) else { return .failure(.invalidName(name)) }
            referenced = true
            if !variables.contains(name) { variables.append(name) }
            if VariableExpander.isSecretVariable(name) { secret = true }
            if let value = environment[name], !(value.isEmpty && fallback != nil) {
                output += Array(value.utf8)
            } else if let fallback {
                output += fallback
            } else {
                return .failure(.missing(variable: name))
            }
            index = end + 1
        }
        return .success(
            Expansion(
                text: String(decoding: output, as: UTF8.self), isSecret: secret, hasReference: referenced,
                variables: variables))
    }

    /// `[A-Za-z_][A-Za-z0-9_]*`.
    static func isValidName(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let first = bytes.first else { return false }
        func isLetter(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || byte == UInt8(ascii: "_")
        }
        return isLetter(first)
            && bytes.allSatisfy { isLetter($0) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }
    }
}
