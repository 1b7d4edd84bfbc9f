import SwitchboardKit
import Testing

@Suite("JSON Lines parser")
struct JSONLinesParserTests {
    /// Runs a fresh parser over `chunks`; returns the lines as text, the final unterminated one included.
    static func lines(_ chunks: [[UInt8]], maximumLineLength: Int = 1024) throws -> [String] {
        var parser = JSONLinesParser(maximumLineLength: maximumLineLength)
        var lines = try chunks.flatMap { try parser.push($0) }
        if let last = parser.finish() { lines.append(last) }
        return lines.map { String(decoding: $0, as: UTF8.self) }
    }

    static func lines(_ text: String, maximumLineLength: Int = 1024) throws -> [String] {
        try lines([Array(text.utf8)], maximumLineLength: maximumLineLength)
    }

    static let sample = Array(
        "{\"model\":\"llama3\",\"message\":{\"content\":\"Hé\"}}\r\n\n{\"done\":false}\n   \n{\"done\":true}".utf8)
    static let sampleLines = [#"{"model":"llama3","message":{"content":"Hé"}}"#, #"{"done":false}"#, #"{"done":true}"#]

    @Test("lines split at every byte boundary come out whole")
    func everySplit() throws {
        for chunks in everyTwoWaySplit(Self.sample) {
            #expect(try Self.lines(chunks) == Self.sampleLines, "split after \(chunks[0].count) bytes")
        }
        #expect(try Self.lines(Self.sample.map { [$0] }) == Self.sampleLines)
    }

    @Test("lines in random chunkings from a seeded generator come out whole")
    func randomChunkings() throws {
        var generator = SeededGenerator(seed: 0x1D_501)
        for round in 0..<200 {
            let chunks = randomChunks(Self.sample, maximumChunk: 1 + round % 11, using: &generator)
            #expect(try Self.lines(chunks) == Self.sampleLines, "chunk sizes \(chunks.map(\.count))")
        }
    }

    @Test("push returns only the lines its bytes complete")
    func pushReturnsCompletedLines() throws {
        var parser = JSONLinesParser()
        #expect(try parser.push(Array("{\"a\":".utf8)).isEmpty)
        #expect(try parser.push(Array("1}\n{\"b\"".utf8)) == [Array("{\"a\":1}".utf8)])
        #expect(try parser.push(Array(":2}\n{\"c\":3}\n".utf8)) == [Array("{\"b\":2}".utf8), Array("{\"c\":3}".utf8)])
        #expect(parser.finish() == nil)
    }

    @Test("a CR before the LF is removed; a CR elsewhere is kept")
    func crlf() throws {
        #expect(try Self.lines("a\r\nb\r\n") == ["a", "b"])
        #expect(try Self.lines("a\rb\n") == ["a\rb"])
        #expect(try Self.lines("a\r\r\n") == ["a\r"])
    }

    @Test("blank and whitespace-only lines are skipped")
    func blankLines() throws {
        #expect(try Self.lines("\n\n  \n\t\n\r\n \t\r\na\n\n") == ["a"])
        #expect(try Self.lines("\n \n").isEmpty)
    }

    @Test("finish returns the final line that has no newline, once")
    func finishReturnsUnterminatedLine() throws {
        var parser = JSONLinesParser()
        #expect(try parser.push(Array("x\ny".utf8)) == [Array("x".utf8)])
        #expect(parser.finish() == Array("y".utf8))
        #expect(parser.finish() == nil)
    }

    @Test("finish strips a trailing CR and returns nil for nothing or blanks")
    func finishEdgeCases() throws {
        var parser = JSONLinesParser()
        _ = try parser.push(Array("{}\r".utf8))
        #expect(parser.finish() == Array("{}".utf8))

        var empty = JSONLinesParser()
        #expect(empty.finish() == nil)

        var blank = JSONLinesParser()
        _ = try blank.push(Array("{}\n  \t".utf8))
        #expect(blank.finish() == nil)
    }

    @Test("the default limit is 8 MiB")
    func defaultLimit() {
        #expect(JSONLinesParser().maximumLineLength == 8 * 1024 * 1024)
    }

    @Test("a line of exactly the limit is accepted; the limit is per line")
    func lineAtLimit() throws {
        #expect(try Self.lines("12345678\nabcdefgh\n", maximumLineLength: 8) == ["12345678", "abcdefgh"])
        #expect(try Self.lines("12345678", maximumLineLength: 8) == ["12345678"])
    }

    @Test(
        "a line longer than the limit is a server error naming the limit",
        arguments: [
            ["123456789"], ["1234", "56789"], ["ok\n", "123456789\n"],
        ])
    func lineTooLong(chunks: [String]) throws {
        var parser = JSONLinesParser(maximumLineLength: 8)
        let error = try #require(throws: ProviderError.self) {
            for chunk in chunks { _ = try parser.push(Array(chunk.utf8)) }
        }
        #expect(error.kind == .server)
        #expect(error.message.contains("8 bytes"))
        #expect(error.message == "an NDJSON line exceeds 8 bytes")
    }

    @Test("the CR of a CRLF line ending does not count towards the limit")
    func crlfLineAtLimit() throws {
        // The limit is the longest *line*, and lines are returned without their line ending, so a CRLF line of
        // exactly the limit is accepted like the same line with LF.
        let lines = try Self.lines("12345678\r\n", maximumLineLength: 8)
        #expect(lines == ["12345678"])
    }
}
