import SwitchboardKit

/// libFuzzer entry point: one input as the body of a `streamGenerateContent?alt=sse` answer, parsed as server-sent
/// events in two reads and run through ``GeminiStreamDecoder``; as the whole body of a `generateContent` answer,
/// through `decode(document:)` and `end()` as the provider's non-streaming path does (which also covers a whole
/// response, or array of them, that a server sent instead of a stream); and as the body of an error response, through
/// ``GeminiErrorMapper``.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let errorMapper = GeminiErrorMapper(context: WireContext(provider: "fuzz", secrets: ["AIza-fuzz-0000000000000000"]))
    var parser = ServerSentEventParser()
    var decoder = GeminiStreamDecoder(provider: "fuzz", model: "gemini-fuzz", errorMapper: errorMapper)
    FuzzInput.decode(FuzzInput.halves(bytes).flatMap { parser.push($0) }, with: &decoder)

    var whole = GeminiStreamDecoder(provider: "fuzz", model: "gemini-fuzz", errorMapper: errorMapper)
    do {
        FuzzInput.checkWellFormed(try whole.decode(document: bytes) + whole.end())
    } catch is ProviderError {
    } catch {
        preconditionFailure("the decoder threw \(error), not a ProviderError")
    }
    _ = errorMapper.error(head: FuzzInput.errorHead(bytes), body: bytes)
    return 0
}
