import ArgumentParser
import Switchboard
import SwitchboardKit

/// How a failed request is reported: one line on standard error, and the exit code of the catalogue.
enum RequestFailure {
    /// The exit code for `error`: ``ExitCode/unavailable`` when nothing could answer (no such provider or model, no
    /// candidate left, every attempt `not_found`), else ``ExitCode/failure``.
    static func exitCode(for error: any Error) -> ExitCode {
        if let error = error as? StrategyError {
            let kinds = error.attempts.compactMap { attempt -> ProviderError.Kind? in
                if case .failure(let failure) = attempt.outcome { failure.kind } else { nil }
            }
            let nothingFound = kinds.count == error.attempts.count && kinds.allSatisfy { $0 == .notFound }
            return nothingFound ? .unavailable : .failure
        }
        return ProviderError(error, provider: nil).kind == .notFound ? .unavailable : .failure
    }

    /// `error: …` for `error` on standard error.
    static func report(_ error: any Error, style: TerminalStyle) {
        let text = (error as? StrategyError)?.description ?? ProviderError(error, provider: nil).description
        printError(style.red("error:") + " " + SecretPolicy.redactingURLs(in: text))
    }
}
