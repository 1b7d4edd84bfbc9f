@testable import SwitchboardKit

/// libFuzzer entry point: one input as the stdout of a successful `gemini --output-format json` run, and as the
/// stderr of a failed one, through ``GeminiCLIResponseDecoder`` and ``GeminiCLIErrorMapper``.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let errorMapper = GeminiCLIErrorMapper(provider: "fuzz", secrets: ["AIza-fuzz-0000000000000000"])
    let decoder = GeminiCLIResponseDecoder(requestedModel: "gemini-2.5-pro", errorMapper: errorMapper, timeout: nil)
    let success = CLIProcess.Exit(status: 0, killedBySignal: false, stderrTail: "", timedOut: false)
    let failure = CLIProcess.Exit(
        status: 1, killedBySignal: false, stderrTail: String(decoding: bytes, as: UTF8.self), timedOut: false)
    for (stdout, exit) in [(bytes, success), ([], failure)] {
        do {
            FuzzInput.checkWellFormed(try decoder.events(stdout: stdout, exit: exit))
        } catch is ProviderError {
        } catch {
            preconditionFailure("the decoder threw \(error), not a ProviderError")
        }
    }
    return 0
}
