import Foundation
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// A `block` budget as a new user meets it: `switchboard serve`, a provider that counts more tokens than the prompt
/// looks like, and more concurrent requests than the budget can pay for.
@Suite("gateway: block budgets under concurrency")
struct GatewayBudgetTests {
    static let request = #"{"model":"openai/gpt-6.1-terra","max_tokens":3,"messages":[{"role":"user","content":"hi"}]}"#

    /// An OpenAI-compatible upstream whose every answer, 20 ms after the request, counts 9 prompt tokens and 3
    /// completion tokens.
    static func upstream() async throws -> MockHTTPServer {
        try await MockHTTPServer.start { _ in
            MockHTTPServer.Response(
                headers: [("content-type", "text/event-stream")],
                chunks: [
                    .text(
                        #"data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-6.1-terra","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}]}"#
                            + "\n\n"),
                    .text(
                        #"data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-6.1-terra","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}}"#
                            + "\n\ndata: [DONE]\n\n"),
                ],
                headDelay: .milliseconds(20))
        }
    }

    /// The provider counts 9 prompt tokens for "hi" (the chat template's) and 3 completion tokens: at 1,000 USD per
    /// million tokens each answer costs 0.012 USD, so a 0.06 USD budget pays for 5 of them.
    @Test(.timeLimit(.minutes(2)))
    func fortyRequestsAtConcurrencySixteenNeverOverspend() async throws {
        let upstream = try await Self.upstream()
        defer { Task { try await upstream.shutdown() } }
        let gateway = try await ServedGateway.start(
            HostPricingTests.yaml(
                upstream, ledger: "ledger.sqlite", pricing: "{input: 1000, output: 1000}",
                extra: "budgets:\n  - {name: tight, limit_usd: 0.06, action: block}"))
        defer { gateway.stop() }
        let address = GatewayAddress(port: gateway.port)
        let next = Locked(0)
        let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<16 {
                group.addTask {
                    var statuses: [Int] = []
                    while next.withLock({ count in
                        defer { count += 1 }
                        return count < 40
                    }) {
                        let answer = try await address.send("/v1/chat/completions", json: Self.request)
                        statuses.append(answer.status)
                        if answer.status != 200 {
                            #expect(answer.body.contains("budget_exceeded"), "\(answer.body)")
                            #expect(answer.body.contains(#"budget \"tight\" (0.06 USD"#), "\(answer.body)")
                        }
                    }
                    return statuses
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(statuses.count == 40)
        let admitted = statuses.filter { $0 == 200 }.count
        #expect(admitted >= 1)

        let ledger = try UsageLedger(.file(gateway.directory + "/ledger.sqlite"))
        let spent = try await ledger.spent(since: .distantPast)
        #expect(spent <= 0.06 + 1e-9, "\(admitted) answers admitted, \(spent) USD spent against a 0.06 USD budget")
        #expect(try await ledger.totals().first?.requests == admitted)
        #expect(abs(spent - Double(admitted) * 0.012) < 1e-9)
    }
}
