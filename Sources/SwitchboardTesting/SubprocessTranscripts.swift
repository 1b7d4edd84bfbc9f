public import SwitchboardKit

/// The recorded side of a provider that does not speak HTTP to a server the suite can start: a plugin that runs a
/// command-line tool as a child process (``ProviderConformance/init(plugin:subprocess:transcripts:secrets:instanceName:)``)
/// or one that answers in process (``ProviderConformance/init(plugin:inProcess:transcripts:secrets:instanceName:)``).
///
/// For a subprocess, each answer is the bash body of a fake executable (``FakeCLI``) that prints the tool's real output
/// format, e.g. `cat '\(try Fixture.path("stream.jsonl"))'`. For an in-process provider each answer is the request
/// metadata that makes the provider give it, and the bodies are ignored.
public struct SubprocessTranscripts: Sendable {
    /// A failure in the tool's own words and exactly what the provider must make of it.
    public struct Failure: Sendable, CustomStringConvertible {
        /// What the failure is, for problem reports.
        public var name: String
        /// The fake executable's bash body (a subprocess), e.g. printing an error result and `exit 1`.
        public var script: String
        /// Request metadata that makes an in-process provider fail this way.
        public var metadata: [String: String]
        /// The kind the error must have.
        public var kind: ProviderError.Kind
        /// The message the error must contain, or `nil` for any non-empty message.
        public var message: String?
        /// Creates a failure transcript.
        public init(
            _ name: String, script: String = "", metadata: [String: String] = [:], kind: ProviderError.Kind,
            message: String? = nil
        ) {
            self.name = name
            self.script = script
            self.metadata = metadata
            self.kind = kind
            self.message = message
        }

        public var description: String { name }
    }

    /// A complete answer with text, usage and a finish reason.
    public var stream: String
    /// An answer that stops before its end (no result line), the tool exiting 0; `nil` where no transport can cut
    /// an answer (in process), which makes ``ConformanceCheck/truncatedStream`` not applicable.
    public var truncatedStream: String?
    /// An answer whose first part arrives, then the tool waits (e.g. `head -n 1 …; sleep 30 & wait`), for
    /// ``ConformanceCheck/cancellation``; `nil` for an in-process provider.
    public var hangingStream: String?
    /// An answer that calls the tool named `tool`; required when a model advertises `tools` (unless excused).
    public var toolCall: (tool: String, script: String)?
    /// An answer with thinking; required when a model advertises `thinking` (unless excused).
    public var thinking: String?
    /// The tool's failures, each with the error it must become; at least one.
    public var failures: [Failure]
    /// Capabilities a model advertises that a request cannot exercise, each with the reason, e.g. `.tools` for a
    /// CLI agent whose tools are its own. The capabilities check reports them as not applicable.
    public var unexercisable: [Capability: String]

    /// Creates the transcripts.
    public init(
        stream: String,
        truncatedStream: String? = nil,
        hangingStream: String? = nil,
        toolCall: (tool: String, script: String)? = nil,
        thinking: String? = nil,
        failures: [Failure],
        unexercisable: [Capability: String] = [:]
    ) {
        self.stream = stream
        self.truncatedStream = truncatedStream
        self.hangingStream = hangingStream
        self.toolCall = toolCall
        self.thinking = thinking
        self.failures = failures
        self.unexercisable = unexercisable
    }
}
