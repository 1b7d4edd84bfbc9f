import ArgumentParser
import Foundation
import Switchboard
import SwitchboardKit

/// `switchboard usage [report]`: what requests used and cost, from the usage ledger.
struct UsageReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Show token usage and cost from the usage ledger, by period, provider, model or tag (the default).",
        discussion: """
            Reads the ledger the configuration names (`usage.ledger`, by default ~/.switchboard/usage.sqlite; an SQLite \
            file or a PostgreSQL database) or the one given with --ledger. Periods are calendar periods in UTC (weeks start on Monday).
            """
    )

    @OptionGroup var options: HostOptions

    @Option(
        help: "The period to total: day, week, month or total (ignored with --since).",
        transform: Parse.value(SwitchboardConfiguration.Budget.Period.self))
    var period: SwitchboardConfiguration.Budget.Period = .month

    @Option(
        help: "Total from this time on instead: YYYY-MM-DD (UTC midnight) or an ISO 8601 time.", transform: Parse.time)
    var since: Date?

    @Option(help: "Group totals by provider, model or tag.", transform: Parse.value(UsageTotals.Grouping.self))
    var by: UsageTotals.Grouping?

    @Option(help: "Only this provider instance.")
    var provider: String?

    @Option(help: "Only this model id.")
    var model: String?

    @Option(help: "Only requests with this tag.")
    var tag: String?

    @OptionGroup var ledger: LedgerChoice

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let location = try ledger.location(options)
        let start = since ?? period.start(containing: Date())
        let query = UsageQuery(since: start, provider: provider, model: model, tag: tag, grouping: by)
        var groups: [UsageTotals] = []
        var total = UsageTotals(key: nil, requests: 0, responseCacheHits: 0, estimated: 0, usage: Usage(), costUSD: 0)
        // A ledger file that does not exist has recorded nothing yet; reading must not create it.
        let exists: Bool =
            if case .file(let path) = location { FileManager.default.fileExists(atPath: path) } else { true }
        if exists {
            do {
                let ledger = try UsageLedger(location)
                if by != nil { groups = try await ledger.totals(query) }
                var whole = query
                whole.grouping = nil
                total = try await ledger.totals(whole).first ?? total
            } catch {
                printError("error: \(error)")
                throw ExitCode(1)
            }
        }
        if json {
            var document: [String: JSONValue] = [
                "ledger": .string(location.description),
                "since": .string(Self.iso(start)),
                "total": Self.json(total),
            ]
            if since == nil { document["period"] = .string(period.rawValue) }
            if let by {
                document["by"] = .string(by.rawValue)
                document["groups"] = .array(groups.map(Self.json))
            }
            try JSONOutput.print(.object(document))
            return
        }
        let span = since != nil ? "" : period == .total ? "all time " : "this \(period.rawValue) "
        print("Usage \(span)(since \(Self.iso(start))), ledger \(location)")
        let header = [
            by?.rawValue.uppercased() ?? "", "REQUESTS", "CACHE HITS", "INPUT", "CACHE READ", "CACHE WRITE",
            "OF WHICH 1H", "OUTPUT", "REASONING", "COST USD",
        ]
        let rows = groups.map { Self.row($0.key ?? "", $0) } + [Self.row("total", total)]
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        for line in [header] + rows {
            let cells = line.enumerated().map { column, cell in
                column == 0
                    ? cell.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }
            print(cells.joined(separator: "  "))
        }
        if total.estimated > 0 {
            print(
                "\(total.estimated) of \(total.requests) requests carry estimated usage (the provider reported none).")
        }
    }

    private static func row(_ label: String, _ totals: UsageTotals) -> [String] {
        let usage = totals.usage
        return [
            label, String(totals.requests), String(totals.responseCacheHits), String(usage.inputUncached),
            String(usage.inputCacheRead),
            String(usage.inputCacheWrite), String(usage.inputCacheWriteExtended), String(usage.outputText),
            String(usage.outputReasoning),
            String(format: "%.6f", totals.costUSD),
        ]
    }

    private static func json(_ totals: UsageTotals) -> JSONValue {
        var fields: [String: JSONValue] = [
            "requests": .number(Double(totals.requests)),
            "response_cache_hits": .number(Double(totals.responseCacheHits)),
            "estimated": .number(Double(totals.estimated)),
            "usage": [
                "input_uncached": .number(Double(totals.usage.inputUncached)),
                "input_cache_read": .number(Double(totals.usage.inputCacheRead)),
                "input_cache_write": .number(Double(totals.usage.inputCacheWrite)),
                "input_cache_write_extended": .number(Double(totals.usage.inputCacheWriteExtended)),
                "output_text": .number(Double(totals.usage.outputText)),
                "output_reasoning": .number(Double(totals.usage.outputReasoning)),
            ],
            "cost_usd": .number(totals.costUSD),
        ]
        if let key = totals.key { fields["key"] = .string(key) }
        return .object(fields)
    }

    private static func iso(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
