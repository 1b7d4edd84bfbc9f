import Foundation
import SwitchboardKit

/// Turns one finished run of `gemini --output-format json` into ``StreamEvent``s.
///
/// The CLI does not stream in this mode: a successful run is one `start`, one text delta with the whole
/// `response`, the usage summed over every model the run used, and `finish(.stop)`.
struct GeminiCLIResponseDecoder {
    /// The model the command line asked for (empty when it named none).
    let requestedModel: String
    let errorMapper: GeminiCLIErrorMapper
    /// The instance's timeout, named in a timeout error.
    let timeout: Duration?

    /// The events for a run that printed `stdout` and ended with `exit`.
    /// - Throws: `timeout` when the run was stopped; the mapped error of an `{"error":…}` document (on stdout, or
    ///   on stderr where the CLI writes it when it fails); the exit's error, quoting stderr, for any other failure;
    ///   `server` for output that is not the JSON expected.
    func events(stdout: [UInt8], exit: CLIProcess.Exit) throws -> [StreamEvent] {
        if exit.timedOut { throw errorMapper.exitError(exit, timeout: timeout) }
        let output = Self.document(stdout)
        if let error = output?.error { throw errorMapper.reportedError(error, exit: exit) }
        guard exit.succeeded else {
            if let error = Self.errorDocument(inStderr: exit.stderrTail) {
                throw errorMapper.reportedError(error, exit: exit)
            }
            throw errorMapper.exitError(exit, timeout: timeout)
        }
        guard let output, let response = output.response else { throw errorMapper.invalidOutput(stdout) }
        let models = output.stats?.models ?? [:]
        return [
            .start(id: output.sessionId, model: model(answering: models)),
            .textDelta(response),
            .usage(Self.usage(models)),
            .finish(.stop),
        ]
    }

    /// The model that answered: the one asked for when the stats list it, else the one that used most tokens.
    private func model(answering models: [String: GeminiCLIWire.ModelStats]) -> String {
        if models[requestedModel] != nil || models.isEmpty { return requestedModel.isEmpty ? "gemini" : requestedModel }
        return models.max { ($0.value.tokens?.total ?? 0, $1.key) < ($1.value.tokens?.total ?? 0, $0.key) }?.key
            ?? requestedModel
    }

    /// Usage summed over models: `prompt` includes `cached`, so the uncached input is the difference.
    private static func usage(_ models: [String: GeminiCLIWire.ModelStats]) -> Usage {
        let tokens = models.values.compactMap(\.tokens)
        guard !tokens.isEmpty else { return Usage(estimated: true) }
        var usage = Usage()
        for figures in tokens {
            let cached = max(0, figures.cached ?? 0)
            usage.inputUncached = sum(usage.inputUncached, max(0, max(0, figures.prompt ?? 0) - cached))
            usage.inputCacheRead = sum(usage.inputCacheRead, cached)
            usage.outputText = sum(usage.outputText, max(0, figures.candidates ?? 0))
            usage.outputReasoning = sum(usage.outputReasoning, max(0, figures.thoughts ?? 0))
        }
        return usage
    }

    /// `total + count` for counts that are not negative, `Int.max` where that overflows: figures no real run reports
    /// make an absurd total, not a crash.
    private static func sum(_ total: Int, _ count: Int) -> Int {
        let (sum, overflow) = total.addingReportingOverflow(count)
        return overflow ? .max : sum
    }

    private static func document(_ bytes: [UInt8]) -> GeminiCLIWire.Output? {
        try? JSONDecoder().decode(GeminiCLIWire.Output.self, from: Data(bytes))
    }

    /// The `{"error":…}` document at the end of stderr, after whatever the CLI logged before it.
    private static func errorDocument(inStderr text: String) -> GeminiCLIWire.ErrorBody? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        while let start = lines.firstIndex(where: { $0.hasPrefix("{") }) {
            if let error = document(Array(lines[start...].joined(separator: "\n").utf8))?.error { return error }
            lines = lines[(start + 1)...]
        }
        return nil
    }
}
