import SwitchboardKit

/// libFuzzer entry point: one input through ``JSONParser``.
///
/// The parser must not trap; a document it accepts, written back with ``JSONWriter``, must parse to the same value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let value: JSONValue
    do {
        value = try JSONParser.parse(UnsafeRawBufferPointer(start: data, count: size))
    } catch {
        precondition(error.offset >= 0 && error.offset <= size, "the error names byte \(error.offset) of \(size)")
        return 0
    }
    var writer = JSONWriter()
    writer.value(value)
    let reparsed = try? JSONParser.parse(writer.bytes)
    precondition(reparsed == value, "the document written back does not parse to the same value")
    return 0
}
