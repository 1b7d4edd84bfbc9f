@testable import SwitchboardKit

/// libFuzzer entry point: one input as what `claude -p --output-format stream-json` printed, split into JSON lines
/// in two reads and run through ``ClaudeCodeStreamDecoder`` the way the provider does; with no `result` line, the
/// input is also the stderr of a failed run, through ``ClaudeCodeErrorMapper``.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let errorMapper = ClaudeCodeErrorMapper(provider: "fuzz", secrets: ["sk-ant-fuzz-0000000000000000"])
    var decoder = ClaudeCodeStreamDecoder(model: "sonnet", errorMapper: errorMapper)
    var lines = JSONLinesParser()
    var events: [StreamEvent] = []
    do {
        for chunk in FuzzInput.halves(bytes) {
            for line in try lines.push(chunk) { events += try decoder.decode(line) }
        }
        if let line = lines.finish() { events += try decoder.decode(line) }
        if decoder.result == nil {
            let exit = CLIProcess.Exit(
                status: 1, killedBySignal: false, stderrTail: String(decoding: bytes, as: UTF8.self), timedOut: false)
            _ = errorMapper.exitError(exit, timeout: .seconds(600))
            try decoder.end()
        }
    } catch is ProviderError {
        return 0
    } catch {
        preconditionFailure("the decoder threw \(error), not a ProviderError")
    }
    FuzzInput.checkWellFormed(events)
    return 0
}
