/// What a ``ConformanceCheck`` found wrong: every problem, each saying what was expected and what was found.
public struct ConformanceFailure: Error, Codable, Sendable, CustomStringConvertible {
    /// The check that failed.
    public var check: ConformanceCheck
    /// The plugin file checked.
    public var plugin: String
    /// The problems, in the order they were found.
    public var problems: [String]

    /// Creates a failure.
    public init(check: ConformanceCheck, plugin: String, problems: [String]) {
        self.check = check
        self.plugin = plugin
        self.problems = problems
    }

    public var description: String {
        "conformance check \"\(check)\" failed for \(plugin):\n" + problems.map { "  - " + $0 }.joined(separator: "\n")
    }
}
