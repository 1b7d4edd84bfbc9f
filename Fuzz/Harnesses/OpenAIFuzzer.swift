import SwitchboardKit

/// libFuzzer entry point: one input as the body of a chat-completions answer, parsed as server-sent events in two
/// reads and run through ``OpenAIStreamDecoder``; as a whole `chat.completion` a server sent instead of a stream,
/// through its `decode(document:)`; and as the body of an error response, through ``OpenAIErrorMapper``.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let errorMapper = OpenAIErrorMapper(provider: "fuzz", apiKey: "sk-fuzz-0000000000000000")
    var parser = ServerSentEventParser()
    var decoder = OpenAIStreamDecoder(provider: "fuzz", model: "gpt-fuzz", errorMapper: errorMapper)
    FuzzInput.decode(FuzzInput.halves(bytes).flatMap { parser.push($0) }, with: &decoder)
    var document = OpenAIStreamDecoder(provider: "fuzz", model: "gpt-fuzz", errorMapper: errorMapper)
    FuzzInput.decode(document: bytes, with: &document)
    _ = errorMapper.error(head: FuzzInput.errorHead(bytes), body: bytes)
    return 0
}
