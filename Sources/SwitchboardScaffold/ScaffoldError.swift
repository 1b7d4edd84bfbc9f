/// Why a provider could not be scaffolded: the message says what was expected, what was found and what to do.
public struct ScaffoldError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
