import HTTPTypes
package import Switchboard

extension SwitchboardConfiguration.Telemetry: ConfigurationSectionValue {
    /// The `telemetry` section's keys, each declared once.
    package static let schema = ConfigurationSchema<Self>(
        "telemetry", what: "telemetry settings",
        doc: [
            "OpenTelemetry export of `switchboard serve`: traces and GenAI metrics over OTLP/HTTP (docs/observability.md)."
        ],
        defaults: Self(),
        keys: [
            .boolean("enabled", \.enabled, doc: "Export traces and metrics; while off, tracing costs nothing."),
            .string(
                "endpoint", \.endpoint,
                doc: "The collector's OTLP/HTTP base URL; signals go to `/v1/traces` and `/v1/metrics` below it.",
                validate: { endpoint, reader in
                    let isURL = ["http://", "https://"].contains { endpoint.hasPrefix($0) && endpoint.count > $0.count }
                    guard !isURL else { return true }
                    reader.fail(
                        .invalidValue,
                        "`\(ConfigurationReader.shown(endpoint))` is not an OTLP/HTTP endpoint; give an http or https "
                            + "URL, such as `http://localhost:4318`")
                    return false
                }),
            .enumeration("protocol", \.protocol, what: "OTLP protocol", doc: "How OTLP/HTTP encodes the export."),
            ConfigurationKey(
                "headers", type: "mapping of strings",
                doc: "Header fields sent with every export, such as a collector's API key; use `${VAR}`.",
                isSecret: true, defaultText: "none",
                example: ["headers: {authorization: \"Bearer ${OTLP_TOKEN}\"}"],
                read: { reader, telemetry in
                    guard let entries = reader.namedEntries(what: "header fields (name: value)") else { return }
                    for (name, entry) in entries {
                        guard HTTPField.Name(name) != nil else {
                            entry.failAtName(
                                .invalidValue,
                                "`\(ConfigurationReader.shown(name))` is not a header field name; use letters, digits "
                                    + "and `-`, such as `authorization`")
                            continue
                        }
                        if let value = entry.string() { telemetry.headers[name] = value }
                    }
                },
                render: { telemetry in
                    telemetry.headers.isEmpty
                        ? nil : .map(telemetry.headers.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
                }),
            .string("service_name", \.serviceName, doc: "The `service.name` resource attribute."),
            .boolean(
                "traces", \.traces, doc: "Export spans (route, candidate, attempt and the gateway's server span)."),
            .boolean("metrics", \.metrics, doc: "Export `gen_ai.client.*` metrics."),
            .number(
                "sampling_ratio", \.samplingRatio, nonNegative: "a share of traces",
                doc: "The share of new traces sampled, 0-1; a continued trace follows the caller's decision."),
            .integer(
                "export_interval_ms", \.exportIntervalMs, minimum: 1,
                doc: "How often metrics are exported, in milliseconds."),
            .boolean(
                "record_content", \.recordContent,
                doc: "Put prompts and answers on attempt spans (`gen_ai.input.messages`, `gen_ai.output.messages`)."),
        ],
        check: { telemetry, reader in
            guard telemetry.samplingRatio > 1 else { return }
            (reader.child("sampling_ratio") ?? reader).fail(
                .invalidValue,
                "sampling_ratio \(telemetry.samplingRatio) is above 1; give a share between 0 and 1, such as 0.25",
                keyPath: "telemetry.sampling_ratio")
        })
}
