import Foundation

/// Colour for one output stream: on only when the stream is a terminal, `NO_COLOR` is unset or empty
/// (https://no-color.org), and `--no-color` was not given. When off, every method returns its text unchanged.
struct TerminalStyle: Sendable {
    /// Whether escape codes are written.
    let colors: Bool

    /// The style for `descriptor` (1 for standard output, 2 for standard error).
    init(descriptor: Int32, disabled: Bool) {
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        colors = !disabled && !noColor && FileHandleOutput.isTerminal(descriptor)
    }

    /// Success.
    func green(_ text: String) -> String { paint(text, "32") }
    /// Failure.
    func red(_ text: String) -> String { paint(text, "31") }
    /// Warning.
    func yellow(_ text: String) -> String { paint(text, "33") }
    /// Emphasis.
    func bold(_ text: String) -> String { paint(text, "1") }
    /// Secondary text.
    func dim(_ text: String) -> String { paint(text, "2") }

    private func paint(_ text: String, _ code: String) -> String {
        colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
