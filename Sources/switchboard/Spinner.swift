import SwitchboardKit

/// A spinner with a message on standard error while something is awaited, drawn only when standard error is a
/// terminal, and only after a short delay so quick operations show nothing.
///
/// ```swift
/// let spinner = Spinner.start("checking providers")
/// defer { spinner.stop() }
/// ```
final class Spinner: Sendable {
    private struct State {
        var stopped = false
        var drawn = false
        var task: Task<Void, Never>?
    }

    private static let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
    private let state = Locked(State())

    private init() {}

    /// Starts a spinner showing `message` after `delay`; a no-op spinner when standard error is not a terminal.
    static func start(_ message: String, after delay: Duration = .milliseconds(300)) -> Spinner {
        let spinner = Spinner()
        guard FileHandleOutput.isTerminal(2) else { return spinner }
        let task = Task { [spinner] in
            try? await Task.sleep(for: delay)
            var frame = 0
            while !Task.isCancelled {
                let drawing = spinner.state.withLock { state -> Bool in
                    guard !state.stopped else { return false }
                    FileHandleOutput.standardError(
                        "\r\u{1B}[2K\(Spinner.frames[frame % Spinner.frames.count]) \(message)…")
                    state.drawn = true
                    return true
                }
                guard drawing else { return }
                frame += 1
                try? await Task.sleep(for: .milliseconds(80))
            }
        }
        spinner.state.withLock { $0.task = task }
        return spinner
    }

    /// Shows `message` while `body` runs.
    static func around<T>(_ message: String, _ body: () async throws -> T) async rethrows -> T {
        let spinner = start(message)
        defer { spinner.stop() }
        return try await body()
    }

    /// Stops the spinner and erases its line; safe to call more than once.
    func stop() {
        state.withLock { state in
            guard !state.stopped else { return }
            state.stopped = true
            state.task?.cancel()
            if state.drawn { FileHandleOutput.standardError("\r\u{1B}[2K") }
        }
    }
}
