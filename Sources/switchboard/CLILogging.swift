import Foundation
import Logging

/// swift-log for the CLI: every log line goes to standard error, at one level for the whole process, so plugin logs
/// never mix with a command's output.
enum CLILogging {
    /// The level when neither `--log-level` nor `SWITCHBOARD_LOG_LEVEL` says otherwise.
    static let defaultLevel = Logger.Level.warning

    /// The level `SWITCHBOARD_LOG_LEVEL` names, or `fallback` when it is unset; an unknown name is reported on
    /// standard error and ignored.
    static func environmentLevel(fallback: Logger.Level = defaultLevel) -> Logger.Level {
        guard let name = ProcessInfo.processInfo.environment["SWITCHBOARD_LOG_LEVEL"], !name.isEmpty else {
            return fallback
        }
        guard let level = Logger.Level(rawValue: name.lowercased()) else {
            printError(
                "warning: SWITCHBOARD_LOG_LEVEL=\(name) is not one of "
                    + Logger.Level.allCases.map(\.rawValue).joined(separator: ", ") + "; using \(fallback)"
            )
            return fallback
        }
        return level
    }

    /// Installs the standard-error handler at `level`, behind a ``RedactingLogHandler``. Call once, before anything
    /// logs.
    static func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = RedactingLogHandler(wrapped: StreamLogHandler.standardError(label: label))
            handler.logLevel = level
            return handler
        }
    }
}
