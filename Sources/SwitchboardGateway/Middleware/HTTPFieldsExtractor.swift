import HTTPTypes
import Tracing

/// Reads a request's header fields for a tracer's propagator, so the gateway's server span continues the caller's
/// trace (W3C `traceparent` and `tracestate`).
struct HTTPFieldsExtractor: Extractor {
    func extract(key: String, from fields: HTTPFields) -> String? {
        HTTPField.Name(key).flatMap { fields[$0] }
    }
}
