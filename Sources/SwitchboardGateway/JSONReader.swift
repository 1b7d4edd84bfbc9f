import SwitchboardKit

/// A value of a request body and where it sits (`messages[2].content`), read with errors that name that place.
struct JSONReader: Sendable {
    /// The value.
    let value: JSONValue
    /// Its path from the body's root; empty for the root.
    let path: String

    /// Parses a request body, which must be a JSON object.
    /// - Throws: ``APIFailure`` (400) naming the byte where parsing failed.
    static func parse(_ bytes: [UInt8]) throws(APIFailure) -> JSONReader {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw .invalidRequest("the request body is not valid JSON: \(error)")
        }
        let root = JSONReader(value: value, path: "")
        guard case .object = value else {
            throw .invalidRequest("the request body must be a JSON object, found \(root.kind)")
        }
        return root
    }

    /// The member `key` of this object, or nil when it is absent or `null`.
    subscript(key: String) -> JSONReader? {
        guard case .object(let members) = value, let member = members[key] else { return nil }
        if case .null = member { return nil }
        return JSONReader(value: member, path: path.isEmpty ? key : "\(path).\(key)")
    }

    /// The member `key`, which must be present.
    func required(_ key: String) throws(APIFailure) -> JSONReader {
        guard let member = self[key] else {
            let place = path.isEmpty ? "" : " in `\(path)`"
            throw .invalidRequest(
                "missing required field `\(key)`\(place)", param: path.isEmpty ? key : "\(path).\(key)")
        }
        return member
    }

    /// The value as a string.
    func string() throws(APIFailure) -> String {
        guard case .string(let text) = value else { throw mismatch("a string") }
        return text
    }

    /// The value as a number.
    func number() throws(APIFailure) -> Double {
        guard case .number(let number) = value else { throw mismatch("a number") }
        return number
    }

    /// The value as a whole number.
    func integer() throws(APIFailure) -> Int {
        guard case .number(let number) = value, number.rounded() == number, abs(number) < 9e15 else {
            throw mismatch("an integer")
        }
        return Int(number)
    }

    /// The value as a Boolean.
    func boolean() throws(APIFailure) -> Bool {
        guard case .bool(let flag) = value else { throw mismatch("true or false") }
        return flag
    }

    /// The elements of an array, each with its path.
    func elements() throws(APIFailure) -> [JSONReader] {
        guard case .array(let elements) = value else { throw mismatch("an array") }
        return elements.enumerated().map { JSONReader(value: $0.element, path: "\(path)[\($0.offset)]") }
    }

    /// Whether the value is an object.
    var isObject: Bool {
        if case .object = value { true } else { false }
    }

    /// Whether the value is a string.
    var isString: Bool {
        if case .string = value { true } else { false }
    }

    /// An error saying the value is not `expected`.
    func mismatch(_ expected: String) -> APIFailure {
        .invalidRequest("`\(path)`: expected \(expected), found \(kind)", param: path)
    }

    /// An error saying the value is not one of `allowed`.
    func unknown(_ what: String, _ found: String, allowed: [String]) -> APIFailure {
        .invalidRequest(
            "`\(path)`: unknown \(what) \"\(found)\"; expected \(allowed.joined(separator: ", "))", param: path)
    }

    /// The JSON kind of the value, for messages.
    var kind: String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
