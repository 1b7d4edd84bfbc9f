import Foundation
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// What the Ollama plugin sends for tools, images and thinking, and what it makes of Ollama's answers.
@Suite("Ollama plugin features")
struct OllamaPluginFeatureTests {
    private func run(fixture: String, _ request: ChatRequest) async throws -> (ChatResponse, JSONValue) {
        let chunks = try Fixture.chunks(fixture, size: 61)
        let server = try await MockHTTPServer.start { _ in
            MockHTTPServer.Response(status: 200, headers: [("content-type", "application/x-ndjson")], chunks: chunks)
        }
        defer { Task { try await server.shutdown() } }
        let provider = try BuiltPlugin.load(product: "SwitchboardOllamaPlugin").makeProvider(
            name: "ollama", settings: ["base_url": .string(server.baseURL)])
        let answer = try await provider.complete(request)
        return (answer, try JSONParser.parse(try #require(server.requests.first).body))
    }

    @Test func toolCallsArriveWholeAndToolsAreSent() async throws {
        let request = ChatRequest(
            model: "llama3.2",
            messages: [.user("Weather in Paris?")],
            tools: [ToolDefinition(name: "get_current_weather", description: "Weather", parameters: ["type": "object"])]
        )
        let (answer, body) = try await run(fixture: "stream-tool-call.ndjson", request)
        let call = try #require(answer.toolCalls.first)
        #expect(call.name == "get_current_weather")
        #expect(try JSONParser.parse(call.arguments) == ["format": "celsius", "location": "Paris, FR"])
        #expect(answer.finishReason == .toolCalls)
        #expect(answer.usage == Usage(inputUncached: 122, outputText: 33))
        #expect(body["tools"]?.arrayValue?.first?["function"]?["name"] == "get_current_weather")
        #expect(body["tools"]?.arrayValue?.first?["type"] == "function")
    }

    @Test func thinkingIsRequestedAndStreamedApartFromTheAnswer() async throws {
        let request = ChatRequest(
            model: "deepseek-r1",
            messages: [
                Message(
                    role: .user,
                    content: [.text("How many r's?"), .image(.base64(data: "aGVsbG8=", mediaType: "image/png"))])
            ],
            temperature: 0.1,
            maxOutputTokens: 64,
            thinking: ThinkingOptions(budgetTokens: 1024)
        )
        let (answer, body) = try await run(fixture: "stream-thinking.ndjson", request)
        #expect(answer.content.first == .thinking(Thinking(text: "Counting the r's in strawberry.")))
        #expect(answer.text == "Three.")
        #expect(answer.finishReason == .length)
        #expect(body["think"] == true)
        #expect(body["options"]?["num_predict"] == 64)
        #expect(body["options"]?["temperature"] == 0.1)
        #expect(body["messages"]?.arrayValue?.first?["images"] == ["aGVsbG8="])
    }
}
