import ArgumentParser
import Foundation
import Switchboard
import SwitchboardKit

/// `switchboard complete`: one prompt, the answer streamed to standard output.
struct CompleteCommand: AsyncParsableCommand, HostCommand {
    static let configuration = CommandConfiguration(
        commandName: "complete",
        abstract: "Send one prompt and stream the answer to standard output.",
        discussion: """
            The prompt is the argument, or standard input when none is given (for pipes: \
            `git diff | switchboard complete -m auto --system "Review this diff"`). The answer streams to standard \
            output; thinking, tool calls and a summary line (who answered, finish reason, tokens, cost) go to \
            standard error.

            Without --provider and --model the router chooses (as `switchboard route` shows) and the strategy runs \
            over its candidates, falling through to the next on failures worth it.

            --json waits for the whole answer and prints {"text", "provider", "model", "finish_reason", \
            "usage": {"input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", \
            "reasoning_tokens", "estimated"}, "cost_usd" (the host's price of every attempt, as the usage ledger \
            records it; null when the model has no price), "price_source", "strategy", "attempts": [{"candidate", "outcome"}]}.

            \(ExitCode.helpText)
            """
    )

    @OptionGroup var options: HostOptions

    @OptionGroup var request: RequestOptions

    @Flag(help: "Print the whole answer as JSON instead of streaming text.")
    var json = false

    @Flag(name: .shortAndLong, help: "Print no summary line on standard error.")
    var quiet = false

    @Argument(help: "The prompt; read from standard input when absent.")
    var prompt: String?

    func run() async throws {
        let text = try prompt ?? StandardInputText.read("prompt")
        let host = try request.host(options)
        let selector = request.selector
        do {
            let chatRequest = try request.request([.user(text)])
            await request.discoverIfRouting(selector, on: host)
            let route = try await host.resolve(selector, for: chatRequest)
            let events = host.stream(chatRequest, strategy: request.strategy(for: route), candidates: route.candidates)
            let result: StrategyResult
            if json {
                result = try await Spinner.around("waiting for \(route.target)") { try await Self.collect(events) }
                try JSONOutput.print(Self.json(result))
            } else {
                result = try await AnswerPrinter.print(
                    events, waitingFor: route.target.description, style: options.errorStyle)
            }
            if !quiet { printError(options.errorStyle.dim(AnswerPrinter.summary(result))) }
        } catch {
            RequestFailure.report(error, style: options.errorStyle)
            throw RequestFailure.exitCode(for: error)
        }
    }

    /// The strategy's result, without printing the events.
    private static func collect(_ events: AsyncThrowingStream<StrategyStreamEvent, any Error>) async throws
        -> StrategyResult
    {
        for try await case .completed(let result) in events { return result }
        throw ProviderError(.server, "the answer ended without a result")
    }

    /// A result as the `--json` document.
    static func json(_ result: StrategyResult) -> JSONValue {
        let usage = result.response.usage
        return [
            "text": .string(result.response.text),
            "provider": .string(result.response.provider),
            "model": .string(result.response.model),
            "finish_reason": .string(result.response.finishReason.rawValue),
            "usage": [
                "input_tokens": .number(Double(usage.inputTokens)),
                "output_tokens": .number(Double(usage.outputTokens)),
                "cache_read_tokens": .number(Double(usage.inputCacheRead)),
                "cache_write_tokens": .number(Double(usage.inputCacheWrite)),
                "reasoning_tokens": .number(Double(usage.outputReasoning)),
                "estimated": .bool(usage.estimated),
            ],
            "cost_usd": SessionUsage.cost(of: result).map(JSONValue.number) ?? .null,
            "price_source": result.usage.map { .string($0.source.description) } ?? .null,
            "strategy": .string(result.strategy.rawValue),
            "attempts": .array(
                result.attempts.map {
                    ["candidate": .string($0.candidate), "outcome": .string($0.outcome.description)]
                }),
        ]
    }
}
