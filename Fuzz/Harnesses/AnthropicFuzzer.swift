import SwitchboardKit

/// libFuzzer entry point: one input as the body of a Messages answer, parsed as server-sent events in two reads and
/// run through ``AnthropicStreamDecoder``; as a whole Messages response a server sent instead of a stream, through its
/// `decode(document:)`; and as the body of an error response, through ``AnthropicErrorMapper``.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let errorMapper = AnthropicErrorMapper(
        context: WireContext(provider: "fuzz", secrets: ["sk-ant-fuzz-0000000000000000"]))
    var parser = ServerSentEventParser()
    var decoder = AnthropicStreamDecoder(provider: "fuzz", model: "claude-fuzz", errorMapper: errorMapper)
    FuzzInput.decode(FuzzInput.halves(bytes).flatMap { parser.push($0) }, with: &decoder)
    var document = AnthropicStreamDecoder(provider: "fuzz", model: "claude-fuzz", errorMapper: errorMapper)
    FuzzInput.decode(document: bytes, with: &document)
    _ = errorMapper.error(head: FuzzInput.errorHead(bytes), body: bytes)
    return 0
}
