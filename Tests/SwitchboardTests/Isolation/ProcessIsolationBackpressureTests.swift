import Foundation
import SwitchboardKit
import SwitchboardTesting
import Testing

@testable import Switchboard

/// Flow control across the `plugin-host` pipe: a consumer that stops reading an isolated plugin's stream stops the
/// upstream far short of its answer, as it does for a plugin in process, and then gets the whole answer in order.
@Suite struct ProcessIsolationBackpressureTests {
    @Test(.timeLimit(.minutes(3)))
    func aConsumerThatStopsReadingStopsTheUpstreamThroughTheChild() async throws {
        let deltas = 15000
        func delta(_ number: Int) -> String { String(format: "<%05d>", number) + String(repeating: "b", count: 993) }
        let chunks: [MockHTTPServer.Step] =
            (0..<deltas).map { number in
                .text(
                    #"data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-6.1-terra","choices":[{"index":0,"delta":{"content":""#
                        + delta(number) + #""},"finish_reason":null}]}"# + "\n\n")
            } + [
                .text(
                    #"data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-6.1-terra","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#
                        + "\n\ndata: [DONE]\n\n")
            ]
        let total = chunks.reduce(0) { total, step in
            if case .bytes(let bytes) = step { total + bytes.count } else { total }
        }
        let answer = MockHTTPServer.Response(headers: [("content-type", "text/event-stream")], chunks: chunks)
        let server = try await MockHTTPServer.start(sendBuffer: 64 * 1024) { _ in answer }
        defer { Task { try await server.shutdown() } }
        let provider = ProcessPluginProvider(
            name: "isolated-openai", pluginPath: try TestSupport.plugin("OpenAI"),
            settings: ["base_url": .string(server.baseURL + "/v1"), "api_key": "sk-isolated"],
            options: .init(executable: TestSupport.buildDirectory + "/switchboard"))
        var events = provider.stream(ChatRequest(model: "gpt-6.1-terra", messages: [.user("hi")])).makeAsyncIterator()
        var text = ""
        while text.isEmpty, let event = try await events.next() {
            if case .textDelta(let delta) = event { text += delta }
        }
        let stalledAt = try await server.bodyBytesSentOnceStalled()
        #expect(
            stalledAt < total / 3, "the upstream sent \(stalledAt) of \(total) bytes to a consumer that read one event")
        while let event = try await events.next() {
            if case .textDelta(let delta) = event { text += delta }
        }
        #expect(text == (0..<deltas).map(delta).joined())
        #expect(server.bodyBytesSent == total)
    }
}
