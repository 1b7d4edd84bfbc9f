import ArgumentParser
import Foundation
import Switchboard

/// `switchboard usage export`: every record of a ledger as JSON Lines on standard output.
struct UsageExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the usage ledger's records as JSON Lines, oldest first, for `switchboard usage import`.",
        discussion: """
            One record a line, with the ledger's column names: time (Unix seconds), provider, model, input_uncached, \
            input_cache_read, input_cache_write, output_text, output_reasoning, estimated, response_cache_hit, cost_usd \
            (as recorded), price_source, response_id and tags. The summary goes to standard error.
            """
    )

    @OptionGroup var options: HostOptions
    @OptionGroup var ledger: LedgerChoice

    @Option(
        help: "Only records from this time on: YYYY-MM-DD (UTC midnight) or an ISO 8601 time.", transform: Parse.time)
    var since: Date?

    func run() async throws {
        let location = try ledger.location(options)
        if case .file(let path) = location, !FileManager.default.fileExists(atPath: path) {
            printError("error: there is no ledger file at \(path)")
            throw ExitCode(1)
        }
        var count = 0
        var cost = 0.0
        do {
            let source = try UsageLedger(location)
            var last: Int64 = 0
            let output = FileHandle.standardOutput
            while true {
                let page = try await source.records(after: last, since: since)
                guard let end = page.last else { break }
                output.write(Data(page.map { $0.record.jsonLine + "\n" }.joined().utf8))
                count += page.count
                cost += page.reduce(0) { $0 + $1.record.usage.costUSD }
                last = end.id
            }
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        printError("exported \(count) records (\(String(format: "%.6f", cost)) USD) from \(location)")
    }
}
