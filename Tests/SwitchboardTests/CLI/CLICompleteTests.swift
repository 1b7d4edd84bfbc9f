import Foundation
import Testing

extension CLISuites {
    /// `switchboard complete`: one prompt, from the argument or standard input, streamed; `--json`; exit codes.
    @Suite("switchboard complete")
    struct CLICompleteTests {
        @Test func aPromptOnStandardInputIsAnsweredLikeAnArgument() async throws {
            try await CLIRunner.withDirectory { directory in
                let piped = try await CLIRunner.run(
                    ["complete", "-m", "echo/echo"], in: directory, input: "a prompt\nover two lines\n")
                #expect(piped.status == 0, "\(piped.errors)")
                #expect(piped.output == "a prompt\nover two lines\n")
                let empty = try await CLIRunner.run(["complete", "-m", "echo/echo"], in: directory, input: "  \n")
                #expect(empty.status == 2)
                #expect(empty.errors.contains("no prompt: pass one as an argument or on standard input"))
            }
        }

        @Test func jsonCarriesTheAnswerUsageAndCost() async throws {
            try await CLIRunner.withDirectory { directory in
                let run = try await CLIRunner.run(
                    ["complete", "-p", "echo", "-m", "echo", "--json", "one two three"], in: directory)
                #expect(run.status == 0, "\(run.errors)")
                let document = try CLIRunner.json(run)
                #expect(document["text"] as? String == "one two three")
                #expect(document["provider"] as? String == "echo")
                #expect(document["model"] as? String == "echo")
                #expect(document["finish_reason"] as? String == "stop")
                #expect(document["cost_usd"] as? Double == 0)
                let usage = try #require(document["usage"] as? [String: Any])
                #expect(usage["input_tokens"] as? Int == 3)
                #expect(usage["output_tokens"] as? Int == 3)
                let attempts = try #require(document["attempts"] as? [[String: Any]])
                #expect(attempts.map { $0["candidate"] as? String } == ["echo/echo"])
            }
        }

        @Test func aProviderFailureExitsOneAndAnUnknownModelFour() async throws {
            try await CLIRunner.withDirectory { directory in
                let failed = try await CLIRunner.run(
                    ["complete", "-m", "echo/echo", "--metadata", "echo.error=overloaded", "hi"], in: directory)
                #expect(failed.status == 1)
                #expect(failed.errors.contains("echo was asked to fail with overloaded"))
                let unknown = try await CLIRunner.run(["complete", "-m", "no-such-model", "hi"], in: directory)
                #expect(unknown.status == 4)
                #expect(unknown.errors.contains("no provider offers a model \"no-such-model\""))
            }
        }

        @Test func aRateLimitLongerThanTheWaitBoundFailsAtOnceSayingWhenToRetry() async throws {
            try await CLIRunner.withDirectory { directory in
                let run = try await CLIRunner.run(
                    [
                        "complete", "-m", "echo/echo", "--metadata", "echo.error=rate_limited", "--metadata",
                        "echo.retry_after=30", "hi",
                    ], in: directory)
                #expect(run.status == 75, "\(run.errors)")
                #expect(
                    run.errors.contains(
                        "echo/echo: failed: rate_limited: echo was asked to fail with rate_limited (retry after 30 s)"))
                #expect(run.errors.hasSuffix("retry in 30 s\n"), "\(run.errors)")
            }
        }

        @Test func settingsApplyToTheNamedProvider() async throws {
            try await CLIRunner.withDirectory { directory in
                let run = try await CLIRunner.run(
                    ["complete", "-p", "echo", "-m", "echo", "--setting", "prefix=>> ", "hi"], in: directory)
                #expect(run.status == 0, "\(run.errors)")
                #expect(run.output == ">> hi\n")
                let orphan = try await CLIRunner.run(["complete", "--setting", "prefix=x", "hi"], in: directory)
                #expect(orphan.status == 2)
                #expect(orphan.errors.contains("--setting needs --provider"))
            }
        }
    }
}
