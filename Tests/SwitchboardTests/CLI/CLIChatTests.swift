import Foundation
import Testing

extension CLISuites {
    /// `switchboard chat`, driven through a pipe with the Echo plugin, as a script would drive it.
    @Suite("switchboard chat")
    struct CLIChatTests {
        /// Two instances of the Echo plugin, so `/model` has somewhere to go.
        static let configuration = """
            providers:
              echo:
                plugin: echo
                local: true
              parrot:
                plugin: echo
                local: true
                settings:
                  prefix: "parrot: "
            """

        @Test func aScriptedConversationSwitchesModelAndStrategyAndTotalsItsUsage() async throws {
            try await CLIRunner.withDirectory { directory in
                try CLIRunner.writeConfiguration(Self.configuration, in: directory)
                let input = """
                    hello there
                    /model parrot/echo
                    second turn
                    /strategy cascade
                    /strategy sideways
                    /usage
                    /nonsense
                    /exit
                    never sent

                    """
                let run = try await CLIRunner.run(["chat", "-m", "echo/echo"], in: directory, input: input)
                #expect(run.status == 0, "\(run.errors)")
                // The second turn carries the whole conversation: 2 + 2 + 2 words in, "parrot: second turn" out.
                #expect(
                    run.output == """
                        hello there
                        model: parrot/echo
                        parrot: second turn
                        strategy: cascade
                        Session: 2 requests, 8 input tokens, 5 output tokens, $0.0000
                          echo/echo: 1 request, 2 input tokens, 2 output tokens, $0.0000
                          parrot/echo: 1 request, 6 input tokens, 3 output tokens, $0.0000

                        """,
                    "\(run.output)"
                )
                #expect(run.errors.contains("[echo/echo · stop · 2 in, 2 out · $0.0000]"))
                #expect(run.errors.contains("[parrot/echo · stop · 6 in, 3 out · $0.0000]"))
                #expect(run.errors.contains("error: unknown strategy \"sideways\"; one of auto, local_only"))
                #expect(run.errors.contains("error: unknown command /nonsense; /help lists the commands"))
                #expect(!run.output.contains("never sent") && !run.errors.contains("never sent"))
            }
        }

        @Test func endOfInputEndsTheChatWithItsTotals() async throws {
            try await CLIRunner.withDirectory { directory in
                let run = try await CLIRunner.run(
                    ["chat", "--model", "echo/echo"], in: directory, input: "/help\nonly turn")
                #expect(run.status == 0, "\(run.errors)")
                #expect(run.output.contains("/model [NAME]"))
                #expect(run.output.contains("/exit"))
                #expect(run.output.hasSuffix("only turn\n"))
                #expect(run.errors.contains("Session: 1 request, 2 input tokens, 2 output tokens, $0.0000"))
            }
        }

        @Test func aFailedTurnIsReportedAndLeftOutOfTheConversation() async throws {
            try await CLIRunner.withDirectory { directory in
                try CLIRunner.writeConfiguration(Self.configuration, in: directory)
                let input = "/model nowhere/echo\n/model\nfirst\n"
                let run = try await CLIRunner.run(
                    ["chat", "-m", "echo/echo", "--metadata", "echo.error=rate_limited"], in: directory, input: input)
                #expect(run.status == 0)
                #expect(run.output == "model: echo/echo\n", "\(run.output)")
                #expect(run.errors.contains("no provider offers a model \"nowhere/echo\""))
                #expect(run.errors.contains("echo was asked to fail with rate_limited"))
            }
        }

        @Test func anUnknownProviderAtTheStartExitsFour() async throws {
            try await CLIRunner.withDirectory { directory in
                let run = try await CLIRunner.run(["chat", "-p", "nope"], in: directory, input: "hi\n")
                #expect(run.status == 4)
                #expect(run.errors.contains("no provider named \"nope\""))
            }
        }
    }
}
