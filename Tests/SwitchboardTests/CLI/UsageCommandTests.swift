import Foundation
import PostgresTestSupport
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

extension CLISuites {
    /// `switchboard usage`, the built executable, over a ledger file the test writes.
    @Suite("switchboard usage")
    struct UsageCommandTests {
        struct Run {
            let status: Int32
            let output: String
            let errors: String
        }

        /// Runs the built `switchboard` with `arguments` in `directory`, `HOME` pointing at `directory`.
        private func switchboard(
            _ arguments: [String], in directory: String, environment extra: [String: String] = [:]
        ) async throws -> Run {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: TestSupport.buildDirectory + "/switchboard")
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SWITCHBOARD_") }
            environment["HOME"] = directory
            environment.merge(extra) { _, new in new }
            process.environment = environment
            let output = Pipe()
            let errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            let (outputData, errorData) = try await onOwnThread {
                let outputData = output.fileHandleForReading.readDataToEndOfFile()
                let errorData = errors.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                return (outputData, errorData)
            }
            return Run(
                status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                errors: String(decoding: errorData, as: UTF8.self))
        }

        /// A ledger at `directory/.switchboard/usage.sqlite` (the default place) with three answers this month and one
        /// from 2020.
        private func writeLedger(
            in directory: String,
            at location: SwitchboardConfiguration.UsageTracking.Ledger = .file("~/.switchboard/usage.sqlite")
        ) async throws {
            let ledger = try UsageLedger(location, homeDirectory: directory)
            let price = Pricing(input: 2, output: 8)
            func record(
                _ provider: String, _ model: String, _ usage: Usage, tags: [String], time: Date = Date()
            ) async throws {
                try await ledger.record(
                    LedgerRecord(
                        time: time,
                        usage: PricedUsage(
                            provider: provider, model: model, usage: usage, pricing: price,
                            source: .manifest(plugin: provider, version: "1.0.0")),
                        tags: tags))
            }
            try await record(
                "openai", "gpt-6.1-terra",
                Usage(inputUncached: 1000, inputCacheRead: 500, outputText: 200, outputReasoning: 100),
                tags: ["team-a"])
            try await record("openai", "gpt-6-luna", Usage(inputUncached: 500, outputText: 50), tags: ["team-b"])
            try await record(
                "anthropic", "claude", Usage(inputUncached: 250, inputCacheWrite: 100, outputText: 10, estimated: true),
                tags: ["team-a"])
            try await record(
                "openai", "gpt-6.1-terra", Usage(inputUncached: 1_000_000), tags: ["team-a"],
                time: Date(timeIntervalSince1970: 1_580_000_000))
        }

        private func withLedger(_ body: (String) async throws -> Void) async throws {
            let directory = try TestSupport.makeTemporaryDirectory()
            defer { TestSupport.removeDirectory(directory) }
            try await writeLedger(in: directory)
            try await body(directory)
        }

        @Test func jsonTotalsByProviderForThisMonthComeFromTheConfiguredLedger() async throws {
            try await withLedger { directory in
                let run = try await switchboard(["usage", "--by", "provider", "--json"], in: directory)
                #expect(run.status == 0, "\(run.errors)")
                let document = try JSONDecoder().decode(JSONValue.self, from: Data(run.output.utf8))
                #expect(document["period"] == "month")
                #expect(document["by"] == "provider")
                #expect(document["total"]?["requests"] == 3)
                #expect(document["total"]?["estimated"] == 1)
                #expect(document["total"]?["usage"]?["input_cache_read"] == 500)
                let groups = try #require(document["groups"]?.arrayValue)
                #expect(groups.map { $0["key"] } == ["openai", "anthropic"])
                #expect(groups.map { $0["requests"] } == [2, 1])
                // openai: (1000 + 500 + 500) × 2 + (200 + 100 + 50) × 8 = 6800 micro-USD (no cache prices: input price).
                let openAICost = try #require(groups.first?["cost_usd"]?.doubleValue)
                #expect(abs(openAICost - 0.0068) < 1e-12)
            }
        }

        @Test(.enabled(if: TestPostgres.url != nil, TestPostgres.howToEnable))
        func aPostgreSQLLedgerIsReadAsAFileIsAndItsPasswordNeverShown() async throws {
            try await TestPostgres.withDatabase { address in
                let directory = try TestSupport.makeTemporaryDirectory()
                defer { TestSupport.removeDirectory(directory) }
                try await writeLedger(in: directory, at: .postgres(address))
                var url = "postgres://\(address.user):${USAGE_DB_PASSWORD}@\(address.host):\(address.port)/"
                url += "\(address.database)?sslmode=disable"
                try "version: 1\nusage:\n  ledger: \"\(url)\"\n".write(
                    toFile: directory + "/switchboard.yaml", atomically: true, encoding: .utf8)
                let password = try #require(address.password)
                let run = try await switchboard(
                    ["usage", "--by", "provider", "--json"], in: directory,
                    environment: ["USAGE_DB_PASSWORD": password])
                #expect(run.status == 0, "\(run.errors)")
                let document = try JSONDecoder().decode(JSONValue.self, from: Data(run.output.utf8))
                #expect(
                    document["ledger"]?.stringValue
                        == "postgres://\(address.user):[redacted]@\(address.host):\(address.port)/\(address.database)?sslmode=disable"
                )
                #expect(document["total"]?["requests"] == 3)
                #expect(document["groups"]?.arrayValue?.map { $0["key"] } == ["openai", "anthropic"])
                let table = try await switchboard(
                    ["usage", "--period", "total"], in: directory, environment: ["USAGE_DB_PASSWORD": password])
                #expect(table.output.contains("ledger postgres://\(address.user):[redacted]@"), "\(table.output)")
                let shown = try await switchboard(
                    ["config", "check"], in: directory, environment: ["USAGE_DB_PASSWORD": password])
                #expect(shown.output.contains(#"ledger: "********"  # from ${USAGE_DB_PASSWORD}"#), "\(shown.output)")
                for output in [run, table, shown].flatMap({ [$0.output, $0.errors] }) {
                    #expect(!output.contains(password))
                }
            }
        }

        @Test func aTableByTagWithFiltersAndAllTime() async throws {
            try await withLedger { directory in
                let run = try await switchboard(
                    [
                        "usage", "--period", "total", "--by", "tag", "--provider", "openai", "--ledger",
                        directory + "/.switchboard/usage.sqlite",
                    ],
                    in: directory)
                #expect(run.status == 0, "\(run.errors)")
                let lines = run.output.split(separator: "\n").map(String.init)
                #expect(
                    lines.first?.hasPrefix(
                        "Usage all time (since 1970-01-01T00:00:00Z), ledger \(directory)/.switchboard/usage.sqlite")
                        == true)
                #expect(lines[1].hasPrefix("TAG"))
                #expect(lines[1].hasSuffix("COST USD"))
                #expect(lines[2].hasPrefix("team-a ") && lines[2].contains("  2  ") && lines[2].hasSuffix("2.005400"))
                #expect(lines[3].hasPrefix("team-b ") && lines[3].hasSuffix("0.001400"))
                #expect(lines[4].hasPrefix("total  ") && lines[4].hasSuffix("2.006800"))
            }
        }

        @Test func sinceSelectsFromADate() async throws {
            try await withLedger { directory in
                let run = try await switchboard(
                    ["usage", "--since", "2019-12-31", "--model", "gpt-6.1-terra", "--json"], in: directory)
                #expect(run.status == 0, "\(run.errors)")
                let document = try JSONDecoder().decode(JSONValue.self, from: Data(run.output.utf8))
                #expect(document["since"] == "2019-12-31T00:00:00Z")
                #expect(document["total"]?["requests"] == 2)
            }
        }

        @Test func badInputIsReportedWithWhatToDo() async throws {
            try await withLedger { directory in
                let since = try await switchboard(["usage", "--since", "yesterday"], in: directory)
                #expect(since.status == 2)
                #expect(
                    since.errors.contains(
                        #"The value 'yesterday' is invalid for '--since <since>': "yesterday" is not a date (YYYY-MM-DD)"#
                    ), "\(since.errors)")
                let by = try await switchboard(["usage", "--by", "team"], in: directory)
                #expect(by.status == 2)
                #expect(by.errors.contains(#""team" is not one of provider, model, tag"#))
                try "version: 1\nusage: {enabled: false}\n".write(
                    toFile: directory + "/switchboard.yaml", atomically: true, encoding: .utf8)
                let disabled = try await switchboard(["usage"], in: directory)
                #expect(disabled.status == 1)
                #expect(disabled.errors.contains("usage is disabled in the configuration (`usage.enabled: false`)"))
            }
        }

        @Test func withoutALedgerFileNothingIsRecordedAndNoFileIsCreated() async throws {
            let directory = try TestSupport.makeTemporaryDirectory()
            defer { TestSupport.removeDirectory(directory) }
            let run = try await switchboard(["usage", "--json"], in: directory)
            #expect(run.status == 0, "\(run.errors)")
            let document = try JSONDecoder().decode(JSONValue.self, from: Data(run.output.utf8))
            #expect(document["total"]?["requests"] == 0)
            #expect(!FileManager.default.fileExists(atPath: directory + "/.switchboard/usage.sqlite"))
        }

        @Test(.enabled(if: TestPostgres.url != nil, TestPostgres.howToEnable))
        func aFilesHistoryMovesIntoPostgreSQLWithExportAndImportAndKeepsItsTotals() async throws {
            try await withLedger { directory in
                try await TestPostgres.withDatabase { address in
                    let exported = try await switchboard(["usage", "export"], in: directory)
                    #expect(exported.status == 0, "\(exported.errors)")
                    let lines = exported.output.split(separator: "\n")
                    #expect(lines.count == 4)
                    #expect(exported.errors.contains("exported 4 records"), "\(exported.errors)")
                    let file = directory + "/history.jsonl"
                    try exported.output.write(toFile: file, atomically: true, encoding: .utf8)

                    let password = try #require(address.password)
                    let url = address.description.replacingOccurrences(of: "[redacted]", with: password)
                    // An import that stopped after two records, run again whole, then once more: each record once.
                    let firstTwo = directory + "/first-two.jsonl"
                    try (lines[0..<2].joined(separator: "\n") + "\n").write(
                        toFile: firstTwo, atomically: true, encoding: .utf8)
                    let partial = try await switchboard(["usage", "import", firstTwo, "--ledger", url], in: directory)
                    #expect(partial.output.hasPrefix("imported 2 records"), "\(partial.output)\(partial.errors)")
                    let imported = try await switchboard(["usage", "import", file, "--ledger", url], in: directory)
                    #expect(imported.status == 0, "\(imported.errors)")
                    #expect(imported.output.hasPrefix("imported 2 records"), "\(imported.output)")
                    #expect(imported.output.hasSuffix("; 2 already in the ledger were skipped\n"), "\(imported.output)")
                    #expect(!(imported.output + imported.errors).contains(password))
                    let again = try await switchboard(["usage", "import", file, "--ledger", url], in: directory)
                    #expect(
                        again.output.hasPrefix("imported 0 records (0.000000 USD)")
                            && again.output.hasSuffix("; 4 already in the ledger were skipped\n"), "\(again.output)")

                    // The same totals, grouped every way, in both ledgers; the records read back as they were written.
                    let file_ = try UsageLedger(.file(directory + "/.switchboard/usage.sqlite"))
                    let postgres = try UsageLedger(.postgres(address))
                    for grouping in [nil, UsageTotals.Grouping.provider, .model, .tag] {
                        let query = UsageQuery(grouping: grouping)
                        // Sums of costs may differ in their last bit: the two databases add in their own order.
                        let (moved, kept) = (try await postgres.totals(query), try await file_.totals(query))
                        #expect(moved.map(\.key) == kept.map(\.key), "\(query)")
                        #expect(moved.map(\.usage) == kept.map(\.usage), "\(query)")
                        #expect(moved.map(\.requests) == kept.map(\.requests), "\(query)")
                        for (one, other) in zip(moved, kept) { #expect(abs(one.costUSD - other.costUSD) < 1e-12) }
                    }
                    let original = try await file_.records().map(\.record)
                    let copied = try await postgres.records().map(\.record)
                    #expect(Set(copied) == Set(original))
                    #expect(original.contains { $0.usage.source == .manifest(plugin: "openai", version: "1.0.0") })
                }
            }
        }

        @Test func anImportWithABadLineNamesItsLineAndWritesNothing() async throws {
            try await withLedger { directory in
                let exported = try await switchboard(["usage", "export", "--since", "2021-01-01"], in: directory)
                #expect(exported.output.split(separator: "\n").count == 3)
                let broken = exported.output.replacingOccurrences(of: #""cost_usd":"#, with: #""cost_usd":-"#)
                let file = directory + "/broken.jsonl"
                try ("\n" + broken).write(toFile: file, atomically: true, encoding: .utf8)
                let target = directory + "/target.sqlite"
                let run = try await switchboard(["usage", "import", file, "--ledger", target], in: directory)
                #expect(run.status == 1)
                #expect(
                    run.errors.contains("error: \(file):2: \"cost_usd\" must be a number ≥ 0, found -0.00"),
                    "\(run.errors)")
                #expect(run.errors.contains("nothing was imported"))
                #expect(!FileManager.default.fileExists(atPath: target))
            }
        }
    }
}
