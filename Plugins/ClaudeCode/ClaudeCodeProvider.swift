import Foundation
import SwitchboardKit

/// One Claude Code installation: runs `claude -p` per request and streams its JSON lines as they are printed.
struct ClaudeCodeProvider: Provider {
    let name: String
    private let host: HostServices
    private let settings: ClaudeCodeSettings
    private let errorMapper: ClaudeCodeErrorMapper
    private let requestMapper: ClaudeCodeRequestMapper

    /// Creates a provider named after `context`'s instance.
    init(context: ProviderContext, settings: ClaudeCodeSettings) {
        self.name = context.name
        self.host = context.host
        self.settings = settings
        self.errorMapper = ClaudeCodeErrorMapper(provider: context.name, secrets: settings.cli.secrets)
        self.requestMapper = ClaudeCodeRequestMapper(settings: settings)
    }

    /// Streams the answer. The executable is checked before anything is spawned; cancelling the consumer stops the
    /// CLI (SIGTERM to its process group, SIGKILL after a grace period) and waits until it has been reaped.
    func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        .producing { [name, host, settings, errorMapper, requestMapper] continuation in
            let invocation = try requestMapper.invocation(for: request)
            var decoder = ClaudeCodeStreamDecoder(model: request.model, errorMapper: errorMapper)
            let exit = try await settings.cli.run(arguments: invocation.arguments, input: invocation.input) { output in
                var lines = JSONLinesParser()
                for await chunk in output {
                    for line in try lines.push(chunk) {
                        for event in try decoder.decode(line) { continuation.yield(event) }
                    }
                }
                try Task.checkCancellation()
                if let line = lines.finish() {
                    for event in try decoder.decode(line) { continuation.yield(event) }
                }
            }
            guard let result = decoder.result else {
                if !exit.succeeded { throw errorMapper.exitError(exit, timeout: settings.cli.timeout) }
                try decoder.end()
                return
            }
            Self.logCost(of: result, exit: exit, provider: name, host: host)
        }
    }

    /// The catalog: the CLI's model aliases.
    func models() async throws -> [ModelInfo] {
        ClaudeCodeCatalog.models
    }

    /// Whether the executable can be found and run; nothing is spawned (a real run costs money).
    func health() async -> ProviderHealth {
        do {
            let executable = try settings.cli.executable()
            return ProviderHealth(status: .ok, message: "Claude Code CLI at \(executable)")
        } catch {
            return ProviderHealth(status: .unavailable, message: ProviderError(error, provider: name).description)
        }
    }

    /// Logs what the CLI says the run cost. The figure is the CLI's own (`total_cost_usd`); the usage ledger takes it
    /// from here, since the catalog has no prices for the CLI's aliases.
    private static func logCost(
        of result: ClaudeCodeWire.Line, exit: CLIProcess.Exit, provider: String, host: HostServices
    ) {
        var facts: [String] = []
        if let session = result.sessionId { facts.append("session \(session)") }
        if let turns = result.numTurns { facts.append("\(turns) turn\(turns == 1 ? "" : "s")") }
        // `Int(exactly:)`: a duration no clock gives (1e300, NaN) is left out rather than trapping in the host process.
        if let duration = result.durationMs.flatMap({ Int(exactly: $0.rounded()) }) { facts.append("\(duration) ms") }
        let cost = result.totalCostUsd.map { "total_cost_usd=\($0)" } ?? "no total_cost_usd reported"
        host.log(
            .info, "provider \"\(provider)\": Claude Code run finished, \(cost) (\(facts.joined(separator: ", ")))")
        if !exit.succeeded {
            host.log(
                .warning, "provider \"\(provider)\": the Claude Code CLI \(exit.summary) after a successful result")
        }
    }
}
