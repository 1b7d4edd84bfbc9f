import Testing

/// Every suite that runs the `switchboard` executable and waits for it, one after another.
///
/// `CLIRunner` waits for each child on a thread of its own (`onOwnThread`), never on one of the cooperative pool's
/// threads; serialised, these suites also keep to one `switchboard` child at a time, so the async suites running
/// beside them (servers, timeouts, health checks) are not crowded off the two cores — which matters most under
/// ThreadSanitizer, where every child runs several times slower.
@Suite("CLI", .serialized)
enum CLISuites {}
