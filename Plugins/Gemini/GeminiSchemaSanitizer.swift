import SwitchboardKit

/// Rewrites a JSON Schema into the OpenAPI subset Gemini accepts for function parameters and `responseSchema`.
///
/// Gemini answers 400 to keywords outside its `Schema` object (`$schema`, `additionalProperties`, `$defs`,
/// `examples`, …), so only its own keywords are kept. Two common forms are translated instead of dropped:
/// `"type": ["string", "null"]` becomes `"type": "string", "nullable": true`, and `const` becomes a one-value
/// `enum`; `oneOf` becomes `anyOf`. String formats other than `enum` and `date-time` are dropped (Gemini rejects
/// them). `$ref` cannot be resolved here and is dropped with the rest.
enum GeminiSchemaSanitizer {
    /// The keywords of Gemini's `Schema` object that hold plain values.
    private static let plainKeywords: Set<String> = [
        "type", "format", "title", "description", "nullable", "enum", "maxItems", "minItems", "required",
        "minProperties", "maxProperties", "minLength", "maxLength", "pattern", "example", "propertyOrdering",
        "default", "minimum", "maximum",
    ]

    /// The string formats Gemini accepts.
    private static let stringFormats: Set<String> = ["enum", "date-time"]

    /// `schema` with only what Gemini accepts, recursively.
    static func sanitize(_ schema: JSONValue) -> JSONValue {
        guard let object = schema.objectValue else { return schema }
        var result: [String: JSONValue] = [:]
        for (key, value) in object {
            switch key {
            case "properties":
                guard let properties = value.objectValue else { continue }
                result[key] = .object(properties.mapValues(sanitize))
            case "items":
                result[key] = sanitize(value)
            case "anyOf", "oneOf":
                guard let options = value.arrayValue else { continue }
                result["anyOf"] = .array(options.map(sanitize))
            case "const":
                result["enum"] = [value]
            case "type":
                if let types = value.arrayValue?.compactMap(\.stringValue) {
                    let concrete = types.filter { $0 != "null" }
                    if let first = concrete.first { result["type"] = .string(first) }
                    if concrete.count < types.count { result["nullable"] = true }
                } else {
                    result[key] = value
                }
            case _ where plainKeywords.contains(key):
                result[key] = value
            default:
                continue
            }
        }
        if result["type"]?.stringValue == "string", let format = result["format"]?.stringValue,
            !stringFormats.contains(format)
        {
            result["format"] = nil
        }
        return .object(result)
    }
}
