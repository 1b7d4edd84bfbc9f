import Foundation
import SwitchboardKit

/// libFuzzer entry point: one input as the body of a `streamGenerateContent?alt=sse` answer, parsed as server-sent
/// events in two reads and run through ``GeminiStreamDecoder``; as the whole body of a `generateContent` answer,
/// decoded and replayed the way the provider's non-streaming path does; as a whole response (or array of them) a
/// server sent instead of a stream, through `decode(document:)`; and as the body of an error response, through
/// ``GeminiErrorMapper``.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let errorMapper = GeminiErrorMapper(provider: "fuzz", apiKey: "AIza-fuzz-0000000000000000")
    var parser = ServerSentEventParser()
    var decoder = GeminiStreamDecoder(provider: "fuzz", model: "gemini-fuzz", errorMapper: errorMapper)
    FuzzInput.decode(FuzzInput.halves(bytes).flatMap { parser.push($0) }, with: &decoder)

    if let response = try? JSONDecoder().decode(GeminiWire.GenerateContentResponse.self, from: Data(bytes)) {
        var whole = GeminiStreamDecoder(provider: "fuzz", model: "gemini-fuzz", errorMapper: errorMapper)
        do {
            FuzzInput.checkWellFormed(try whole.decode(response) + whole.end())
        } catch is ProviderError {
        } catch {
            preconditionFailure("the decoder threw \(error), not a ProviderError")
        }
    }
    var document = GeminiStreamDecoder(provider: "fuzz", model: "gemini-fuzz", errorMapper: errorMapper)
    FuzzInput.decode(document: bytes, with: &document)
    _ = errorMapper.error(head: FuzzInput.errorHead(bytes), body: bytes)
    return 0
}
