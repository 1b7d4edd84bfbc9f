import Foundation
import SwitchboardKit
import Testing

/// The Foundation-free JSON path events take across the plugin boundary must agree with the documented `Codable` form.
@Suite("Fast JSON for the event path")
struct FastJSONTests {
    static let events: [StreamEvent] = [
        .start(id: "msg_1", model: "gpt-4o"),
        .start(id: nil, model: "m"),
        .textDelta("Hello \"quoted\" \\ back\nslash\t\u{1}é 😀 </script>"),
        .thinkingDelta(text: "hmm", signature: nil),
        .thinkingDelta(text: "", signature: "EqQBCgIYAhIM1gbcDa9GJwZA2b3h"),
        .toolCallStart(index: 2, id: "call_1", name: "get_weather"),
        .toolCallDelta(index: 2, arguments: #"{"location":"Par"#),
        .toolCallEnd(index: 2),
        .usage(
            Usage(
                inputUncached: 10, inputCacheRead: 1024, inputCacheWrite: 7, outputText: 99, outputReasoning: 40,
                estimated: true)),
        .usage(Usage(inputUncached: 3, inputCacheWrite: 4096, inputCacheWriteExtended: 1024, serviceTier: "priority")),
        .finish(.toolCalls),
        .finish(FinishReason(rawValue: "vendor_specific")),
        .error(ProviderError(.rateLimited, "slow down", provider: "openai", httpStatus: 429, retryAfter: 2.5)),
        .error(ProviderError(.server, "boom")),
    ]

    @Test("the fast encoder's output decodes with Codable to the same event", arguments: events)
    func fastEncodingMatchesCodable(event: StreamEvent) throws {
        let decoded = try JSONDecoder().decode(StreamEvent.self, from: Data(event.jsonBytes()))
        #expect(decoded == event)
    }

    @Test("the fast decoder reads Codable's output to the same event", arguments: events)
    func fastDecodingMatchesCodable(event: StreamEvent) throws {
        let bytes = Array(try JSONEncoder().encode(event))
        let decoded = try bytes.withUnsafeBytes { try StreamEvent(jsonBytes: $0) }
        #expect(decoded == event)
    }

    @Test("a document that is not an event says what is missing")
    func notAnEvent() {
        let cases: [(String, String)] = [
            (#"{"text":"x"}"#, "not a stream event: no \"type\""),
            (#"{"type":"text_delta"}"#, "not a stream event: text_delta event needs a string \"text\""),
            (
                #"{"type":"tool_call_end","index":"1"}"#,
                "not a stream event: tool_call_end event needs an integer \"index\""
            ),
            (#"{"type":"teleport"}"#, "not a stream event: unknown stream event type \"teleport\""),
        ]
        for (json, message) in cases {
            #expect {
                try Array(json.utf8).withUnsafeBytes { try StreamEvent(jsonBytes: $0) }
            } throws: { error in
                (error as? ProviderError)?.message == message
            }
        }
    }

    @Test(
        "JSONParser reads every kind of value",
        arguments: [
            ("null", JSONValue.null),
            (" true ", .bool(true)),
            ("false", .bool(false)),
            ("0", .number(0)),
            ("-12", .number(-12)),
            ("3.25", .number(3.25)),
            ("1e3", .number(1000)),
            ("-2.5E-2", .number(-0.025)),
            ("12345678901234567890", .number(12345678901234567890)),
            (#""a\"b\\c\/d\b\f\n\r\t""#, .string("a\"b\\c/d\u{8}\u{c}\n\r\t")),
            (#""\u00e9\u4e2d\ud83d\ude00""#, .string("é中😀")),
            ("[]", .array([])),
            ("[1,[2,[]],{}]", .array([1, .array([2, .array([])]), .object([:])])),
            (#"{"a":{"b":[true,null]},"c":"d"}"#, JSONValue.object(["a": ["b": [true, nil]], "c": "d"])),
        ])
    func parsesValues(text: String, expected: JSONValue) throws {
        #expect(try JSONParser.parse(text) == expected)
    }

    @Test(
        "JSONParser refuses what RFC 8259 refuses, naming the byte",
        arguments: [
            ("", "invalid JSON at byte 0: expected a value, found the end"),
            ("[1,]", "invalid JSON at byte 3: expected a value, found ']'"),
            ("{\"a\" 1}", "invalid JSON at byte 5: expected ':', found '1'"),
            ("01", "invalid JSON at byte 1: expected the end of the document, found '1'"),
            ("1.", "invalid JSON at byte 2: expected a digit after '.', found the end"),
            ("NaN", "invalid JSON at byte 0: expected a value, found 'N'"),
            ("\"\\x\"", "invalid JSON at byte 2: invalid escape, found 'x'"),
            ("\"\\ud83d\"", "invalid JSON at byte 7: expected the low half of a surrogate pair, found '\"'"),
            ("\"a\u{1}\"", "invalid JSON at byte 2: control character in a string, found byte 0x1"),
            ("\"open", "invalid JSON at byte 5: unterminated string, found the end"),
            ("tru", "invalid JSON at byte 0: expected true, found 't'"),
            ("1e999", "invalid JSON at byte 0: the number 1e999 is out of range"),
        ])
    func refusesInvalid(text: String, message: String) {
        #expect {
            try JSONParser.parse(text)
        } throws: { error in
            (error as? JSONParser.Error)?.description == message
        }
    }

    @Test("invalid UTF-8 inside a string is refused")
    func invalidUTF8() {
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
    }

    @Test("nesting is bounded")
    func depthBound() throws {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect {
            try JSONParser.parse(deep)
        } throws: { error in
            (error as? JSONParser.Error)?.message.contains("nesting deeper than 512") == true
        }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(try JSONParser.parse(fine).arrayValue?.count == 1)
    }

    @Test("JSONWriter's output of any value parses back to it")
    func writerRoundTrip() throws {
        let value: JSONValue = [
            "s": "line\nbreak \u{0} \"q\"", "n": [1, -2.5, 1e20, 0.1], "b": [true, false, nil], "o": ["": [:]],
        ]
        var writer = JSONWriter()
        writer.value(value)
        #expect(try JSONParser.parse(writer.bytes) == value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(writer.bytes)) == value)
    }
}
