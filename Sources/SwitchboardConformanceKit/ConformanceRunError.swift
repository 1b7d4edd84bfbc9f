/// The conformance runner could not run a check: the `switchboard` executable is missing, the plugin file is not there,
/// or the runner stopped with an error of its own. (A check that ran and failed throws ``ConformanceFailure``.)
public struct ConformanceRunError: Error, Sendable, CustomStringConvertible {
    /// What went wrong and what to do.
    public var description: String

    init(_ description: String) { self.description = description }
}
