import SwitchboardKit

/// libFuzzer entry point: one input through ``JSONLinesParser``, whole, in two reads and byte by byte, with the
/// default line limit and with a 64-byte one.
///
/// The parser must not trap, and every way of cutting the stream must yield the same lines, or the same error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for limit in [8 * 1024 * 1024, 64] {
        let results = FuzzInput.chunkings(bytes).map { chunks -> [[UInt8]]? in
            var parser = JSONLinesParser(maximumLineLength: limit)
            do {
                var lines = try chunks.flatMap { try parser.push($0) }
                if let last = parser.finish() { lines.append(last) }
                precondition(lines.allSatisfy { $0.count <= limit }, "a line is longer than the limit")
                return lines
            } catch let error as ProviderError {
                precondition(error.kind == .server, "an over-long line is not a server error")
                return nil
            } catch {
                preconditionFailure("push threw \(error), not a ProviderError")
            }
        }
        precondition(results.allSatisfy { $0 == results[0] }, "the lines depend on where the stream was cut")
    }
    return 0
}
