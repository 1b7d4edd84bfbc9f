import Foundation
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// What the OpenAI-compatible plugin sends for each feature, and what it makes of the answers: parallel tool calls,
/// reasoning text, images, structured output, reasoning effort, Azure deployments.
@Suite("OpenAI-compatible plugin features")
struct OpenAIPluginFeatureTests {
    private func run(
        settings: [String: JSONValue] = [:],
        fixture: String = "stream-text.sse",
        _ request: ChatRequest
    ) async throws -> (
        response: Result<ChatResponse, ProviderError>, sent: MockHTTPServer.RecordedRequest, body: JSONValue
    ) {
        let chunks = try Fixture.chunks(fixture)
        let server = try await MockHTTPServer.start { _ in
            MockHTTPServer.Response(status: 200, headers: [("content-type", "text/event-stream")], chunks: chunks)
        }
        defer { Task { try await server.shutdown() } }
        var all = settings
        if all["base_url"] == nil { all["base_url"] = .string(server.baseURL + "/v1") }
        if all["api_key"] == nil { all["api_key"] = "sk-feature-test" }
        let provider = try BuiltPlugin.load(product: "SwitchboardOpenAIPlugin").makeProvider(
            name: "openai", settings: .object(all))
        let response: Result<ChatResponse, ProviderError>
        do {
            response = .success(try await provider.complete(request))
        } catch {
            response = .failure(ProviderError(error, provider: "openai"))
        }
        let sent = try #require(server.requests.first)
        return (response, sent, try JSONParser.parse(sent.body))
    }

    @Test func parallelToolCallsInterleavedByIndexAreAssembledApart() async throws {
        let request = ChatRequest(
            model: "gpt-6.2-sol",
            messages: [.user("Weather in Paris and Tokyo?")],
            tools: [ToolDefinition(name: "get_weather", parameters: ["type": "object"])]
        )
        let (response, _, _) = try await run(fixture: "stream-parallel-tools.sse", request)
        let answer = try response.get()
        #expect(
            answer.toolCalls == [
                ToolCall(id: "call_paris", name: "get_weather", arguments: #"{"location": "Paris"}"#),
                ToolCall(id: "call_tokyo", name: "get_weather", arguments: #"{"location": "Tokyo"}"#),
            ]
        )
        #expect(answer.finishReason == .toolCalls)
    }

    @Test func reasoningContentBecomesThinkingAndReasoningTokensAreSplitOut() async throws {
        let (response, _, _) = try await run(
            fixture: "stream-reasoning.sse", ChatRequest(model: "deepseek-reasoner", messages: [.user("?")]))
        let answer = try response.get()
        #expect(answer.content.first == .thinking(Thinking(text: "The user wants a number.")))
        #expect(answer.text == "42")
        #expect(answer.usage == Usage(inputUncached: 12, outputText: 2, outputReasoning: 28))
    }

    @Test func imagesToolsStructuredOutputAndEffortAreSentTheOpenAIWay() async throws {
        let schema: JSONValue = [
            "type": "object", "properties": ["answer": ["type": "string"]], "required": ["answer"],
        ]
        let request = ChatRequest(
            model: "gpt-6.1-terra",
            messages: [
                .system("Answer in JSON."),
                Message(
                    role: .user,
                    content: [
                        .text("What is in these?"), .image(.url("https://example.com/cat.png")),
                        .image(.base64(data: "iVBORw0KGgo=", mediaType: "image/png")),
                    ]),
                Message(
                    role: .assistant,
                    content: [.toolCall(ToolCall(id: "call_1", name: "lookup", arguments: #"{"q":"cat"}"#))]),
                Message(role: .tool, content: [.toolResult(ToolResult(toolCallId: "call_1", content: "a cat"))]),
            ],
            tools: [ToolDefinition(name: "lookup", description: "Look up", parameters: ["type": "object"])],
            toolChoice: .tool("lookup"),
            temperature: 0.2,
            topP: 0.9,
            maxOutputTokens: 300,
            stop: ["END"],
            responseFormat: .jsonSchema(name: "answer", schema: schema, strict: true),
            thinking: ThinkingOptions(effort: "high")
        )
        let (_, sent, body) = try await run(request)
        #expect(sent.uri == "/v1/chat/completions")
        let messages = try #require(body["messages"]?.arrayValue)
        #expect(messages.map { $0["role"]?.stringValue } == ["system", "user", "assistant", "tool"])
        let parts = try #require(messages[1]["content"]?.arrayValue)
        #expect(parts[1]["type"] == "image_url")
        #expect(parts[1]["image_url"]?["url"] == "https://example.com/cat.png")
        #expect(parts[2]["image_url"]?["url"] == "data:image/png;base64,iVBORw0KGgo=")
        #expect(messages[2]["tool_calls"]?.arrayValue?.first?["function"]?["arguments"] == #"{"q":"cat"}"#)
        #expect(messages[3]["tool_call_id"] == "call_1")
        #expect(body["tool_choice"]?["function"]?["name"] == "lookup")
        #expect(body["response_format"]?["type"] == "json_schema")
        #expect(body["response_format"]?["json_schema"]?["schema"] == schema)
        #expect(body["response_format"]?["json_schema"]?["strict"] == true)
        #expect(body["reasoning_effort"] == "high")
        #expect(body["max_completion_tokens"] == 300)
        #expect(body["temperature"] == 0.2)
        #expect(body["top_p"] == 0.9)
        #expect(body["stop"] == ["END"])
    }

    @Test func olderServersGetMaxTokens() async throws {
        let (_, _, body) = try await run(
            settings: ["max_tokens_field": "max_tokens"],
            ChatRequest(model: "local", messages: [.user("hi")], maxOutputTokens: 50)
        )
        #expect(body["max_tokens"] == 50)
        #expect(body["max_completion_tokens"] == nil)
    }

    @Test func azureDeploymentsUseTheirURLAPIVersionAndKeyHeader() async throws {
        let server = try await MockHTTPServer.start { _ in
            MockHTTPServer.Response(
                status: 200,
                headers: [("content-type", "text/event-stream")],
                chunks: (try? Fixture.chunks("stream-text.sse")) ?? []
            )
        }
        defer { Task { try await server.shutdown() } }
        let provider = try BuiltPlugin.load(product: "SwitchboardOpenAIPlugin").makeProvider(
            name: "azure",
            settings: [
                "base_url": .string(server.baseURL), "azure_deployment": "gpt4o-prod", "api_key": "azure-key-123",
            ]
        )
        let answer = try await provider.complete(ChatRequest(model: "gpt-6.1-terra", messages: [.user("hi")]))
        #expect(answer.text == "Hello, world!")
        let sent = try #require(server.requests.first)
        #expect(sent.uri == "/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21")
        #expect(sent.header("api-key") == "azure-key-123")
        #expect(sent.header("authorization") == nil)
    }

    @Test func aBadAzureDeploymentNameIsRefused() throws {
        let plugin = try BuiltPlugin.load(product: "SwitchboardOpenAIPlugin")
        #expect {
            try plugin.makeProvider(name: "azure", settings: ["azure_deployment": "a/b"])
        } throws: { error in
            (error as? ProviderError)?.message.contains(
                "setting \"azure_deployment\" of provider \"azure\" must be a deployment name") == true
        }
    }

    @Test func aServerThatNeverAnswersIsATimeout() async throws {
        let server = try await MockHTTPServer.start { _ in MockHTTPServer.Response(status: 200, chunks: [.hang]) }
        defer { Task { try await server.shutdown() } }
        let provider = try BuiltPlugin.load(product: "SwitchboardOpenAIPlugin").makeProvider(
            name: "slow",
            settings: ["base_url": .string(server.baseURL + "/v1"), "timeout_seconds": 0.3]
        )
        let (_, error) = await provider.collect(ChatRequest(model: "gpt-6.1-terra", messages: [.user("hi")]))
        #expect(error?.kind == .timeout)
        #expect(error?.provider == "slow")
    }
}
