import Foundation
import Switchboard
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The ledger's group commit as a user sees it: every answer the gateway sent has its row on disk, even when the
/// process is killed the moment the last answer arrives.
@Suite("Ledger durability")
struct LedgerDurabilityTests {
    /// With either durability: `process` skips the `fsync`, but a killed process's writes are already the system's.
    @Test(arguments: ["power_loss", "process"])
    func everyAnswerSentHasItsRowAfterKillNine(durability: String) async throws {
        let configuration = """
            version: 1
            plugins:
              directories: [\(GatewayTestSupport.buildDirectory)]
              include_default_directories: false
              enable: [echo]
            providers:
              echo: {plugin: echo, local: true}
            usage:
              ledger: ledger.sqlite
              durability: \(durability)
            """
        let gateway = try await ServedGateway.start(configuration)
        defer { gateway.stop() }
        let address = GatewayAddress(port: gateway.port)
        let requests = 64
        let answered = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<requests {
                group.addTask {
                    let answer = try await address.send(
                        "/v1/chat/completions",
                        json: #"{"model":"echo/echo","messages":[{"role":"user","content":"hello \#(index)"}]}"#)
                    return answer.status == 200 ? 1 : 0
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(answered == requests)
        // No graceful shutdown: nothing gets a chance to flush.
        kill(gateway.process.processIdentifier, SIGKILL)
        gateway.process.waitUntilExit()
        #expect(gateway.process.terminationReason == .uncaughtSignal)

        let ledger = try UsageLedger(.file(gateway.directory + "/ledger.sqlite"))
        let totals = try #require(try await ledger.totals().first)
        #expect(totals.requests == requests, "one committed row per answer sent")
    }
}
