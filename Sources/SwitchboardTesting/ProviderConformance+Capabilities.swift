import Switchboard
import SwitchboardKit

extension ProviderConformance {
    /// A 1×1 transparent PNG, for the `vision` request.
    private static let pixel =
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="

    /// ``ConformanceCheck/capabilities``.
    func checkCapabilities(_ problems: inout Problems) async throws {
        let models = try loadPlugin().manifest.models
        for capability in Capability.allCases where capability != .embeddings {
            guard let model = models.first(where: { $0.capabilities.contains(capability) }) else { continue }
            guard let exercised = exercise(capability, model: model.id, &problems) else { continue }
            let (request, response) = exercised
            try await withProvider(answering: { _ in response }) { provider, server in
                let (events, error) = await provider.collect(request)
                let what = "model \"\(model.id)\" advertises \(capability.rawValue), but"
                if let error {
                    problems.add("\(what) a request using it failed: \(error)")
                    return
                }
                problems.expect(chatRequests(server).count == 1, "\(what) its request did not reach the server once")
                var shape = Problems()
                Self.expectCompleteAnswer(events, &shape)
                for problem in shape.list { problems.add("\(what) its answer is malformed: \(problem)") }
                switch capability {
                case .tools:
                    let tool = transcripts.toolCall?.tool ?? ""
                    let called = events.contains { if case .toolCallStart(_, _, tool) = $0 { true } else { false } }
                    problems.expect(
                        called, "\(what) the recorded tool call did not come out as a tool_call_start for \"\(tool)\"")
                    problems.expect(
                        events.last == .finish(.toolCalls),
                        "\(what) the tool call answer ends with \(events.last.map(String.init(describing:)) ?? "nothing"), not finish(tool_calls)"
                    )
                case .thinking:
                    let thought = events.contains { if case .thinkingDelta = $0 { true } else { false } }
                    problems.expect(thought, "\(what) the recorded thinking did not come out as thinking_delta events")
                default:
                    let answered = events.contains { if case .textDelta = $0 { true } else { false } }
                    problems.expect(answered, "\(what) its answer carries no text")
                }
            }
        }
    }

    /// The request that uses `capability` and the recorded answer to it; nil after recording a problem when the
    /// transcripts lack what the capability needs.
    private func exercise(
        _ capability: Capability,
        model: String,
        _ problems: inout Problems
    ) -> (ChatRequest, MockHTTPServer.Response)? {
        var request = Self.request(model: model)
        switch capability {
        case .chat, .embeddings:
            break
        case .code:
            request.messages = [.user("Write a Swift function that adds two integers.")]
        case .vision:
            request.messages = [
                Message(
                    role: .user,
                    content: [
                        .text("What is in this picture?"), .image(.base64(data: Self.pixel, mediaType: "image/png")),
                    ])
            ]
        case .jsonSchema:
            request.responseFormat = .jsonSchema(
                name: "greeting",
                schema: ["type": "object", "properties": ["text": ["type": "string"]], "required": ["text"]],
                strict: true
            )
        case .tools:
            guard let toolCall = transcripts.toolCall else {
                problems.add(
                    "model \"\(model)\" advertises tools; give ConformanceTranscripts.toolCall a recorded answer that calls a tool"
                )
                return nil
            }
            request.messages = [.user("What is the weather in Paris?")]
            request.tools = [
                ToolDefinition(
                    name: toolCall.tool,
                    description: "The current weather in a city",
                    parameters: [
                        "type": "object", "properties": ["location": ["type": "string"]], "required": ["location"],
                    ]
                )
            ]
            return (request, toolCall.response)
        case .thinking, .reasoning:
            request.maxOutputTokens = 4096
            request.thinking = ThinkingOptions(budgetTokens: 1024, effort: "low")
            if let thinking = transcripts.thinking { return (request, thinking) }
            if capability == .thinking {
                problems.add(
                    "model \"\(model)\" advertises thinking; give ConformanceTranscripts.thinking a recorded answer with thinking"
                )
                return nil
            }
        }
        return (request, transcripts.stream)
    }
}
