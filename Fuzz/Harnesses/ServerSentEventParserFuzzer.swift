import SwitchboardKit

/// libFuzzer entry point: one input through ``ServerSentEventParser``, whole, in two reads and byte by byte.
///
/// The parser must not trap, and every way of cutting the stream must yield the same events.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let results = FuzzInput.chunkings(bytes).map { chunks in
        var parser = ServerSentEventParser()
        return chunks.flatMap { parser.push($0) }
    }
    precondition(results.allSatisfy { $0 == results[0] }, "the events depend on where the stream was cut")
    return 0
}
