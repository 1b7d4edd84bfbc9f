import SwitchboardKit

/// Streams the last user message back, one word per text delta, with usage counted in words.
struct EchoProvider: Provider {
    let name: String
    let prefix: String

    func models() async throws -> [ModelInfo] {
        EchoPlugin.manifest.models
    }

    func health() async -> ProviderHealth {
        ProviderHealth(status: .ok, message: "echo is always available", latencyMilliseconds: 0)
    }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        let name = name
        let prefix = prefix
        return AsyncThrowingStream.producing { continuation in
            if let kind = request.metadata["echo.error"] {
                throw ProviderError(
                    .init(rawValue: kind), "echo was asked to fail with \(kind)", provider: name,
                    retryAfter: request.metadata["echo.retry_after"].flatMap(Double.init))
            }
            let prompt = request.messages.last { $0.role == .user }?.text ?? ""
            let deltas: [String]
            if let repeatCount = request.metadata["echo.repeat"].flatMap(Int.init) {
                deltas = Array(repeating: prompt, count: max(0, repeatCount))
            } else {
                deltas = Self.words(prefix + prompt)
            }
            continuation.yield(.start(id: "echo-\(request.messages.count)", model: request.model))
            for delta in deltas {
                try Task.checkCancellation()
                continuation.yield(.textDelta(delta))
            }
            let inputWords = request.messages.reduce(0) { $0 + Self.words($1.text).count }
            continuation.yield(.usage(Usage(inputUncached: inputWords, outputText: deltas.count)))
            continuation.yield(.finish(.stop))
        }
    }

    /// Splits text into words, each keeping the whitespace that follows it, so the deltas join back exactly.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text {
            if character.isWhitespace {
                current.append(character)
            } else {
                if let last = current.last, last.isWhitespace {
                    words.append(current)
                    current = ""
                }
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}
