import Foundation
import SwitchboardKit

/// One Gemini CLI installation: runs `gemini --output-format json` per request and turns its one JSON document into
/// events.
struct GeminiCLIProvider: Provider {
    /// The most stdout one run may print before it is treated as broken.
    private static let outputLimit = 64 * 1024 * 1024

    let name: String
    private let settings: CLISettings
    private let errorMapper: GeminiCLIErrorMapper
    private let requestMapper: GeminiCLIRequestMapper

    /// Creates a provider named after `context`'s instance.
    init(context: ProviderContext, settings: CLISettings) {
        self.name = context.name
        self.settings = settings
        self.errorMapper = GeminiCLIErrorMapper(provider: context.name, secrets: settings.secrets)
        self.requestMapper = GeminiCLIRequestMapper(settings: settings)
    }

    /// Runs the CLI and yields its answer once it exits. The executable is checked before anything is spawned;
    /// cancelling the consumer stops the CLI (SIGTERM to its process group, SIGKILL after a grace period) and waits
    /// until it has been reaped.
    func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        .producing { [name, settings, errorMapper, requestMapper] continuation in
            let invocation = try requestMapper.invocation(for: request)
            var stdout: [UInt8] = []
            let exit = try await settings.run(arguments: invocation.arguments, input: nil) { output in
                for await chunk in output {
                    stdout += chunk
                    guard stdout.count <= Self.outputLimit else {
                        throw ProviderError(
                            .server,
                            "the Gemini CLI printed more than \(Self.outputLimit / 1024 / 1024) MiB; it was stopped",
                            provider: name
                        )
                    }
                }
            }
            let decoder = GeminiCLIResponseDecoder(
                requestedModel: invocation.model,
                errorMapper: errorMapper,
                timeout: settings.timeout
            )
            for event in try decoder.events(stdout: stdout, exit: exit) { continuation.yield(event) }
        }
    }

    /// The catalog: the Gemini models the CLI offers.
    func models() async throws -> [ModelInfo] {
        GeminiCLICatalog.models
    }

    /// Whether the executable can be found and run; nothing is spawned (a real run spends quota).
    func health() async -> ProviderHealth {
        do {
            let executable = try settings.executable()
            return ProviderHealth(status: .ok, message: "Gemini CLI at \(executable)")
        } catch {
            return ProviderHealth(status: .unavailable, message: ProviderError(error, provider: name).description)
        }
    }
}
