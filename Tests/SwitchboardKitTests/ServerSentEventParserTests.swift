import SwitchboardKit
import Testing

@Suite("Server-sent event parser")
struct ServerSentEventParserTests {
    /// Runs a fresh parser over `chunks` and returns every event, in order.
    static func parse(_ chunks: [[UInt8]]) -> [ServerSentEvent] {
        var parser = ServerSentEventParser()
        return chunks.flatMap { parser.push($0) }
    }

    static func parse(_ text: String) -> [ServerSentEvent] {
        parse([Array(text.utf8)])
    }

    enum LineEnding: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case lf = "\n"
        case crlf = "\r\n"
        case cr = "\r"

        var testDescription: String {
            switch self {
            case .lf: "LF"
            case .crlf: "CRLF"
            case .cr: "CR"
            }
        }
    }

    /// A stream exercising comments, every field, multi-line data, an event without data, multi-byte UTF-8 and
    /// OpenAI's `[DONE]` sentinel.
    static let sampleLines = [
        ": keep-alive",
        "event: message_start",
        "id: 1",
        #"data: {"a":1}"#,
        "",
        "data: first",
        ": a comment between data lines",
        "data:second",
        "data:  third",
        "",
        "event: ping",
        "",
        "retry: 1500",
        "data",
        "",
        "id: 7",
        "event: delta",
        "data: é ü 日本 🚀",
        "",
        "data: [DONE]",
        "",
    ]

    static let sampleEvents = [
        ServerSentEvent(event: "message_start", data: #"{"a":1}"#, id: "1"),
        ServerSentEvent(data: "first\nsecond\n third", id: "1"),
        ServerSentEvent(data: "", id: "1", retry: 1500),
        ServerSentEvent(event: "delta", data: "é ü 日本 🚀", id: "7", retry: 1500),
        ServerSentEvent(data: "[DONE]", id: "7", retry: 1500),
    ]

    static func sample(_ ending: LineEnding) -> [UInt8] {
        Array(sampleLines.map { $0 + ending.rawValue }.joined().utf8)
    }

    @Test("the whole sample in one chunk", arguments: LineEnding.allCases)
    func wholeStream(ending: LineEnding) {
        #expect(Self.parse([Self.sample(ending)]) == Self.sampleEvents)
    }

    @Test("one byte at a time gives the same events", arguments: LineEnding.allCases)
    func oneByteAtATime(ending: LineEnding) {
        #expect(Self.parse(Self.sample(ending).map { [$0] }) == Self.sampleEvents)
    }

    @Test("a split at every byte boundary gives the same events", arguments: LineEnding.allCases)
    func everySplit(ending: LineEnding) {
        for chunks in everyTwoWaySplit(Self.sample(ending)) {
            let events = Self.parse(chunks)
            #expect(events == Self.sampleEvents, "split after \(chunks[0].count) bytes")
            if events != Self.sampleEvents { return }
        }
    }

    @Test("random chunkings from a seeded generator give the same events", arguments: LineEnding.allCases)
    func randomChunkings(ending: LineEnding) {
        var generator = SeededGenerator(seed: 0x5EED_5EED ^ UInt64(LineEnding.allCases.firstIndex(of: ending)!))
        let bytes = Self.sample(ending)
        for round in 0..<300 {
            let chunks = randomChunks(bytes, maximumChunk: 1 + round % 13, using: &generator)
            let events = Self.parse(chunks)
            #expect(events == Self.sampleEvents, "chunk sizes \(chunks.map(\.count))")
            if events != Self.sampleEvents { return }
        }
    }

    @Test("LF, CRLF and CR may be mixed in one stream")
    func mixedLineEndings() {
        #expect(
            Self.parse("data: a\r\ndata: b\rdata: c\n\r\ndata: d\r\r") == [
                ServerSentEvent(data: "a\nb\nc"), ServerSentEvent(data: "d"),
            ])
    }

    @Test("a CRLF split between chunks is one line end, not a line end and a blank line")
    func crlfSplitAcrossChunks() {
        let chunks = ["data: a\r", "\ndata: b\r", "\n\r", "\n"].map { Array($0.utf8) }
        #expect(Self.parse(chunks) == [ServerSentEvent(data: "a\nb")])
    }

    @Test("two CRs are two line ends, so they end the event")
    func doubleCR() {
        #expect(Self.parse([Array("data: a\r".utf8), Array("\r".utf8)]) == [ServerSentEvent(data: "a")])
    }

    @Test(
        "exactly one space after the colon is stripped",
        arguments: [
            ("data:x", "x"), ("data: x", "x"), ("data:  x", " x"), ("data:\tx", "\tx"), ("data: x ", "x "),
            ("data:", ""), ("data: ", ""), ("data: a:b: c", "a:b: c"),
        ]
    )
    func leadingSpace(line: String, data: String) {
        #expect(Self.parse(line + "\n\n") == [ServerSentEvent(data: data)])
    }

    @Test("data lines are joined with newlines, empty ones included")
    func multiLineData() {
        #expect(Self.parse("data: a\ndata\ndata:\ndata: b\n\n") == [ServerSentEvent(data: "a\n\n\nb")])
    }

    @Test("a field name without a colon is a field with an empty value")
    func fieldWithoutColon() {
        // `data` alone dispatches an empty event; `event` alone resets the type to the default.
        #expect(Self.parse("event: x\nevent\ndata\n\n") == [ServerSentEvent(event: "message", data: "")])
        #expect(Self.parse("id: 4\nid\ndata: x\n\n") == [ServerSentEvent(data: "x", id: "")])
    }

    @Test("event names the type, which resets after each dispatch")
    func eventField() {
        #expect(
            Self.parse("event: content_block_delta\ndata: 1\n\ndata: 2\n\n") == [
                ServerSentEvent(event: "content_block_delta", data: "1"), ServerSentEvent(event: "message", data: "2"),
            ])
    }

    @Test("the type of an event without data does not leak into the next event")
    func eventTypeResetWithoutData() {
        #expect(Self.parse("event: ping\n\ndata: x\n\n") == [ServerSentEvent(data: "x")])
    }

    @Test("id sets the last event id, which later events keep")
    func idField() {
        #expect(
            Self.parse("id: 42\ndata: a\n\ndata: b\n\nid: 43\ndata: c\n\n") == [
                ServerSentEvent(data: "a", id: "42"), ServerSentEvent(data: "b", id: "42"),
                ServerSentEvent(data: "c", id: "43"),
            ])
    }

    @Test("an id containing NUL is ignored")
    func idWithNul() {
        #expect(
            Self.parse("id: 1\ndata: a\n\nid: 2\u{0}x\ndata: b\n\n") == [
                ServerSentEvent(data: "a", id: "1"), ServerSentEvent(data: "b", id: "1"),
            ])
    }

    @Test("retry sets the reconnection time in milliseconds; a non-number is ignored")
    func retryField() {
        #expect(
            Self.parse("retry: 3000\ndata: a\n\nretry: soon\ndata: b\n\nretry: 10\ndata: c\n\n") == [
                ServerSentEvent(data: "a", retry: 3000), ServerSentEvent(data: "b", retry: 3000),
                ServerSentEvent(data: "c", retry: 10),
            ])
    }

    @Test("retry accepts only ASCII digits, as the standard requires")
    func retryOnlyDigits() {
        // WHATWG HTML §9.2.6: "If the field value consists of only ASCII digits, then interpret the field value as an
        // integer in base ten ... Otherwise, ignore the field." (Int(_:) alone would accept signs.)
        #expect(Self.parse("retry: -1\ndata: a\n\n") == [ServerSentEvent(data: "a")])
        #expect(Self.parse("retry: +5\ndata: a\n\n") == [ServerSentEvent(data: "a")])
    }

    @Test("comments are ignored, even between an event's lines")
    func comments() {
        #expect(Self.parse(": hello\n:\n: data: no\n\n").isEmpty)
        #expect(Self.parse("data: a\n: ping\ndata: b\n\n") == [ServerSentEvent(data: "a\nb")])
    }

    @Test("unknown fields are ignored and field names are case-sensitive")
    func unknownFields() {
        #expect(Self.parse("foo: bar\nData: x\nEVENT: y\ndata: z\n\n") == [ServerSentEvent(data: "z")])
    }

    @Test("an event without data is not dispatched")
    func eventWithoutData() {
        #expect(Self.parse("event: ping\nid: 3\nretry: 5\n\n").isEmpty)
        #expect(Self.parse("\n\n\r\n\r").isEmpty)
    }

    @Test("an event cut off by the end of the stream is dropped")
    func unterminatedFinalEvent() {
        #expect(Self.parse("data: a\n\ndata: b\n") == [ServerSentEvent(data: "a")])
        #expect(Self.parse("data: a\n\ndata: b") == [ServerSentEvent(data: "a")])
        #expect(Self.parse("data: b").isEmpty)
    }

    @Test("an event is dispatched only once its blank line arrives")
    func dispatchOnBlankLine() {
        var parser = ServerSentEventParser()
        #expect(parser.push(Array("data: a\n".utf8)).isEmpty)
        #expect(parser.push(Array("data: b\n".utf8)).isEmpty)
        #expect(parser.push(Array("\n".utf8)) == [ServerSentEvent(data: "a\nb")])
        #expect(parser.push([]).isEmpty)
    }

    @Test("a leading UTF-8 BOM is skipped, also when split across chunks")
    func leadingBOM() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("data: x\n\n".utf8)
        #expect(Self.parse([bytes]) == [ServerSentEvent(data: "x")])
        #expect(Self.parse(bytes.map { [$0] }) == [ServerSentEvent(data: "x")])
        #expect(
            Self.parse([[0xEF], [0xBB, 0xBF, UInt8(ascii: "d")], Array("ata: x\n\n".utf8)]) == [
                ServerSentEvent(data: "x")
            ])
    }

    @Test("only one leading BOM is skipped: a second one makes the field name unknown")
    func onlyOneBOM() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF] + Array("data: x\n\n".utf8)
        #expect(Self.parse([bytes]).isEmpty)
    }

    @Test("a BOM is skipped only at the start of the stream, not at the start of a later line")
    func bomOnLaterLine() {
        // WHATWG HTML §9.2.5: one leading BOM of the *stream* is ignored; elsewhere U+FEFF is part of the field name,
        // so "\u{FEFF}data" is an unknown field.
        let bytes = Array("data: a\n\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("data: b\n\n".utf8)
        #expect(Self.parse([bytes]) == [ServerSentEvent(data: "a")])
    }

    @Test("OpenAI-style chunks end with data: [DONE]")
    func openAIDone() {
        let stream = """
            data: {"choices":[{"delta":{"content":"Hel"}}]}

            data: {"choices":[{"delta":{"content":"lo"}}]}

            data: [DONE]


            """
        let events = Self.parse(stream)
        #expect(events.map(\.event) == ["message", "message", "message"])
        #expect(
            events.map(\.data) == [
                #"{"choices":[{"delta":{"content":"Hel"}}]}"#, #"{"choices":[{"delta":{"content":"lo"}}]}"#, "[DONE]",
            ])
        #expect(events.allSatisfy { $0.id == nil && $0.retry == nil })
    }
}
