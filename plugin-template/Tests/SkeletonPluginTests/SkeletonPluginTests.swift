import Foundation
import SwitchboardKit
import SwitchboardTesting
import Testing

/// The built plugin (`libSkeletonPlugin.so`), loaded by Switchboard's own loader, against a local server that speaks
/// Skeleton's wire format. Run `swift build` before `swift test`: the tests load the shared object it writes.
@Suite("Skeleton plugin")
struct SkeletonPluginTests {
    static let apiKey = "sk-skeleton-test-0123456789"

    /// Switchboard's conformance suite, pointed at this plugin and its transcripts.
    static func conformance() throws -> ProviderConformance {
        ProviderConformance(
            plugin: try BuiltPlugin.path(product: "SkeletonPlugin"),
            settings: { baseURL in ["base_url": .string(baseURL), "api_key": .string(apiKey)] },
            transcripts: SkeletonTranscripts.all,
            secrets: [apiKey]
        )
    }

    @Test(arguments: ConformanceCheck.allCases)
    func conformance(_ check: ConformanceCheck) async throws {
        try await Self.conformance().run(check)
    }

    @Test func theRequestIsWhatSkeletonsAPIExpects() async throws {
        let request = ChatRequest(
            model: "skeleton-chat", messages: [.system("Be brief."), .user("Say hello")], maxOutputTokens: 64)
        let response = SkeletonTranscripts.events(SkeletonTranscripts.answer)
        try await Self.conformance().withProvider(answering: { _ in response }) { provider, server in
            let answer = try await provider.complete(request)
            #expect(answer.text == "Hello, world!")
            let sent = try #require(server.requests.first)
            #expect(sent.method == "POST")
            #expect(sent.uri == "/chat")
            #expect(sent.header("authorization") == "Bearer \(Self.apiKey)")
            let body = try JSONDecoder().decode(JSONValue.self, from: Data(sent.body))
            #expect(body["model"] == "skeleton-chat")
            #expect(body["max_tokens"] == 64)
            #expect(body["stream"] == true)
            #expect(body["messages"]?.arrayValue?.last?["content"] == "Say hello")
        }
    }
}
