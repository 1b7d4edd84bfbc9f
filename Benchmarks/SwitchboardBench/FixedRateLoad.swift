import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// An open-loop load at a fixed rate, the way `wrk2` measures: request *i* is due at `start + i / rate` whether or
/// not earlier ones have answered, and its latency counts from when it was due, not from when it was sent, so a
/// server that stalls is charged for every request that queued behind the stall (no coordinated omission).
///
/// `switchboard-bench --fixed-rate URL [--rate N] [--seconds S] [--body JSON]`: POSTs `body` to `URL` and prints the
/// latency percentiles.
struct FixedRateLoad {
    let url: String
    let rate: Int
    let seconds: Int
    let body: String

    /// Runs the load and prints the figures; a warm-up of one second at the same rate comes first and is not counted.
    func run() async throws {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 256
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        _ = try await load(client, count: rate)
        let (latencies, failures) = try await load(client, count: rate * seconds)
        try await client.shutdown()
        let sorted = latencies.sorted()
        print(
            "  \(rate) req/s for \(seconds) s (\(sorted.count) answered, \(failures) failed): "
                + "p50 \(format(percentile(sorted, 0.5))), p90 \(format(percentile(sorted, 0.9))), "
                + "p99 \(format(percentile(sorted, 0.99))), p99.9 \(format(percentile(sorted, 0.999))), "
                + "max \(format(sorted.last ?? 0))")
    }

    /// Sends `count` requests on schedule; returns every answered request's latency in nanoseconds, and the failures.
    private func load(_ client: HTTPClient, count: Int) async throws -> ([Double], Int) {
        let clock = ContinuousClock()
        let start = clock.now + .milliseconds(10)
        let interval = Duration.nanoseconds(1_000_000_000 / rate)
        return try await withThrowingTaskGroup(of: Double?.self) { group in
            for index in 0..<count {
                let due = start + interval * index
                try await clock.sleep(until: due)
                group.addTask {
                    var request = HTTPClientRequest(url: url)
                    request.method = .POST
                    request.headers.add(name: "content-type", value: "application/json")
                    request.body = .bytes(ByteBuffer(string: body))
                    do {
                        let response = try await client.execute(request, timeout: .seconds(30))
                        _ = try await response.body.collect(upTo: 1 << 24)
                        guard response.status == .ok else { return nil }
                        return Double((clock.now - due).nanosecondsValue)
                    } catch {
                        return nil
                    }
                }
            }
            var latencies: [Double] = []
            var failures = 0
            for try await latency in group {
                if let latency { latencies.append(latency) } else { failures += 1 }
            }
            return (latencies, failures)
        }
    }
}
