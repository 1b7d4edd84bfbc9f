/// Waits until `condition` holds, checking every 10 ms, for at most `limit`; returns whether it held.
///
/// For tests that wait on something another task or process does (a server seeing a disconnect, a stream ending),
/// with a limit that only keeps a broken test from hanging.
public func eventually(within limit: Duration = .seconds(30), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}
