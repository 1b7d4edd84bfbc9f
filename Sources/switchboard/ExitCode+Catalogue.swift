import ArgumentParser

/// Every exit status a `switchboard` command uses, in one place. `docs/cli.md` documents the same table, and each
/// command's `--help` prints it (``ExitCode/helpText``).
extension ExitCode {
    /// The command line is wrong: an unknown option, a missing or malformed argument (also `ValidationError`).
    static let usage = ExitCode(2)
    /// The configuration cannot be loaded or is invalid.
    static let configuration = ExitCode(3)
    /// What was asked for does not exist or cannot be had: no such provider, plugin file or model, or no model meets
    /// the requirements.
    static let unavailable = ExitCode(4)
    /// Nothing can answer right now, but something will later: every candidate is rate limited or behind an open
    /// circuit breaker. The error says when to try again (sysexits' `EX_TEMPFAIL`).
    static let tryLater = ExitCode(75)

    /// The statuses with their meaning, in order.
    static let catalogue: [(code: ExitCode, meaning: String)] = [
        (.success, "success"),
        (.failure, "a request or provider failed, a plugin was refused, or a check found something broken"),
        (.usage, "bad usage: an unknown option, a missing or malformed argument"),
        (.configuration, "the configuration cannot be loaded or is invalid"),
        (.unavailable, "no such provider, plugin or model, or no model meets the requirements"),
        (.tryLater, "rate limited or every candidate's circuit breaker open; the error says when to try again"),
    ]

    /// The catalogue as one help paragraph.
    static var helpText: String {
        "Exit codes: " + catalogue.map { "\($0.code.rawValue) \($0.meaning)" }.joined(separator: "; ") + "."
    }
}
