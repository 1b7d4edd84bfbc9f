import SwitchboardKit

/// Reads an OpenAI Embeddings request body (`POST /v1/embeddings`) into an ``EmbeddingsCall``.
///
/// `input` is a string or an array of strings; arrays of token ids are refused (400), since no provider but
/// OpenAI's own takes them.
enum OpenAIEmbeddingsDecoder {
    /// The most inputs one request may carry (OpenAI's own limit).
    static let maximumInputs = 2048

    /// Decodes `root`.
    /// - Throws: ``APIFailure`` (400) naming the field at fault.
    static func decode(_ root: JSONReader) throws(APIFailure) -> EmbeddingsCall {
        let model = try root.required("model").string()
        let inputs = try inputs(root.required("input"))
        var request = EmbeddingRequest(model: "", inputs: inputs)
        if let value = root["dimensions"] {
            let dimensions = try value.integer()
            guard dimensions > 0 else {
                throw .invalidRequest("`dimensions` must be at least 1, found \(dimensions)", param: "dimensions")
            }
            request.dimensions = dimensions
        }
        request.encodingFormat = .float
        if let value = root["encoding_format"] {
            let name = try value.string()
            // Asked for base64, the provider is asked for base64 too where its wire has it: a quarter of the bytes.
            guard let chosen = EmbeddingRequest.EncodingFormat(rawValue: name) else {
                throw value.unknown("encoding format", name, allowed: ["float", "base64"])
            }
            request.encodingFormat = chosen
        }
        if let user = root["user"] { request.tags.append("user:\(try user.string())") }
        return EmbeddingsCall(model: model, request: request)
    }

    /// `input`: one string, or a non-empty array of at most ``maximumInputs`` strings.
    private static func inputs(_ input: JSONReader) throws(APIFailure) -> [String] {
        if input.isString { return [try input.string()] }
        guard case .array(let values) = input.value else { throw input.mismatch("a string or an array of strings") }
        if values.isEmpty { throw .invalidRequest("`input` is empty; send at least one text", param: "input") }
        if values.count > maximumInputs {
            throw .invalidRequest(
                "`input` has \(values.count) texts; at most \(maximumInputs) are accepted per request", param: "input")
        }
        if case .number = values[0] { throw tokenArrays() }
        if case .array = values[0] { throw tokenArrays() }
        return try input.elements().map { element throws(APIFailure) in try element.string() }
    }

    private static func tokenArrays() -> APIFailure {
        .unsupported(
            "`input` as token ids is not supported: providers other than OpenAI take text only; send the text as a "
                + "string or an array of strings",
            param: "input")
    }
}
