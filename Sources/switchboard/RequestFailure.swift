import ArgumentParser
import Switchboard
import SwitchboardKit

/// How a failed request is reported: the host's verdict (``StrategyError/kind`` and ``StrategyError/retryAfter``) on
/// standard error, and the exit code of the catalogue.
enum RequestFailure {
    /// The exit code for `error`: ``ExitCode/unavailable`` when nothing could answer (no such provider or model, no
    /// candidate left), ``ExitCode/tryLater`` when something will answer later (rate limited, circuits open),
    /// else ``ExitCode/failure``.
    static func exitCode(for error: any Error) -> ExitCode {
        let (kind, retryAfter) = verdict(error)
        if kind == .notFound { return .unavailable }
        if [.rateLimited, .unavailable].contains(kind) && retryAfter != nil { return .tryLater }
        return .failure
    }

    /// `error: …` for `error` on standard error, and `retry in n s` when the host knows when trying again may work.
    static func report(_ error: any Error, style: TerminalStyle) {
        let text = (error as? StrategyError)?.description ?? ProviderError(error, provider: nil).description
        printError(style.red("error:") + " " + SecretPolicy.redactingURLs(in: text))
        if let retryAfter = verdict(error).retryAfter {
            printError(style.dim("retry in \(retryAfter.secondsText)"))
        }
    }

    private static func verdict(_ error: any Error) -> (kind: ProviderError.Kind, retryAfter: Duration?) {
        if let error = error as? StrategyError { return (error.kind, error.retryAfter) }
        let error = ProviderError(error, provider: nil)
        return (error.kind, error.retryAfter.map { .milliseconds(Int64(($0 * 1000).rounded(.up))) })
    }
}
