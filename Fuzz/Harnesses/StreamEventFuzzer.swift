import SwitchboardKit

/// libFuzzer entry point: one input through ``StreamEvent/init(jsonBytes:)``, the host's reading of every event a
/// plugin sends.
///
/// Decoding must not trap and may throw only ``JSONParser/Error`` or ``ProviderError``; an event it accepts, written
/// back with ``StreamEvent/jsonBytes()``, must decode to the same event.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let event: StreamEvent
    do {
        event = try StreamEvent(jsonBytes: UnsafeRawBufferPointer(start: data, count: size))
    } catch is JSONParser.Error {
        return 0
    } catch is ProviderError {
        return 0
    } catch {
        preconditionFailure("decoding threw \(error), neither a JSONParser.Error nor a ProviderError")
    }
    let written = event.jsonBytes()
    let reread = written.withUnsafeBytes { try? StreamEvent(jsonBytes: $0) }
    precondition(reread == event, "the event written back does not decode to the same event")
    return 0
}
