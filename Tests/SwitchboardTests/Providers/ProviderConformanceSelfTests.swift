import Foundation
import SwitchboardKit
import SwitchboardTesting
import Testing

/// The conformance suite (`SwitchboardTesting.ProviderConformance`) on a plugin that breaks its promises: the suite
/// must fail, naming each problem. Each bundled plugin runs the suite on itself in its own test target
/// (`Plugins/<Name>/Tests/<Name>ConformanceTests.swift`).
@Suite("The conformance suite itself")
struct ProviderConformanceSelfTests {
    /// OpenAI's recorded transcripts, which the Echo plugin never asks for.
    static func openAITranscripts() throws -> ConformanceTranscripts {
        func fixture(_ name: String) -> String { TestSupport.pluginFixture("OpenAI", name) }
        let unauthorized = try Fixture.text(fixture("error-401.json"))
        let sse = "text/event-stream"
        return ConformanceTranscripts(
            stream: try Fixture.response(fixture("stream-text.sse"), contentType: sse),
            truncatedStream: try Fixture.response(fixture("stream-cut.sse"), contentType: sse),
            errorBody: { _ in unauthorized }
        )
    }

    @Test func aPluginThatBreaksThePromisesFailsTheSuiteNamingEachProblem() async throws {
        // The Echo plugin never calls the server: every HTTP promise is broken, and the suite must say so.
        let echo = ProviderConformance(
            plugin: try TestSupport.plugin("Echo"),
            settings: { _ in [:] },
            transcripts: try Self.openAITranscripts()
        )
        await #expect {
            try await echo.run(.errors)
        } throws: { error in
            let failure = error as? ConformanceFailure
            return failure?.check == .errors
                && failure?.problems.first == "HTTP 401 (unauthorized) ended the stream without an error"
        }
        await #expect {
            try await echo.run(.truncatedStream)
        } throws: { error in
            (error as? ConformanceFailure)?.problems.contains {
                $0.hasPrefix("a stream that stops before its end marker delivered a finish event")
            } == true
        }
        await #expect {
            try await echo.run(.cancellation)
        } throws: { error in
            (error as? ConformanceFailure)?.problems == ["the request never reached the server"]
        }
    }
}
