/// The members of one parsed JSON object, read by name with `Decodable`'s rules for optional members: an absent or
/// null member is nil, a member of another type is an error that says where it is.
///
/// The fast decoders of vendor wire formats and of the boundary's documents read with it (after ``JSONParser``),
/// instead of Foundation's `JSONDecoder`.
public struct JSONFields: Sendable {
    /// A document that is not shaped as expected: `expected a string at delta.text`.
    public struct ShapeError: Error, Sendable, CustomStringConvertible {
        /// What was expected, and where.
        public var description: String

        /// An error saying `description`.
        public init(_ description: String) { self.description = description }
    }

    /// The members.
    public let members: [String: JSONValue]
    /// Where the object is, for errors: `the chunk`, `messages[2]`.
    public let path: String

    /// The members of `json`.
    /// - Throws: ``ShapeError`` when `json` is not an object.
    public init(_ json: JSONValue, at path: String) throws(ShapeError) {
        guard case .object(let members) = json else { throw ShapeError("expected an object at \(path)") }
        self.members = members
        self.path = path
    }

    /// The member, unless it is absent or null.
    public func value(_ key: String) -> JSONValue? {
        guard let value = members[key], value != .null else { return nil }
        return value
    }

    /// A string member, or nil.
    public func string(_ key: String) throws(ShapeError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let string) = value else { throw mismatch(key, "a string") }
        return string
    }

    /// A whole-number member, or nil.
    public func integer(_ key: String) throws(ShapeError) -> Int? {
        guard let value = value(key) else { return nil }
        guard let integer = value.intValue else { throw mismatch(key, "an integer") }
        return integer
    }

    /// A number member, or nil.
    public func number(_ key: String) throws(ShapeError) -> Double? {
        guard let value = value(key) else { return nil }
        guard case .number(let number) = value else { throw mismatch(key, "a number") }
        return number
    }

    /// A Boolean member, or nil.
    public func bool(_ key: String) throws(ShapeError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else { throw mismatch(key, "true or false") }
        return flag
    }

    /// An array member, or nil.
    public func array(_ key: String) throws(ShapeError) -> [JSONValue]? {
        guard let value = value(key) else { return nil }
        guard case .array(let elements) = value else { throw mismatch(key, "an array") }
        return elements
    }

    /// An array-of-strings member, or nil.
    public func strings(_ key: String) throws(ShapeError) -> [String]? {
        guard let elements = try array(key) else { return nil }
        var strings: [String] = []
        for element in elements {
            guard case .string(let string) = element else { throw mismatch(key, "an array of strings") }
            strings.append(string)
        }
        return strings
    }

    /// An object member's fields, or nil.
    public func object(_ key: String) throws(ShapeError) -> JSONFields? {
        guard let value = value(key) else { return nil }
        return try JSONFields(value, at: "\(path).\(key)")
    }

    /// A member that must be present: `read` gives it, or nil when it is absent.
    /// - Throws: ``ShapeError`` naming the missing member.
    public func required<Value>(_ key: String, _ read: (String) throws(ShapeError) -> Value?) throws(ShapeError)
        -> Value
    {
        guard let value = try read(key) else { throw ShapeError("missing \(path).\(key)") }
        return value
    }

    private func mismatch(_ key: String, _ expected: String) -> ShapeError {
        ShapeError("expected \(expected) at \(path).\(key)")
    }
}
