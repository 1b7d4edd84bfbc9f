import ArgumentParser
import Foundation
import Switchboard

/// `switchboard usage import`: appends the records of `switchboard usage export` to a ledger.
struct UsageImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Append records exported by `switchboard usage export` (JSON Lines) to the usage ledger.",
        discussion: """
            Every line is checked before anything is written: a bad line is reported as FILE:LINE with what is wrong, \
            and nothing is imported. Records keep their times, costs, price sources and tags; they are not priced \
            again. Records the ledger already holds (the same time, provider, model, counts, cost, price source, \
            response id and tags) are skipped, so an import that stopped part way can be run again, and importing \
            the same file twice counts nothing twice.
            """
    )

    @OptionGroup var options: HostOptions
    @OptionGroup var ledger: LedgerChoice

    @Argument(help: "The JSON Lines file to read; - for standard input.")
    var file: String

    func run() async throws {
        let text: String
        if file == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            guard let data = FileManager.default.contents(atPath: file) else {
                printError("error: cannot read \(file)")
                throw ExitCode(1)
            }
            text = String(decoding: data, as: UTF8.self)
        }
        let name = file == "-" ? "<stdin>" : file
        var records: [LedgerRecord] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy(\.isWhitespace) {
            do {
                records.append(try LedgerRecord(jsonLine: String(line)))
            } catch {
                printError("error: \(name):\(index + 1): \(error); nothing was imported")
                throw ExitCode(1)
            }
        }
        let location = try ledger.location(options)
        // A batch at a time, its records written together (one group commit), the batches in order.
        var written = 0
        var skipped = 0
        do {
            let target = try UsageLedger(location)
            (records, skipped) = try await Self.withoutHeld(records, in: target)
            for start in stride(from: 0, to: records.count, by: 256) {
                let batch = records[start..<min(start + 256, records.count)]
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for record in batch { group.addTask { try await target.record(record) } }
                    try await group.waitForAll()
                }
                written += batch.count
            }
        } catch {
            printError(
                "error: \(error); the first \(written) records were written, and some of the next"
                    + " \(min(256, records.count - written)) may have been")
            throw ExitCode(1)
        }
        let cost = records.reduce(0) { $0 + $1.usage.costUSD }
        let skippedNote = skipped > 0 ? "; \(skipped) already in the ledger were skipped" : ""
        print("imported \(records.count) records (\(String(format: "%.6f", cost)) USD) into \(location)\(skippedNote)")
    }

    /// `records` without those `ledger` already holds (each held record cancels one equal record of the import), and
    /// how many were left out. Only the ledger's records from the import's earliest time on are read, and only those
    /// up to its latest are kept in memory.
    private static func withoutHeld(_ records: [LedgerRecord], in ledger: UsageLedger) async throws -> (
        [LedgerRecord], skipped: Int
    ) {
        guard let earliest = records.map(\.time).min(), let latest = records.map(\.time).max() else {
            return (records, 0)
        }
        var held: [LedgerRecord: Int] = [:]
        var after: Int64 = 0
        while case let page = try await ledger.records(after: after, since: earliest, limit: 1000), let last = page.last
        {
            for (_, record) in page where record.time <= latest { held[record, default: 0] += 1 }
            after = last.id
        }
        var kept: [LedgerRecord] = []
        for record in records {
            if let count = held[record], count > 0 {
                held[record] = count - 1
            } else {
                kept.append(record)
            }
        }
        return (kept, records.count - kept.count)
    }
}
