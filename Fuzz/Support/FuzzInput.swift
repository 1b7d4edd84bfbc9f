import SwitchboardKit

/// How a fuzzer turns one input into what the code under test reads, and what it checks of the outcome.
enum FuzzInput {
    /// `bytes` cut in two at an offset the input picks with its first byte, as two network reads could deliver it.
    static func halves(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        guard let first = bytes.first else { return [] }
        let cut = Int(first) % (bytes.count + 1)
        return [bytes[..<cut], bytes[cut...]]
    }

    /// `bytes` whole, in ``halves(_:)``, and one byte at a time: every chunk boundary an incremental parser can meet.
    static func chunkings(_ bytes: [UInt8]) -> [[ArraySlice<UInt8>]] {
        [[bytes[...]], halves(bytes), bytes.indices.map { bytes[$0...$0] }]
    }

    /// The input's first line (without its line ending) as text.
    static func firstLine(_ bytes: [UInt8]) -> String {
        let line = bytes.prefix { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }
        return String(decoding: line, as: UTF8.self)
    }

    /// The head of an error response for the input as its body: a status the input's length picks among those the
    /// error mappers tell apart, and the input's first line as its `retry-after` (even lengths) or `retry-after-ms`
    /// (odd lengths) header.
    static func errorHead(_ bytes: [UInt8]) -> HTTPResponseHead {
        let statuses = [400, 401, 402, 403, 404, 408, 413, 422, 429, 500, 502, 503, 504, 529]
        let header = bytes.count.isMultiple(of: 2) ? "retry-after" : "retry-after-ms"
        return HTTPResponseHead(
            status: statuses[bytes.count / 2 % statuses.count], headers: [HTTPHeader(header, firstLine(bytes))])
    }

    /// Runs `inputs` through `decoder` the way ``_Concurrency/AsyncThrowingStream/decoding(_:with:)`` does: each
    /// input until the decoder is complete, then ``StreamDecoder/end()`` if it is not.
    ///
    /// Traps when the decoder throws anything but a ``ProviderError``, or when a stream it accepts is not well formed:
    /// one `start` first, one `finish` last.
    static func decode<Decoder: StreamDecoder>(_ inputs: [Decoder.Input], with decoder: inout Decoder) {
        var events: [StreamEvent] = []
        do {
            for input in inputs {
                events += try decoder.decode(input)
                if decoder.isComplete { break }
            }
            if !decoder.isComplete { events += try decoder.end() }
        } catch is ProviderError {
            return
        } catch {
            preconditionFailure("the decoder threw \(error), not a ProviderError")
        }
        checkWellFormed(events)
    }

    /// Runs `document` through `decoder` as the whole JSON answer a server sent instead of a stream, the way
    /// ``_Concurrency/AsyncThrowingStream/decoding(_:with:)`` does: ``StreamDecoder/decode(document:)``, then
    /// ``StreamDecoder/end()`` if the decoder is not complete. Traps as ``decode(_:with:)`` does.
    static func decode<Decoder: StreamDecoder>(document: [UInt8], with decoder: inout Decoder) {
        var events: [StreamEvent] = []
        do {
            events = try decoder.decode(document: document)
            if !decoder.isComplete { events += try decoder.end() }
        } catch is ProviderError {
            return
        } catch {
            preconditionFailure("the decoder threw \(error), not a ProviderError")
        }
        checkWellFormed(events)
    }

    /// Traps unless `events` are one answer: one `start` first, one `finish` last, no `error` event, and tool-call
    /// deltas only for calls already started.
    static func checkWellFormed(_ events: [StreamEvent]) {
        guard case .start? = events.first else {
            preconditionFailure("the answer does not begin with start: \(events)")
        }
        guard case .finish? = events.last else { preconditionFailure("the answer does not end with finish: \(events)") }
        var started: Set<Int> = []
        for (position, event) in events.enumerated() {
            switch event {
            case .start: precondition(position == 0, "a second start: \(events)")
            case .finish: precondition(position == events.count - 1, "an event after finish: \(events)")
            case .toolCallStart(let index, _, _): started.insert(index)
            case .toolCallDelta(let index, _):
                precondition(started.contains(index), "a delta before its start: \(events)")
            case .error: preconditionFailure("an error event in an answer: \(events)")
            default: break
            }
        }
    }
}
