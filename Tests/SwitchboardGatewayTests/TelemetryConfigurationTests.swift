import Logging
import Switchboard
import SwitchboardGateway
import SwitchboardKit
import Testing

/// The `telemetry` configuration section: off by default, every key, the header secrets kept out of every output,
/// and the errors bad values get (with file, line and column).
@Suite("telemetry configuration")
struct TelemetryConfigurationTests {
    static func decode(_ yaml: String) throws -> SwitchboardConfiguration {
        try ConfigurationLoader(sections: [.gateway, .telemetry]).decode(
            yaml: "version: 1\n" + yaml, name: "config.yaml")
    }

    @Test func offByDefaultAndExportsNothing() throws {
        let configuration = try Self.decode("")
        #expect(configuration.telemetry == SwitchboardConfiguration.Telemetry())
        #expect(!configuration.telemetry.enabled)
        #expect(!configuration.telemetry.recordContent)
        #expect(try OpenTelemetryExport(configuration.telemetry, logger: Logger(label: "test")) == nil)
        let tracesAndMetricsOff = try Self.decode("telemetry: {enabled: true, traces: false, metrics: false}\n")
        #expect(try OpenTelemetryExport(tracesAndMetricsOff.telemetry, logger: Logger(label: "test")) == nil)
    }

    @Test func readsEveryKeyAndKeepsTheHeadersSecret() throws {
        let configuration = try Self.decode(
            """
            telemetry:
              enabled: true
              endpoint: https://otel.example.test:4318
              protocol: http/json
              headers:
                authorization: Bearer otlp-secret-token-81f2
                x-tenant: team-a
              service_name: switchboard-eu
              traces: true
              metrics: false
              sampling_ratio: 0.25
              export_interval_ms: 15000
              record_content: true

            """)
        let telemetry = configuration.telemetry
        #expect(
            telemetry
                == SwitchboardConfiguration.Telemetry(
                    enabled: true, endpoint: "https://otel.example.test:4318", protocol: .httpJSON,
                    headers: ["authorization": "Bearer otlp-secret-token-81f2", "x-tenant": "team-a"],
                    serviceName: "switchboard-eu", traces: true, metrics: false, samplingRatio: 0.25,
                    exportIntervalMs: 15_000, recordContent: true))
        #expect(configuration.isSecret(keyPath: "telemetry.headers"))
        #expect(configuration.isSecret(keyPath: "telemetry.headers.authorization"))
        let rendered = configuration.renderedYAML()
        #expect(!rendered.contains("otlp-secret-token"))
        #expect(!rendered.contains("team-a"))
        #expect(rendered.contains("headers: \"********\"") || rendered.contains("headers: ********"), "\(rendered)")
        #expect(rendered.contains("endpoint: \"https://otel.example.test:4318\"") || rendered.contains("otel.example"))
        #expect(!"\(telemetry)".contains("otlp-secret-token"))
        #expect("\(telemetry)".contains("headers: [authorization, x-tenant]"))
    }

    @Test(arguments: [
        (
            "telemetry:\n  endpoint: localhost:4318\n", "config.yaml:3:13: telemetry.endpoint",
            "`localhost:4318` is not an OTLP/HTTP endpoint; give an http or https URL, such as `http://localhost:4318`"
        ),
        (
            "telemetry:\n  protocol: grpc\n", "config.yaml:3:13: telemetry.protocol",
            "unknown OTLP protocol `grpc`"
        ),
        (
            "telemetry:\n  sampling_ratio: 1.5\n", "config.yaml:3:19: telemetry.sampling_ratio",
            "sampling_ratio 1.5 is above 1; give a share between 0 and 1, such as 0.25"
        ),
        (
            "telemetry:\n  export_interval_ms: 0\n", "config.yaml:3:23: telemetry.export_interval_ms",
            "must be at least 1"
        ),
        ("telemetry:\n  headers: [a, b]\n", "config.yaml:3:12: telemetry.headers", "header fields (name: value)"),
        (
            "telemetry:\n  headers:\n    bad name: x\n", "config.yaml:4:5: telemetry.headers.bad name",
            "`bad name` is not a header field name; use letters, digits and `-`, such as `authorization`"
        ),
        (
            "telemetry:\n  recrd_content: true\n", "config.yaml:3:3: telemetry.recrd_content",
            "did you mean `record_content`?"
        ),
    ])
    func badValuesNameFileLineColumnAndKeyPath(yaml: String, location: String, message: String) throws {
        let error = #expect(throws: ConfigurationError.self) { try Self.decode(yaml) }
        let description = error?.description ?? ""
        #expect(description.hasPrefix(location), "\(description)")
        #expect(description.contains(message), "\(description)")
    }

    @Test func aSecretHeaderValueNeverAppearsInAnError() throws {
        let error = #expect(throws: ConfigurationError.self) {
            try Self.decode("telemetry:\n  headers: {authorization: [Bearer otlp-secret-token-81f2]}\n")
        }
        #expect(error?.description.contains("otlp-secret-token") == false, "\(error?.description ?? "")")
        #expect(error?.description.hasPrefix("config.yaml:3:28: telemetry.headers.authorization") == true)
    }

    @Test func unregisteredTheSectionIsAnUnknownKey() throws {
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader(sections: [.gateway]).decode(
                yaml: "version: 1\ntelemetry: {enabled: true}\n", name: "config.yaml")
        }
        #expect(error?.description.hasPrefix("config.yaml:2:1: telemetry: unknown key `telemetry`") == true)
    }
}
