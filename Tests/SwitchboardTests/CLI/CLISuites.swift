import Testing

/// Every suite that runs the `switchboard` executable and waits for it, one after another.
///
/// `CLIRunner` waits for the child synchronously, which holds a thread of Swift's cooperative pool (two threads on a
/// two-core machine) for as long as the child runs. Serialised, these suites hold at most one of them, so the async
/// suites running beside them (servers, timeouts, health checks) keep a thread — which matters most under
/// ThreadSanitizer, where every child runs several times slower.
@Suite("CLI", .serialized)
enum CLISuites {}
