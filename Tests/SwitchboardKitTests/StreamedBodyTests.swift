import SwitchboardKit
import Testing

/// How a streamed request's answer is told apart from a whole JSON document, and where each goes.
@Suite("A whole JSON answer to a streamed request")
struct StreamedBodyTests {
    static let url = "https://api.example.com/v1/chat"

    @Test(
        "the content type decides when it can",
        arguments: [
            ("application/json", true as Bool?), ("Application/JSON; charset=utf-8", true),
            ("application/problem+json", true), ("text/event-stream", false),
            ("text/event-stream; charset=utf-8", false), ("text/plain", nil), ("", nil), ("text/html", nil),
        ]
    )
    func serverSentEventsContentType(contentType: String, expected: Bool?) {
        #expect(StreamedBody<ServerSentEvent>.Framing.serverSentEvents.isDocument(contentType: contentType) == expected)
        #expect(StreamedBody<ServerSentEvent>.Framing.serverSentEvents.isDocument(contentType: nil) == nil)
    }

    @Test(
        "for JSON lines, the NDJSON types are streams and JSON is a document",
        arguments: [
            ("application/x-ndjson", false as Bool?), ("application/ndjson", false), ("application/jsonl", false),
            ("application/json; charset=utf-8", true), ("application/octet-stream", nil),
        ]
    )
    func jsonLinesContentType(contentType: String, expected: Bool?) {
        #expect(StreamedBody<[UInt8]>.Framing.jsonLines.isDocument(contentType: contentType) == expected)
    }

    @Test(
        "without a usable content type, the first bytes decide",
        arguments: [
            ("{\"id\":1}", true, true as Bool?), (" \r\n\t[{}]", true, true), ("data: {}\n\n", false, false),
            (": ping\n\n", false, false), ("event: x\n", false, false), ("   ", false, nil), ("", true, false),
        ]
    )
    func serverSentEventsFirstBytes(text: String, complete: Bool, expected: Bool?) {
        let framing = StreamedBody<ServerSentEvent>.Framing.serverSentEvents
        #expect(framing.isDocument(firstBytes: Array(text.utf8), complete: complete) == expected)
    }

    @Test(
        "a JSON-lines body is a document only when its first line is not JSON on its own",
        arguments: [
            ("{\"a\":1}\n{\"b\":2}\n", false, false as Bool?), ("{\"done\":true}", true, false),
            ("{\"done\":true}", false, nil), ("{\n  \"done\": true\n}\n", true, true), ("{\n", false, true),
        ]
    )
    func jsonLinesFirstBytes(text: String, complete: Bool, expected: Bool?) {
        let framing = StreamedBody<[UInt8]>.Framing.jsonLines
        #expect(framing.isDocument(firstBytes: Array(text.utf8), complete: complete) == expected)
    }

    @Test("postSSE hands over an application/json body whole, read across chunks")
    func postSSEDocumentByContentType() async throws {
        let transport = ScriptedTransport(
            headers: [HTTPHeader("Content-Type", "application/json")], chunks: ["{\"id\":", "\"x\"}", "\n"])
        let body = try await ProviderHTTPClient(transport: transport, provider: "acme").postSSE(Self.url, body: [])
        #expect(body.document == Array("{\"id\":\"x\"}\n".utf8))
        #expect(body.elements == nil)
        await #expect(throws: ProviderError.self) {
            for try await _ in body {}
        }
    }

    @Test("without a content type, postSSE reads until the first byte decides, and keeps those bytes for the stream")
    func postSSEFirstByte() async throws {
        let document = ScriptedTransport(chunks: ["", "  ", "\n{\"a\"", ":1}"])
        let whole = try await ProviderHTTPClient(transport: document, provider: "acme").postSSE(Self.url, body: [])
        #expect(whole.document == Array("  \n{\"a\":1}".utf8))

        let stream = ScriptedTransport(chunks: ["", "da", "ta: one\n\n", "data: two\n\n"])
        let events = try await ProviderHTTPClient(transport: stream, provider: "acme").postSSE(Self.url, body: [])
        #expect(events.document == nil)
        var received: [ServerSentEvent] = []
        for try await event in events { received.append(event) }
        #expect(received == [ServerSentEvent(data: "one"), ServerSentEvent(data: "two")])
    }

    @Test("postNDJSON hands over a pretty-printed object whole, but streams one-line objects")
    func postNDJSONDocument() async throws {
        let pretty = ScriptedTransport(chunks: ["{\n  \"done\"", ": true\n}\n"])
        let whole = try await ProviderHTTPClient(transport: pretty, provider: "acme").postNDJSON(Self.url, body: [])
        #expect(whole.document == Array("{\n  \"done\": true\n}\n".utf8))

        let lines = ScriptedTransport(chunks: ["{\"a\":1}\n{\"b", "\":2}"])
        let stream = try await ProviderHTTPClient(transport: lines, provider: "acme").postNDJSON(Self.url, body: [])
        var received: [String] = []
        for try await line in stream { received.append(String(decoding: line, as: UTF8.self)) }
        #expect(received == [#"{"a":1}"#, #"{"b":2}"#])
    }

    @Test("a body error while the first bytes are read names the provider")
    func bodyErrorWhileDeciding() async throws {
        let transport = ScriptedTransport(chunks: ["  "], endingWith: ProviderError(.connection, "reset"))
        let client = ProviderHTTPClient(transport: transport, provider: "acme")
        await #expect(throws: ProviderError(.connection, "reset", provider: "acme")) {
            _ = try await client.postSSE(Self.url, body: [])
        }
    }

    /// Reads a document `{"text":…}` or streamed words; `end()` finishes what the document left open.
    struct DocumentDecoder: StreamDecoder {
        var finishOnItsOwn: Bool
        private(set) var isComplete = false

        mutating func decode(_ word: String) throws -> [StreamEvent] { [.textDelta(word)] }

        mutating func decode(document: [UInt8]) throws -> [StreamEvent] {
            let text = try JSONParser.parse(document)["text"]?.stringValue ?? ""
            isComplete = finishOnItsOwn
            return [.start(id: "doc", model: "m"), .textDelta(text)] + (finishOnItsOwn ? [.finish(.stop)] : [])
        }

        func end() throws -> [StreamEvent] { [.finish(.length)] }
    }

    struct StreamOnlyDecoder: StreamDecoder {
        mutating func decode(_ word: String) throws -> [StreamEvent] { [.textDelta(word)] }
    }

    @Test(
        "decoding gives a document to decode(document:), then end() unless the decoder completed",
        arguments: [true, false])
    func decodingADocument(finishOnItsOwn: Bool) async throws {
        let stream = AsyncThrowingStream.decoding(
            { StreamedBody<String>.document(Array(#"{"text":"whole"}"#.utf8)) },
            with: { DocumentDecoder(finishOnItsOwn: finishOnItsOwn) }
        )
        var events: [StreamEvent] = []
        for try await event in stream { events.append(event) }
        #expect(
            events == [.start(id: "doc", model: "m"), .textDelta("whole"), .finish(finishOnItsOwn ? .stop : .length)])
    }

    @Test("a decoder without decode(document:) refuses a document as a server error")
    func streamOnlyDecoderRefusesADocument() async throws {
        let stream = AsyncThrowingStream.decoding(
            { StreamedBody<String>.document(Array("{}".utf8)) }, with: { StreamOnlyDecoder() })
        await #expect {
            for try await _ in stream {}
        } throws: { error in
            (error as? ProviderError)?.kind == .server
                && (error as? ProviderError)?.message.contains("whole JSON document") == true
        }
    }
}
