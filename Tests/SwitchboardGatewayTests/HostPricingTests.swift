import Foundation
import NIOHTTP1
import Switchboard
import SwitchboardGateway
import SwitchboardKit
import SwitchboardTesting
import Testing

/// Every cost a front-end shows is the host's: the CLI's `--json` `cost_usd`, the gateway's cost header and metric,
/// and the usage ledger's row hold the same number for the same request.
@Suite("host pricing: CLI, gateway and ledger agree")
struct HostPricingTests {
    /// The OpenAI plugin against `upstream`, with its ledger at `ledger`. A loopback `base_url` makes the instance
    /// a local server, which offers only the models it reports or the configuration names, so `gpt-6.1-terra` is named
    /// here with OpenAI's prices, unless `pricing` names others; `extra` is appended (further top-level sections).
    static func yaml(
        _ upstream: MockHTTPServer, ledger: String, pricing: String = "{input: 1, output: 5, cache_read: 0.05}",
        extra: String = ""
    ) -> String {
        """
        version: 1
        plugins:
          directories: [\(GatewayTestSupport.buildDirectory)]
          include_default_directories: false
          enable: [openai]
        providers:
          openai:
            plugin: openai
            settings: {base_url: "\(upstream.baseURL)/v1", api_key: upstream-secret}
            models:
              gpt-6.1-terra: {pricing: \(pricing)}
        usage:
          ledger: \(ledger)
        \(extra)
        """
    }

    /// The cost of the ledger's only row, after checking there is exactly one.
    static func onlyRowCost(_ path: String) async throws -> Double {
        let totals = try await UsageLedger(.file(path)).totals()
        #expect(totals.map(\.requests) == [1], "\(totals)")
        return try #require(totals.first).costUSD
    }

    @Test func oneRequestCostsTheSameInTheCLIGatewayAndLedger() async throws {
        // The same transcript (1200 prompt tokens, 1024 of them cached, 150 out) answers both front-ends.
        let upstream = try await MockHTTPServer.start { _ in
            MockHTTPServer.Response(
                headers: [("content-type", "text/event-stream")],
                chunks: [.text((try? GatewayTestSupport.fixture("OpenAI/stream-text.sse")) ?? "")])
        }
        defer { Task { try await upstream.shutdown() } }
        let directory = NSTemporaryDirectory() + "switchboard-pricing-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }

        // The CLI, as a user runs it.
        let cliLedger = directory + "/cli.sqlite"
        let configurationPath = directory + "/switchboard.yaml"
        try Self.yaml(upstream, ledger: cliLedger).write(toFile: configurationPath, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: GatewayTestSupport.buildDirectory + "/switchboard")
        process.arguments = ["complete", "--config", configurationPath, "-m", "openai/gpt-6.1-terra", "--json", "hi"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("SWITCHBOARD_") && !$0.key.hasSuffix("_API_KEY")
        }
        environment["HOME"] = directory
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let printed = try await onOwnThread {
            let printed = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return printed
        }
        #expect(process.terminationStatus == 0)
        let document = try JSONParser.parse(String(decoding: printed, as: UTF8.self))
        let cliCost = try #require(document["cost_usd"]?.doubleValue, "\(document)")
        #expect(document["price_source"]?.stringValue == "config:providers.openai.models.gpt-6.1-terra.pricing")

        // The gateway, in-process, over the same upstream.
        let gatewayLedger = directory + "/gateway.sqlite"
        let configuration = try ConfigurationLoader(sections: [.gateway]).decode(
            yaml: Self.yaml(upstream, ledger: gatewayLedger), name: "<pricing test>")
        let (headerCost, metricCost) = try await RoutedGateway.with(configuration) { gateway in
            let answer = try await gateway.send(
                "/v1/chat/completions",
                json: #"{"model":"openai/gpt-6.1-terra","messages":[{"role":"user","content":"hi"}]}"#)
            #expect(answer.status == 200, "\(answer.body)")
            let header = try #require(answer.headers.first(name: "x-switchboard-cost-usd").flatMap(Double.init))
            let prefix = #"switchboard_gateway_cost_usd_total{provider="openai",model="gpt-6.1-terra"} "#
            let line = try #require(
                gateway.gateway.metrics.exposition().split(separator: "\n").first { $0.hasPrefix(prefix) })
            let metric = try #require(Double(line.dropFirst(prefix.count)))
            return (header, metric)
        }

        let cliRow = try await Self.onlyRowCost(cliLedger)
        let gatewayRow = try await Self.onlyRowCost(gatewayLedger)
        // 176 uncached input tokens at $1, 1024 cache reads at $0.05 and 150 output tokens at $5 per million.
        #expect(abs(cliCost - 0.0009772) < 1e-9, "\(cliCost)")
        #expect(cliCost == cliRow)
        #expect(headerCost == gatewayRow)
        #expect(metricCost == gatewayRow)
        #expect(cliRow == gatewayRow)
    }
}
