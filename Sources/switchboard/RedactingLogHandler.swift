import Logging
import SwitchboardKit

/// A log handler that hides the credentials of every URL and `Bearer` token in a line's message and metadata
/// (``SecretPolicy/redactingURLs(in:mask:)``) before handing it to the handler it wraps: the last guard of the CLI's
/// and the gateway's logs, whatever a plugin or a library writes.
struct RedactingLogHandler<Wrapped: LogHandler>: LogHandler {
    /// The handler that writes the redacted lines.
    var wrapped: Wrapped

    var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { wrapped.metadataProvider }
        set { wrapped.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        var event = event
        event.message = Logger.Message(stringLiteral: SecretPolicy.redactingURLs(in: event.message.description))
        event.metadata = event.metadata?.mapValues(Self.redacting)
        wrapped.log(event: event)
    }

    /// `value` with the credentials of the URLs in its strings hidden.
    static func redacting(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): .string(SecretPolicy.redactingURLs(in: text))
        case .stringConvertible(let convertible): .string(SecretPolicy.redactingURLs(in: convertible.description))
        case .array(let values): .array(values.map(redacting))
        case .dictionary(let values): .dictionary(values.mapValues(redacting))
        }
    }
}
