public import SwitchboardConformanceKit
import SwitchboardKit

extension ProviderConformance {
    /// The suite a plugin package describes for `switchboard conformance` (``ConformanceSpec``): the same checks,
    /// run in the `switchboard` executable on the package's built `.so`.
    public init(spec: ConformanceSpec) {
        self.init(
            plugin: spec.plugin,
            settings: { baseURL in spec.settings(baseURL: baseURL) },
            transcripts: ConformanceTranscripts(spec.transcripts),
            secrets: spec.secrets,
            instanceName: spec.instanceName
        )
    }

    /// Sends the request of `input` through a fresh instance to a server answering its response (and the routes),
    /// for `switchboard conformance --exchange`.
    /// - Returns: the answer or the error the provider ended with, and every request the server received.
    /// - Throws: ``ConformanceFailure`` when the host refuses the plugin, or the error that kept the server from
    ///   starting.
    public func exchange(_ input: ConformanceExchange.Input) async throws -> ConformanceExchange {
        let response = MockHTTPServer.Response(input.response)
        return try await withProvider(answering: { _ in response }) { provider, server in
            do {
                let answer = try await provider.complete(input.request)
                return ConformanceExchange(answer: answer, error: nil, requests: server.requests.map(WireRequest.init))
            } catch {
                return ConformanceExchange(
                    answer: nil, error: ProviderError(error, provider: provider.name),
                    requests: server.requests.map(WireRequest.init))
            }
        }
    }
}
