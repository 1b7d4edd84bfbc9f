/// The usage ledger could not be opened, read or written.
public struct UsageLedgerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The ledger's location: a file path or `memory`.
    public var location: String
    /// What went wrong and what to do.
    public var message: String
    /// Whether the database could not be reached at all (as opposed to refusing one operation).
    var unreachable = false

    /// Creates an error.
    public init(location: String, message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "usage ledger \(location): \(message)" }
}
