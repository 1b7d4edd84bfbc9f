import Switchboard
import SwitchboardKit

/// An in-process provider whose embedding models follow a script: answer (one vector [index, 0.5] per input, 4
/// input tokens per input), fail with a kind a given number of times first, or (`hanging`) never answer until
/// cancelled. It records every request's model.
struct ScriptedEmbedder: Provider {
    let name: String
    /// Per model: how many requests fail first, and with what.
    let failures: [String: (count: Int, kind: ProviderError.Kind)]
    let models: [String]
    /// Models that never answer; only cancellation ends their requests.
    var hanging: Set<String> = []
    private let asked = Locked<[String]>([])

    init(_ name: String, models: [String], failures: [String: (count: Int, kind: ProviderError.Kind)] = [:]) {
        self.name = name
        self.models = models
        self.failures = failures
    }

    /// The models asked, in order.
    var requests: [String] { asked.withLock { $0 } }

    func models() async throws -> [ModelInfo] { models.map { ModelInfo(id: $0, capabilities: [.embeddings]) } }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        AsyncThrowingStream { $0.finish(throwing: ProviderError(.unsupported, "embeddings only", provider: name)) }
    }

    func embed(_ request: EmbeddingRequest) async throws -> EmbeddingResponse {
        let count = asked.withLock { asked in
            asked.append(request.model)
            return asked.filter { $0 == request.model }.count
        }
        guard models.contains(request.model) else {
            throw ProviderError(.notFound, "no model \(request.model)", provider: name)
        }
        if hanging.contains(request.model) {
            while true { try await Task.sleep(for: .seconds(3600)) }
        }
        if let failure = failures[request.model], count <= failure.count {
            throw ProviderError(failure.kind, "scripted \(failure.kind) for \(request.model)", provider: name)
        }
        return EmbeddingResponse(
            model: request.model, provider: name,
            embeddings: request.inputs.indices.map { [Float($0), 0.5] },
            usage: Usage(inputUncached: 4 * request.inputs.count))
    }
}
