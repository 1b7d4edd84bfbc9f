import Foundation
import SwitchboardKit
import SwitchboardTesting

/// An OTLP/HTTP receiver on 127.0.0.1 (a ``MockHTTPServer`` that answers every export with `{}`), and what it
/// received decoded from OTLP's JSON encoding (`protocol: http/json`).
struct OTLPReceiver: Sendable {
    /// A span as exported: ids in lowercase hex, attributes by key with their values as JSON.
    struct Span: Sendable {
        let name: String
        let kind: Int
        let traceID: String
        let spanID: String
        let parentSpanID: String
        let attributes: [String: JSONValue]

        /// A string attribute's value.
        func string(_ key: String) -> String? { attributes[key]?["stringValue"]?.stringValue }

        /// An integer attribute's value (OTLP JSON writes 64-bit integers as strings).
        func integer(_ key: String) -> Int? {
            attributes[key]?["intValue"].flatMap { $0.stringValue.flatMap(Int.init) ?? $0.intValue }
        }

        /// A floating-point attribute's value.
        func double(_ key: String) -> Double? { attributes[key]?["doubleValue"]?.doubleValue }

        /// A string array attribute's values.
        func strings(_ key: String) -> [String]? {
            attributes[key]?["arrayValue"]?["values"]?.arrayValue?.compactMap { $0["stringValue"]?.stringValue }
        }
    }

    /// One histogram data point of a metric: its attributes (string values) and its count and sum.
    struct HistogramPoint: Sendable {
        let metric: String
        let attributes: [String: String]
        let count: Int
        let sum: Double
    }

    let server: MockHTTPServer

    /// Starts a receiver.
    static func start() async throws -> OTLPReceiver {
        OTLPReceiver(server: try await MockHTTPServer.start { _ in .json(200, "{}") })
    }

    /// `http://127.0.0.1:PORT`, the endpoint to configure.
    var endpoint: String { server.baseURL }

    /// Every export request received, in order.
    var requests: [MockHTTPServer.RecordedRequest] { server.requests }

    /// Every span of every `/v1/traces` export.
    func spans() throws -> [Span] {
        try bodies(of: "/v1/traces").flatMap { body in
            Self.all(body, "resourceSpans", "scopeSpans", "spans").map { span in
                Span(
                    name: span["name"]?.stringValue ?? "", kind: span["kind"]?.intValue ?? 0,
                    traceID: Self.hex(span["traceId"]), spanID: Self.hex(span["spanId"]),
                    parentSpanID: Self.hex(span["parentSpanId"]), attributes: Self.attributes(span["attributes"]))
            }
        }
    }

    /// Every histogram data point of every `/v1/metrics` export.
    func histogramPoints() throws -> [HistogramPoint] {
        try bodies(of: "/v1/metrics").flatMap { body in
            Self.all(body, "resourceMetrics", "scopeMetrics", "metrics").flatMap { metric in
                (metric["histogram"]?["dataPoints"]?.arrayValue ?? []).map { point in
                    HistogramPoint(
                        metric: metric["name"]?.stringValue ?? "",
                        attributes: Self.attributes(point["attributes"]).compactMapValues {
                            $0["stringValue"]?.stringValue
                        },
                        count: point["count"].flatMap { $0.stringValue.flatMap(Int.init) ?? $0.intValue } ?? 0,
                        sum: point["sum"]?.doubleValue ?? 0)
                }
            }
        }
    }

    /// Stops the receiver.
    func shutdown() async throws { try await server.shutdown() }

    private func bodies(of path: String) throws -> [JSONValue] {
        try requests.filter { $0.uri == path }.map { try JSONParser.parse($0.bodyText) }
    }

    /// The objects at `outer[].middle[].inner[]`.
    private static func all(_ body: JSONValue, _ outer: String, _ middle: String, _ inner: String) -> [JSONValue] {
        (body[outer]?.arrayValue ?? []).flatMap { ($0[middle]?.arrayValue ?? []) }
            .flatMap { $0[inner]?.arrayValue ?? [] }
    }

    private static func attributes(_ list: JSONValue?) -> [String: JSONValue] {
        Dictionary(
            (list?.arrayValue ?? []).compactMap { attribute in
                attribute["key"]?.stringValue.flatMap { key in attribute["value"].map { (key, $0) } }
            }, uniquingKeysWith: { first, _ in first })
    }

    /// An id as lowercase hex: OTLP JSON writes ids in hex, protobuf's generic JSON mapping in base64.
    private static func hex(_ value: JSONValue?) -> String {
        guard let text = value?.stringValue, !text.isEmpty else { return "" }
        if text.count == 16 || text.count == 32, text.allSatisfy(\.isHexDigit) {
            return text.lowercased()
        }
        guard let data = Data(base64Encoded: text) else { return text }
        return data.map { String(format: "%02x", $0) }.joined()
    }
}
