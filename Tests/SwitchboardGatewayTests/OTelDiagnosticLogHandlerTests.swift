import Logging
import SwitchboardKit
import Testing

@testable import SwitchboardGateway

/// swift-otel logs a setting's old and new value when an `OTEL_*` variable overrides it, as the logger's metadata;
/// the export's headers are secret, so those values never reach the gateway's log.
@Suite("OpenTelemetry diagnostics log")
struct OTelDiagnosticLogHandlerTests {
    /// Every line as `level message key=value…`, with the logger's and the line's metadata.
    final class Lines: Sendable {
        private let lines = Locked<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    struct Capturing: LogHandler {
        let lines: Lines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { _, line in line }
            lines.append(
                "\(event.level) \(event.message) "
                    + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        }
    }

    @Test func anOverriddenSettingsValuesNeverReachTheLog() {
        let lines = Lines()
        var logger = OTelDiagnosticLogHandler.logger(like: Logger(label: "test") { _ in Capturing(lines: lines) })
        logger[metadataKey: "component"] = "makeTracingBackend"
        logger[metadataKey: "environment_key"] = "OTEL_EXPORTER_OTLP_HEADERS"
        logger[metadataKey: "environment_value"] = "authorization=Bearer env-secret-1"
        logger[metadataKey: "previous_value"] = "[(\"authorization\", \"Bearer config-secret-2\")]"
        logger[metadataKey: "new_value"] = "[(\"authorization\", \"Bearer env-secret-1\")]"
        logger.info("Configuration updated from environment")
        logger.warning("Failed to export spans.", metadata: ["previous_value": "config-secret-2", "error": "refused"])
        #expect(lines.all.count == 2)
        for line in lines.all {
            #expect(!line.contains("secret"), "\(line)")
        }
        #expect(lines.all[0].contains("environment_key=OTEL_EXPORTER_OTLP_HEADERS"))
        #expect(lines.all[0].contains("component=makeTracingBackend"))
        #expect(lines.all[1].contains("error=refused"))
    }
}
