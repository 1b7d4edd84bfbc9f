import SwitchboardKit

/// libFuzzer entry point: one input as the body of an `/api/chat` answer, split into NDJSON lines in two reads the
/// way ``ProviderHTTPClient/postNDJSON(_:headers:body:timeout:)`` does and run through ``OllamaStreamDecoder``; as the
/// whole JSON object a server sent instead of a stream, through its `decode(document:)`; and as the body of an error
/// response, through ``OllamaErrorMapper``.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var parser = JSONLinesParser()
    if var lines = try? FuzzInput.halves(bytes).flatMap({ try parser.push($0) }) {
        if let last = parser.finish() { lines.append(last) }
        var decoder = OllamaStreamDecoder(provider: "fuzz", model: "llama-fuzz")
        FuzzInput.decode(lines, with: &decoder)
    }
    var document = OllamaStreamDecoder(provider: "fuzz", model: "llama-fuzz")
    FuzzInput.decode(document: bytes, with: &document)
    _ = OllamaErrorMapper(context: WireContext(provider: "fuzz")).error(head: FuzzInput.errorHead(bytes), body: bytes)
    return 0
}
