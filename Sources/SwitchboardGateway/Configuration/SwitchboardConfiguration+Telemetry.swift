public import Switchboard
import SwitchboardKit

extension SwitchboardConfiguration {
    /// OpenTelemetry export of `switchboard serve` (the `telemetry` section): traces and GenAI metrics sent over
    /// OTLP/HTTP to a collector. Off unless `enabled`; `docs/observability.md` describes what is exported.
    ///
    /// ``schema`` declares each key once. The section exists only where it is registered:
    /// `ConfigurationLoader(sections: [.telemetry])`.
    public struct Telemetry: Sendable, Equatable, CustomStringConvertible {
        /// Whether anything is exported. Default: false.
        public var enabled: Bool
        /// The collector's OTLP/HTTP base URL; traces go to `<endpoint>/v1/traces`, metrics to `<endpoint>/v1/metrics`.
        /// Default: `http://localhost:4318`.
        public var endpoint: String
        /// The OTLP/HTTP encoding. Default: ``OTLPProtocol/httpProtobuf``.
        public var `protocol`: OTLPProtocol
        /// Header fields sent with every export (a collector's API key, say). Secret: never printed or logged.
        public var headers: [String: String]
        /// The `service.name` resource attribute. Default: `switchboard`.
        public var serviceName: String
        /// Whether spans are exported. Default: true.
        public var traces: Bool
        /// Whether metrics are exported. Default: true.
        public var metrics: Bool
        /// The share of new traces sampled, 0-1; a request that continues a caller's trace follows the caller's
        /// decision. Default: 1.
        public var samplingRatio: Double
        /// How often metrics are exported, in milliseconds. Default: 60 000.
        public var exportIntervalMs: Int
        /// Whether spans carry prompts and answers (`gen_ai.input.messages`, `gen_ai.output.messages`).
        /// Default: false.
        public var recordContent: Bool

        /// Creates telemetry settings; every argument has a default.
        public init(
            enabled: Bool = false,
            endpoint: String = "http://localhost:4318",
            protocol: OTLPProtocol = .httpProtobuf,
            headers: [String: String] = [:],
            serviceName: String = "switchboard",
            traces: Bool = true,
            metrics: Bool = true,
            samplingRatio: Double = 1,
            exportIntervalMs: Int = 60_000,
            recordContent: Bool = false
        ) {
            self.enabled = enabled
            self.endpoint = endpoint
            self.protocol = `protocol`
            self.headers = headers
            self.serviceName = serviceName
            self.traces = traces
            self.metrics = metrics
            self.samplingRatio = samplingRatio
            self.exportIntervalMs = exportIntervalMs
            self.recordContent = recordContent
        }

        /// The settings without the header values.
        public var description: String {
            "Telemetry(enabled: \(enabled), endpoint: \(SecretPolicy.redactingURLs(in: endpoint)), "
                + "protocol: \(`protocol`.rawValue), headers: [\(headers.keys.sorted().joined(separator: ", "))], "
                + "service_name: \(serviceName), traces: \(traces), metrics: \(metrics), "
                + "sampling_ratio: \(samplingRatio), export_interval_ms: \(exportIntervalMs), "
                + "record_content: \(recordContent))"
        }

        /// How OTLP/HTTP encodes what it exports.
        public enum OTLPProtocol: String, Sendable, CaseIterable {
            /// Binary protobuf (`application/x-protobuf`), what collectors expect by default.
            case httpProtobuf = "http/protobuf"
            /// Protobuf's JSON form (`application/json`).
            case httpJSON = "http/json"
        }
    }

    /// What `switchboard serve` exports over OpenTelemetry (the `telemetry` section); its defaults (nothing) when
    /// the section is absent or not registered.
    public var telemetry: Telemetry {
        get { sections[Telemetry.self] ?? Telemetry() }
        set { sections[Telemetry.self] = newValue }
    }
}
