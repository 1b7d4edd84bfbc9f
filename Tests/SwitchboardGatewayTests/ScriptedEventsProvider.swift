import Switchboard
import SwitchboardKit

/// An in-process provider that answers every request with the same stream events and then ends, or fails with
/// ``failure`` after them (a failure mid-stream once they include content). It records each request.
final class ScriptedEventsProvider: Provider, Sendable {
    let name: String
    private let events: [StreamEvent]
    private let failure: ProviderError?
    private let recorded = Locked<[ChatRequest]>([])

    init(name: String, events: [StreamEvent], failure: ProviderError? = nil) {
        self.name = name
        self.events = events
        self.failure = failure
    }

    /// The requests received so far.
    var requests: [ChatRequest] { recorded.withLock { $0 } }

    func models() async throws -> [ModelInfo] {
        [ModelInfo(id: "scripted", capabilities: Set(Capability.allCases).subtracting([.embeddings]), local: true)]
    }

    func health() async -> ProviderHealth { ProviderHealth(status: .ok, message: "ok", latencyMilliseconds: 0) }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        recorded.withLock { $0.append(request) }
        let events = events
        let failure = failure
        return AsyncThrowingStream { continuation in
            for event in events { continuation.yield(event) }
            continuation.finish(throwing: failure)
        }
    }
}
