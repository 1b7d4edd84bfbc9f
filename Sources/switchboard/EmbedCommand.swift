import ArgumentParser
import Foundation
import Switchboard
import SwitchboardKit

/// `switchboard embed`: the embeddings of one or more texts.
struct EmbedCommand: AsyncParsableCommand, HostCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed texts and print their vectors.",
        discussion: """
            Each argument is one text; with none, standard input is one text \
            (`cat notes.md | switchboard embed -m openai/text-embedding-3-small`). Only models with the \
            `embeddings` capability answer (`switchboard models --capability embeddings` lists them); without \
            --model the router chooses among them, and the strategy falls through to the next on failures worth it.

            The default output is a summary: who answered, each vector's size and first numbers, tokens and cost. \
            --json prints {"provider", "model", "embeddings": [[…], …], "usage": {"input_tokens", "estimated"}, \
            "cost_usd" (null when the model has no price), "price_source", "strategy", \
            "attempts": [{"candidate", "outcome"}]}.

            \(ExitCode.helpText)
            """
    )

    @OptionGroup var options: HostOptions

    @Option(
        name: .shortAndLong,
        help: "The provider instance, as the configuration names it.")
    var provider: String?

    @Option(
        name: .shortAndLong,
        help: "The embedding model: an id, PROVIDER/MODEL, or auto to let the router choose (the default).")
    var model: String?

    @Option(help: "The number of dimensions of each vector, for models that can shorten theirs.")
    var dimensions: Int?

    @Flag(help: "Print the vectors and usage as JSON.")
    var json = false

    @Argument(help: "The texts to embed, one per argument; standard input is one text when none is given.")
    var texts: [String] = []

    func validate() throws {
        if let dimensions, dimensions <= 0 {
            throw ValidationError("--dimensions must be positive, found \(dimensions)")
        }
    }

    func run() async throws {
        let inputs = try texts.isEmpty ? [StandardInputText.read("text")] : texts
        let host = try SwitchboardHost(configuration: options.configuration())
        do {
            let request = EmbeddingRequest(model: "", inputs: inputs, dimensions: dimensions)
            let route = try host.resolve(ModelSelector(model, provider: provider), forEmbedding: request)
            let result = try await Spinner.around("waiting for \(route.target)") {
                try await host.embed(request, strategy: route.strategy, candidates: route.candidates)
            }
            if json {
                try JSONOutput.print(Self.json(result))
            } else {
                print(Self.summary(result))
            }
        } catch {
            RequestFailure.report(error, style: options.errorStyle)
            throw RequestFailure.exitCode(for: error)
        }
    }

    /// A result as the `--json` document.
    static func json(_ result: EmbeddingResult) -> JSONValue {
        let usage = result.response.usage
        return [
            "provider": .string(result.response.provider),
            "model": .string(result.response.model),
            "embeddings": .array(
                result.response.embeddings.map { vector in .array(vector.map { .number(Double($0)) }) }),
            "usage": ["input_tokens": .number(Double(usage.inputTokens)), "estimated": .bool(usage.estimated)],
            "cost_usd": cost(of: result).map(JSONValue.number) ?? .null,
            "price_source": result.usage.map { .string($0.source.description) } ?? .null,
            "strategy": .string(result.strategy.rawValue),
            "attempts": .array(
                result.attempts.map {
                    ["candidate": .string($0.candidate), "outcome": .string($0.outcome.description)]
                }),
        ]
    }

    /// The readable output: one line per vector (its size and first numbers), then who answered, tokens and cost.
    static func summary(_ result: EmbeddingResult) -> String {
        let response = result.response
        var lines = response.embeddings.enumerated().map { index, vector in
            let head = vector.prefix(4).map { String(format: "%.4f", $0) }.joined(separator: ", ")
            return "[\(index)] \(vector.count) dimensions: \(head)\(vector.count > 4 ? ", …" : "")"
        }
        let usage = response.usage
        var parts = [
            "\(response.provider)/\(response.model)",
            "\(response.embeddings.count) vector\(response.embeddings.count == 1 ? "" : "s")",
            "\(usage.inputTokens) tokens in\(usage.estimated ? " (estimated)" : "")",
            cost(of: result).map { String(format: "$%.8f", $0) } ?? "cost unknown",
        ]
        if result.attempts.count > 1 { parts.append("after \(result.attempts.count - 1) failed attempt(s)") }
        lines.append("[" + parts.joined(separator: " · ") + "]")
        return lines.joined(separator: "\n")
    }

    /// What the request cost; nil when the model has no price.
    private static func cost(of result: EmbeddingResult) -> Double? {
        result.usage?.source == .unpriced ? nil : result.costUSD
    }
}
