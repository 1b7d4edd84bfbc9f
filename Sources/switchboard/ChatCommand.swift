import ArgumentParser
import Foundation
import Switchboard
import SwitchboardKit

/// `switchboard chat`: an interactive, multi-turn conversation with streamed answers.
struct ChatCommand: AsyncParsableCommand, HostCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Chat in the terminal: multi-turn, answers streamed, the model and strategy switchable as you go.",
        discussion: """
            Each line you type is sent with the conversation so far; the answer streams to standard output and a \
            summary line (who answered, tokens, cost) goes to standard error. Lines starting with / are commands:

            \(ChatSession.commands.map { "  \($0.usage.padding(toLength: 18, withPad: " ", startingAt: 0))\($0.help)" }.joined(separator: "\n"))

            Lines are read from standard input whether or not it is a terminal, so a chat can be scripted: \
            `printf 'hello\\n/usage\\n' | switchboard chat -m echo/echo`. A failed answer is reported on standard \
            error and the chat goes on; it is left out of the conversation.

            \(ExitCode.helpText) Exit 4 here means the --provider named at the start does not exist.
            """
    )

    @OptionGroup var options: HostOptions

    @OptionGroup var request: RequestOptions

    func run() async throws {
        let host = try request.host(options)
        if let provider = request.provider {
            do {
                _ = try host.provider(named: provider)
            } catch {
                RequestFailure.report(error, style: options.errorStyle)
                throw RequestFailure.exitCode(for: error)
            }
        }
        var session = ChatSession(host: host, options: request, style: options.style, errorStyle: options.errorStyle)
        let interactive = FileHandleOutput.isTerminal(0)
        if interactive {
            printError(
                "Chatting with \(session.selection), strategy \(session.strategyDescription). /help lists the commands; /exit or Ctrl-D leaves."
            )
        }
        while true {
            if interactive { FileHandleOutput.standardOutput(options.style.bold("› ")) }
            guard let line = await Self.readLine() else {
                if interactive { FileHandleOutput.standardOutput("\n") }
                break
            }
            if await session.handle(line) == .exit { break }
        }
        session.farewell.forEach { printError(options.errorStyle.dim($0)) }
    }

    /// The next line of standard input, or nil at its end; read on a thread of its own so a blocking read never
    /// holds one of the few threads tasks run on.
    private static func readLine() async -> String? {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: Swift.readLine(strippingNewline: true)) }.start()
        }
    }
}
