/// Waits until `condition` holds, checking every 10 ms, for at most `limit` of those waits; returns whether it held.
///
/// For tests that wait on something another task or process does (a server seeing a disconnect, a stream ending),
/// with a limit that only keeps a broken test from hanging. The limit counts the waits between checks, not the
/// clock: when the whole test process stalls (a loaded machine, a test that blocked the cooperative pool), the time
/// it stood still is not taken from the condition, so a stall cannot fail a test whose condition comes true after it.
public func eventually(within limit: Duration = .seconds(30), _ condition: () -> Bool) async -> Bool {
    await eventually(within: limit) { () async -> Bool in condition() }
}

/// ``eventually(within:_:)-(_,()->Bool)`` for a condition that must await to be checked.
public func eventually(within limit: Duration = .seconds(30), _ condition: () async -> Bool) async -> Bool {
    let interval = Duration.milliseconds(10)
    for _ in 0..<Int(limit / interval) {
        if await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return await condition()
}
