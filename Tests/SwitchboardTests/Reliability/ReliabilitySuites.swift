import Testing

/// Every reliability suite, run one after another: the soak test saturates the shared event loops, which would
/// push the timeout tests' healthy candidates past their deadlines if they ran beside it.
@Suite("Reliability", .serialized)
enum ReliabilitySuites {}
