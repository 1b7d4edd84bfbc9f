import SwitchboardConformanceKit
import SwitchboardKit
import Testing

/// The built plugin (`libSkeletonPlugin.so`), checked by Switchboard's conformance suite in the `switchboard`
/// executable (`$SWITCHBOARD_CLI`, else the one that scaffolded this package, else the one on `PATH`) against a local
/// server that speaks Skeleton's wire format. Run `swift build` before `swift test`.
@Suite("Skeleton plugin")
struct SkeletonPluginTests {
    static let apiKey = "sk-skeleton-test-0123456789"

    /// Switchboard's conformance suite, pointed at this plugin and its transcripts.
    static func conformance() throws -> PluginConformance {
        try PluginConformance(
            product: "SkeletonPlugin",
            settings: { baseURL in ["base_url": .string(baseURL), "api_key": .string(apiKey)] },
            transcripts: SkeletonTranscripts.all,
            secrets: [apiKey],
            cli: SwitchboardCLI(recordedPath: "{{SWITCHBOARD_CLI}}")
        )
    }

    @Test(arguments: ConformanceCheck.allCases)
    func conformance(_ check: ConformanceCheck) async throws {
        try await Self.conformance().run(check)
    }

    @Test func theRequestIsWhatSkeletonsAPIExpects() async throws {
        let request = ChatRequest(
            model: "skeleton-chat", messages: [.system("Be brief."), .user("Say hello")], maxOutputTokens: 64)
        let exchange = try await Self.conformance().exchange(
            request, answering: .events(SkeletonTranscripts.answer))
        #expect(exchange.answer?.text == "Hello, world!")
        let sent = try #require(exchange.requests.first)
        #expect(sent.method == "POST")
        #expect(sent.uri == "/chat")
        #expect(sent.header("authorization") == "Bearer \(Self.apiKey)")
        let body: JSONValue = try sent.json()
        #expect(body["model"] == "skeleton-chat")
        #expect(body["max_tokens"] == 64)
        #expect(body["stream"] == true)
        #expect(body["messages"]?.arrayValue?.last?["content"] == "Say hello")
    }
}
