import SwitchboardKit

/// A configured provider instance created on first use, so a command that only lists, routes or prices (and never
/// sends a request) maps no plugin file: `switchboard plugins`, `models` and `route` open none.
///
/// Creation runs once; its failure is kept and is every call's answer. ``SwitchboardHost/instanceFailures`` creates
/// every instance not created yet, which is how `serve`, `doctor` and the overview report instances that cannot be
/// made before the first request.
final class DeferredProvider: Provider, Sendable {
    let name: String
    private let create: @Sendable () throws -> any Provider
    private let state = Locked<Result<any Provider, ProviderError>?>(nil)

    /// An instance named `name` that `create` makes on first use.
    init(name: String, create: @escaping @Sendable () throws -> any Provider) {
        self.name = name
        self.create = create
    }

    /// The instance, created now if it was not yet, or why it cannot be.
    var instance: Result<any Provider, ProviderError> {
        state.withLock { state in
            if let state { return state }
            let made: Result<any Provider, ProviderError>
            do {
                made = .success(try create())
            } catch let error as PluginLoadError {
                made = .failure(
                    ProviderError(.server, "cannot load its plugin: \(error.description)", provider: name))
            } catch {
                made = .failure(ProviderError(error, provider: name))
            }
            state = made
            return made
        }
    }

    /// Whether the instance was created (successfully or not).
    var isCreated: Bool { state.withLock { $0 != nil } }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        switch instance {
        case .success(let provider): return provider.stream(request)
        case .failure(let error): return AsyncThrowingStream { $0.finish(throwing: error) }
        }
    }

    func models() async throws -> [ModelInfo] {
        try await instance.get().models()
    }

    func embed(_ request: EmbeddingRequest) async throws -> EmbeddingResponse {
        try await instance.get().embed(request)
    }

    func health() async -> ProviderHealth {
        switch instance {
        case .success(let provider): return await provider.health()
        case .failure(let error): return ProviderHealth(status: .unavailable, message: "\(error)")
        }
    }
}
