/// The members of a parsed JSON object, read by name with the type each must have: what the fast decoders of the
/// boundary's documents (``ChatRequest/init(jsonBytes:)``) read with. A missing or mistyped member throws an
/// `invalid_request` error that names it and where it is.
struct FastJSONFields {
    /// The object itself.
    let json: JSONValue
    /// Its members.
    let members: [String: JSONValue]
    /// Where it is, for errors: `the request`, `messages[2]`.
    let place: String

    /// The members of `json`, which must be an object.
    init(_ json: JSONValue, at place: String) throws {
        guard let members = json.objectValue else { throw Self.shapeError("\(place) must be an object") }
        self.json = json
        self.members = members
        self.place = place
    }

    static func shapeError(_ message: String) -> ProviderError {
        ProviderError(.invalidRequest, "not a chat request: \(message)")
    }

    private func present(_ key: String) -> JSONValue? {
        guard let value = members[key], value != .null else { return nil }
        return value
    }

    private func mistyped(_ key: String, _ type: String) -> ProviderError {
        Self.shapeError("\(place).\(key) must be \(type)")
    }

    func string(_ key: String) throws -> String {
        guard let value = try optionalString(key) else { throw Self.shapeError("\(place) needs a string \"\(key)\"") }
        return value
    }

    func optionalString(_ key: String) throws -> String? {
        guard let value = present(key) else { return nil }
        guard let text = value.stringValue else { throw mistyped(key, "a string") }
        return text
    }

    func optionalNumber(_ key: String) throws -> Double? {
        guard let value = present(key) else { return nil }
        guard let number = value.doubleValue else { throw mistyped(key, "a number") }
        return number
    }

    func optionalInteger(_ key: String) throws -> Int? {
        guard let value = present(key) else { return nil }
        guard let number = value.intValue else { throw mistyped(key, "an integer") }
        return number
    }

    func optionalBool(_ key: String) throws -> Bool? {
        guard let value = present(key) else { return nil }
        guard let flag = value.boolValue else { throw mistyped(key, "true or false") }
        return flag
    }

    func array(_ key: String) throws -> [JSONValue] {
        guard let elements = try optionalArray(key) else { throw Self.shapeError("\(place) needs an array \"\(key)\"") }
        return elements
    }

    func optionalArray(_ key: String) throws -> [JSONValue]? {
        guard let value = present(key) else { return nil }
        guard let elements = value.arrayValue else { throw mistyped(key, "an array") }
        return elements
    }

    func optionalStrings(_ key: String) throws -> [String]? {
        try optionalArray(key)?.map { element in
            guard let text = element.stringValue else { throw mistyped(key, "an array of strings") }
            return text
        }
    }

    func optionalObject(_ key: String) throws -> FastJSONFields? {
        guard let value = present(key) else { return nil }
        return try FastJSONFields(value, at: "\(place).\(key)")
    }
}
