import Foundation
import SwitchboardKit
import Testing

/// The request's Foundation-free JSON form, which every request crosses the plugin boundary in: the same document as
/// `Codable`'s, in both directions.
@Suite("ChatRequest fast JSON")
struct ChatRequestFastJSONTests {
    /// A request with every field and every kind of content part.
    static let everything = ChatRequest(
        model: "gpt-4o",
        messages: [
            .system("be \"brief\"\n\tplease"),
            Message(
                role: .user,
                content: [
                    .text("what is in these? ✓"), .image(.url("https://example.com/a.png")),
                    .image(.base64(data: "aGVsbG8=", mediaType: "image/png")),
                ]),
            Message(
                role: .assistant,
                content: [
                    .thinking(Thinking(text: "hmm", signature: "sig")), .thinking(Thinking(text: "no signature")),
                    .toolCall(ToolCall(id: "call_1", name: "look", arguments: #"{"at":"a.png"}"#)),
                ]),
            Message(
                role: .tool, content: [.toolResult(ToolResult(toolCallId: "call_1", content: "a cat", isError: true))]),
        ],
        tools: [
            ToolDefinition(
                name: "look", description: "Looks at an image",
                parameters: ["type": "object", "properties": ["at": ["type": "string"]], "required": ["at"]]),
            ToolDefinition(name: "noop"),
        ],
        toolChoice: .tool("look"), temperature: 0.25, topP: 0.9, maxOutputTokens: 512, stop: ["END", "\u{1}"],
        responseFormat: .jsonSchema(name: "answer", schema: ["type": "object"], strict: false),
        thinking: ThinkingOptions(budgetTokens: 2048, effort: "high"),
        metadata: ["trace": "abc", "user": "u-1"], tags: ["team-a", "ci"])

    static let variants: [ChatRequest] = [
        everything,
        ChatRequest(model: "m", messages: [.user("hi")]),
        ChatRequest(model: "m", messages: [.user("hi")], toolChoice: .auto, responseFormat: .jsonObject),
        ChatRequest(model: "m", messages: [], toolChoice: .none, responseFormat: .text),
        ChatRequest(model: "m", messages: [], toolChoice: .required, thinking: ThinkingOptions()),
    ]

    @Test(arguments: variants)
    func theDocumentIsCodablesAndReadsBackInBothDirections(request: ChatRequest) throws {
        let fast = request.jsonBytes()
        let codable = Array(try JSONEncoder().encode(request))
        #expect(try JSONParser.parse(fast) == JSONParser.parse(codable))
        #expect(try fast.withUnsafeBytes(ChatRequest.init(jsonBytes:)) == request)
        #expect(try codable.withUnsafeBytes(ChatRequest.init(jsonBytes:)) == request)
        #expect(try JSONDecoder().decode(ChatRequest.self, from: Data(fast)) == request)
    }

    @Test func aMessageWhoseContentIsAStringIsOneTextPart() throws {
        let json = Array(#"{"model":"m","messages":[{"role":"user","content":"hello"}],"stop":null}"#.utf8)
        let request = try json.withUnsafeBytes(ChatRequest.init(jsonBytes:))
        #expect(request.messages == [.user("hello")])
        #expect(request.stop.isEmpty)
    }

    @Test(arguments: [
        (#"[1]"#, "not a chat request: expected an object at the request"),
        (#"{"messages":[]}"#, "not a chat request: missing the request.model"),
        (#"{"model":"m"}"#, "not a chat request: missing the request.messages"),
        (
            #"{"model":"m","messages":[{"role":"robot","content":"x"}]}"#,
            "not a chat request: expected system, user, assistant or tool at messages[0].role"
        ),
        (
            #"{"model":"m","messages":[{"role":"user","content":[{"type":"video"}]}]}"#,
            #"not a chat request: unknown content part type "video" at messages[0].content[0]; expected text, image, thinking, tool_call or tool_result"#
        ),
        (
            #"{"model":"m","messages":[],"temperature":"hot"}"#,
            "not a chat request: expected a number at the request.temperature"
        ),
        (
            #"{"model":"m","messages":[],"tool_choice":7}"#,
            #"not a chat request: expected "auto", "none", "required" or {"name": …} at the request.tool_choice"#
        ),
        (
            #"{"model":"m","messages":[],"metadata":{"a":1}}"#,
            "not a chat request: expected string values at the request.metadata"
        ),
    ])
    func aDocumentThatIsNotARequestIsRefusedNamingWhatIsWrong(json: String, message: String) {
        let bytes = Array(json.utf8)
        #expect {
            try bytes.withUnsafeBytes(ChatRequest.init(jsonBytes:))
        } throws: { error in
            (error as? ProviderError)?.kind == .invalidRequest && (error as? ProviderError)?.message == message
        }
    }

    @Test func malformedJSONIsAParserErrorWithItsOffset() {
        let bytes = Array(#"{"model":"m","#.utf8)
        #expect(throws: JSONParser.Error.self) { try bytes.withUnsafeBytes(ChatRequest.init(jsonBytes:)) }
    }
}
