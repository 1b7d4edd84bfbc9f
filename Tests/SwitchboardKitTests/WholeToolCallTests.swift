import SwitchboardKit
import Testing

/// Tool calls for vendors that take and send their arguments whole, as JSON objects rather than JSON text.
@Suite("Whole tool calls")
struct WholeToolCallTests {
    @Test func argumentsTextBecomesTheObjectAndEmptyTextAnEmptyOne() throws {
        let call = ToolCall(id: "c1", name: "weather", arguments: #" {"city":"Paris","days":[1,2]} "#)
        #expect(try call.argumentsObject(for: "Gemini", provider: "g") == ["city": "Paris", "days": [1, 2]])
        #expect(
            try ToolCall(id: "c2", name: "now", arguments: " \n").argumentsObject(for: "Gemini", provider: "g") == [:])
    }

    @Test func textThatIsNotJSONIsRefusedNamingTheCallAndTheVendor() throws {
        let call = ToolCall(id: "c1", name: "weather", arguments: #"{"city":"#)
        let error = try #require(throws: ProviderError.self) {
            try call.argumentsObject(for: "Ollama", provider: "home")
        }
        #expect(error.kind == .invalidRequest)
        #expect(error.provider == "home")
        #expect(error.message.hasPrefix(#"the arguments of tool call "c1" (weather) are not valid JSON: "#))
        #expect(error.message.hasSuffix("; Ollama takes them as a JSON object"))
    }

    @Test func jsonThatIsNotAnObjectIsRefusedSayingWhatItIs() throws {
        let call = ToolCall(id: "c1", name: "weather", arguments: #""Paris""#)
        let error = try #require(throws: ProviderError.self) { try call.argumentsObject(for: "Gemini", provider: "g") }
        #expect(
            error.message
                == #"the arguments of tool call "c1" (weather) must be a JSON object; found a string (Gemini takes them as an object)"#
        )
    }

    @Test func aWholeCallIsAStartOneDeltaAndAnEnd() {
        #expect(
            StreamEvent.wholeToolCall(index: 2, id: "fc_9", name: "weather", arguments: ["city": "Paris", "a": 1]) == [
                .toolCallStart(index: 2, id: "fc_9", name: "weather"),
                .toolCallDelta(index: 2, arguments: #"{"a":1,"city":"Paris"}"#),
                .toolCallEnd(index: 2),
            ])
    }

    @Test(arguments: [
        (JSONValue?.none, "{}"), (JSONValue.null, "{}"), (JSONValue.string(#"{"q":"cat"}"#), #"{"q":"cat"}"#),
    ])
    func missingArgumentsAreAnEmptyObjectAndAStringIsTheirText(arguments: JSONValue?, text: String) {
        let events = StreamEvent.wholeToolCall(index: 0, id: "x", name: "f", arguments: arguments)
        #expect(events[1] == .toolCallDelta(index: 0, arguments: text))
    }

    @Test func aCallWithoutAnIDIsNamedAfterItsIndex() {
        #expect(
            StreamEvent.wholeToolCall(index: 3, id: nil, name: "f", arguments: nil).first
                == .toolCallStart(index: 3, id: "call_3", name: "f"))
        #expect(
            StreamEvent.wholeToolCall(index: 4, id: "", name: "f", arguments: nil).first
                == .toolCallStart(index: 4, id: "call_4", name: "f"))
    }
}
