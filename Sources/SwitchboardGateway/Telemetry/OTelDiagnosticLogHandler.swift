import Logging

/// swift-otel's diagnostic log lines, without the setting values it logs when an `OTEL_*` environment variable
/// overrides a setting: those can be the export's header secrets.
struct OTelDiagnosticLogHandler: LogHandler {
    /// The metadata keys under which swift-otel logs an overridden setting's old and new value.
    static let hiddenKeys: Set<String> = ["environment_value", "previous_value", "new_value"]

    private var wrapped: any LogHandler

    /// A logger like `logger` whose lines never carry an overridden setting's values.
    static func logger(like logger: Logger) -> Logger {
        Logger(label: logger.label) { _ in OTelDiagnosticLogHandler(wrapped: logger.handler) }
    }

    private init(wrapped: any LogHandler) {
        self.wrapped = wrapped
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { wrapped.metadataProvider }
        set { wrapped.metadataProvider = newValue }
    }

    var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue.filter { !Self.hiddenKeys.contains($0.key) } }
    }

    var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { if !Self.hiddenKeys.contains(key) { wrapped[metadataKey: key] = newValue } }
    }

    func log(event: LogEvent) {
        var event = event
        event.metadata = event.metadata?.filter { !Self.hiddenKeys.contains($0.key) }
        wrapped.log(event: event)
    }
}
