import Foundation
import Switchboard
import SwitchboardKit

/// One `switchboard chat` conversation: the history, the model selection and strategy in force, the usage totals,
/// and the slash commands that change them.
struct ChatSession {
    /// What the loop does after a line.
    enum Step {
        case next
        case exit
    }

    /// The slash commands, with their help.
    static let commands: [(usage: String, help: String)] = [
        ("/model [NAME]", "show the model, or answer with NAME from now on: an id, PROVIDER/MODEL, or auto"),
        (
            "/strategy [NAME]",
            "show the strategy, or use NAME: "
                + SwitchboardConfiguration.Strategy.allCases.map(\.rawValue).joined(separator: ", ")
        ),
        ("/usage", "tokens and cost of this session's answers"),
        ("/clear", "forget the conversation so far (keeps the usage totals)"),
        ("/help", "this list"),
        ("/exit", "leave (also /quit, or end of input: Ctrl-D)"),
    ]

    let host: SwitchboardHost
    let options: RequestOptions
    let style: TerminalStyle
    let errorStyle: TerminalStyle
    /// Who answers, as the host reads it.
    private(set) var selection: ModelSelector
    /// How the candidates are tried, when `--strategy` or `/strategy` chose; nil for the route's own.
    private(set) var strategy: SwitchboardConfiguration.Strategy?
    /// The conversation: user and assistant turns, without the system prompt.
    private(set) var history: [Message] = []
    /// The session's usage.
    private(set) var totals = SessionUsage()
    private var discovered = false

    init(host: SwitchboardHost, options: RequestOptions, style: TerminalStyle, errorStyle: TerminalStyle) {
        self.host = host
        self.options = options
        self.style = style
        self.errorStyle = errorStyle
        selection = options.selector
        strategy = options.strategy
    }

    /// Handles one line of input: a slash command, or a message to answer.
    mutating func handle(_ line: String) async -> Step {
        let text = line.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return .next }
        guard text.hasPrefix("/") else {
            await answer(line)
            return .next
        }
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : nil
        switch parts[0] {
        case "/exit", "/quit":
            return .exit
        case "/help":
            for command in Self.commands {
                FileHandleOutput.line(command.usage.padding(toLength: 18, withPad: " ", startingAt: 0) + command.help)
            }
        case "/usage":
            totals.lines().forEach { FileHandleOutput.line($0) }
        case "/clear":
            history.removeAll()
            FileHandleOutput.line("Conversation cleared.")
        case "/model":
            guard let argument else {
                FileHandleOutput.line("model: \(selection)")
                break
            }
            await setModel(argument)
        case "/strategy":
            guard let argument else {
                FileHandleOutput.line("strategy: \(strategyDescription)")
                break
            }
            guard let chosen = SwitchboardConfiguration.Strategy(rawValue: argument) else {
                printError(
                    errorStyle.red("error:") + " unknown strategy \"\(argument)\"; one of "
                        + SwitchboardConfiguration.Strategy.allCases.map(\.rawValue).joined(separator: ", ")
                )
                break
            }
            strategy = chosen
            FileHandleOutput.line("strategy: \(chosen.rawValue)")
        default:
            printError(errorStyle.red("error:") + " unknown command \(parts[0]); /help lists the commands")
        }
        return .next
    }

    /// The strategy in force: the one chosen, else the route's.
    var strategyDescription: String {
        strategy?.rawValue
            ?? "the model's (an alias's own, else routing.strategy: \(host.configuration.routing.strategy.rawValue))"
    }

    /// The line printed when the session ends: its usage, if anything was answered.
    var farewell: [String] {
        totals.total.requests > 0 ? totals.lines() : []
    }

    /// Answers with `name` from now on, if the host can resolve it.
    private mutating func setModel(_ name: String) async {
        let chosen = ModelSelector(name)
        do {
            _ = try await host.resolve(chosen, for: ChatRequest(messages: [.user(name)]))
        } catch {
            RequestFailure.report(error, style: errorStyle)
            return
        }
        selection = chosen
        FileHandleOutput.line("model: \(selection)")
    }

    private mutating func answer(_ line: String) async {
        history.append(.user(line))
        do {
            if !discovered, selection.isAutomatic {
                discovered = true
                await options.discoverIfRouting(selection, on: host)
            }
            let request = try options.request(history)
            let route = try await host.resolve(selection, for: request)
            let events = host.stream(
                request, strategy: strategy.map(ExecutionStrategy.init) ?? route.strategy, candidates: route.candidates)
            let result = try await AnswerPrinter.print(
                events, waitingFor: route.target.description, style: errorStyle)
            history.append(.assistant(result.response.text))
            totals.add(result)
            printError(errorStyle.dim(AnswerPrinter.summary(result)))
        } catch {
            history.removeLast()
            RequestFailure.report(error, style: errorStyle)
        }
    }
}
