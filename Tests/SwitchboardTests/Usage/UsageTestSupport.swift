import Foundation
import Logging
import Switchboard
import SwitchboardKit

/// Log lines captured by ``CapturingLogHandler``.
final class CapturedLogs: Sendable {
    private let lines = Locked<[String]>([])

    /// A logger whose every line lands here as `level message`.
    var logger: Logger {
        Logger(label: "test") { _ in CapturingLogHandler(logs: self) }
    }

    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

/// A log handler that keeps every line in memory.
struct CapturingLogHandler: LogHandler {
    let logs: CapturedLogs
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        logs.append("\(event.level) \(event.message)")
    }
}

/// Candidates, providers and meters for usage tests.
enum Metering {
    /// A cloud candidate priced `input`/`output` USD per million tokens.
    static func candidate(
        _ provider: String, _ model: String, input: Double = 1, output: Double = 2, maxOutputTokens: Int? = nil,
        local: Bool = false
    ) -> RouteCandidate {
        RouteCandidate(
            provider: provider,
            model: ModelInfo(
                id: model, maxOutputTokens: maxOutputTokens,
                pricing: local ? nil : Pricing(input: input, output: output), local: local),
            rationale: "test",
            estimatedCost: nil,
            confidence: 1
        )
    }

    /// A request of `text` with at most `maxOutputTokens` output tokens, tagged `tags`.
    static func request(_ text: String = "Hello there", maxOutputTokens: Int? = 100, tags: [String] = []) -> ChatRequest
    {
        ChatRequest(model: "", messages: [.user(text)], maxOutputTokens: maxOutputTokens, tags: tags)
    }

    /// An answer from `provider` using `usage`.
    static func answer(_ provider: String, _ usage: Usage, text: String = "Hi") -> ChatResponse {
        ChatResponse(model: "m", provider: provider, content: [.text(text)], finishReason: .stop, usage: usage)
    }

    /// A fresh temporary ledger file path inside a new directory.
    static func temporaryLedgerPath() throws -> String {
        try TestSupport.makeTemporaryDirectory() + "/usage.sqlite"
    }
}
