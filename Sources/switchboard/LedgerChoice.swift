import ArgumentParser
import Foundation
import Switchboard

/// `--ledger`: the usage ledger a `switchboard usage` command works on, instead of the configured one.
struct LedgerChoice: ParsableArguments {
    @Option(help: "The ledger (an SQLite file, or a postgres:// URL), instead of the configured one.")
    var ledger: String?

    /// The ledger to use: --ledger, else the configuration's (`options` finds it).
    /// - Throws: a validation error for a URL that cannot be used; exit 1, with the reason, when the configuration
    ///   keeps no ledger another process can open.
    func location(_ options: HostOptions) throws -> SwitchboardConfiguration.UsageTracking.Ledger {
        if let ledger {
            if PostgresAddress.isPostgresURL(ledger) {
                do {
                    return .postgres(try PostgresAddress(url: ledger))
                } catch {
                    throw ValidationError("--ledger: \(error)")
                }
            }
            return .file(ledger.hasPrefix("/") ? ledger : FileManager.default.currentDirectoryPath + "/" + ledger)
        }
        let configuration = try options.configuration()
        guard configuration.usage.enabled else {
            printError(
                "error: usage is disabled in the configuration (`usage.enabled: false`); nothing is recorded. Give --ledger FILE to read a ledger file."
            )
            throw ExitCode(1)
        }
        switch configuration.usage.ledger {
        case .file(let path):
            let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
            return .file(path.hasPrefix("~/") ? home + "/" + path.dropFirst(2) : path)
        case .postgres:
            return configuration.usage.ledger
        case .memory:
            break
        }
        printError(
            "error: the configured ledger is in memory (`usage.ledger: memory`), so no other process can read it. Give --ledger FILE to read a ledger file."
        )
        throw ExitCode(1)
    }
}
