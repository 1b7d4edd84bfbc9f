import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Switchboard
import SwitchboardKit

/// The end-to-end figures: requests through the real OpenAI-compatible plugin to a real HTTP server outside this
/// process (nginx, started by `Benchmarks/run.sh`), against the same request sent straight with AsyncHTTPClient.
///
/// The server answers `POST /v1/chat/completions` with a short fixed SSE answer and
/// `POST /stream/v1/chat/completions` with a long one (`Benchmarks/run.sh` writes both).
struct UpstreamBenchmarks {
    /// `http://127.0.0.1:PORT`.
    let upstream: String
    /// The plugin provider whose `base_url` is `upstream/v1`.
    let provider: any Provider
    /// The same, over the long stream.
    let streamingProvider: any Provider

    static let request = ChatRequest(model: "gpt-4o-mini", messages: [.user("Say hi")])

    init(upstream: String, plugin: LoadedPlugin) throws {
        self.upstream = upstream
        provider = try plugin.makeProvider(
            name: "nginx", settings: ["base_url": .string("\(upstream)/v1"), "api_key": "bench"])
        streamingProvider = try plugin.makeProvider(
            name: "nginx-stream", settings: ["base_url": .string("\(upstream)/stream/v1"), "api_key": "bench"])
    }

    /// The body the plugin sends for ``request``, so the direct POST carries the same bytes.
    static let directBody = Array(
        #"{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hi"}],"stream":true,"stream_options":{"include_usage":true}}"#
            .utf8)

    /// One direct POST of the same request with the host's own AsyncHTTPClient, reading the whole body.
    func direct(path: String = "/v1/chat/completions") async throws -> Int {
        var outgoing = HTTPClientRequest(url: upstream + path)
        outgoing.method = .POST
        outgoing.headers.add(name: "content-type", value: "application/json")
        outgoing.headers.add(name: "authorization", value: "Bearer bench")
        outgoing.body = .bytes(ByteBuffer(bytes: Self.directBody))
        let response = try await AsyncHTTPClientTransport.shared.client.execute(outgoing, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 64 << 20)
        return body.readableBytes
    }

    /// Library overhead: `complete` through the plugin vs the direct POST, alternating, sequential.
    func overhead(requests: Int) async throws {
        print(
            "## Library overhead: complete() through the OpenAI plugin vs a direct AsyncHTTPClient POST (nginx upstream)"
        )
        for _ in 0..<500 {
            _ = try await direct()
            _ = try await provider.complete(Self.request)
        }
        var direct: [Double] = []
        var plugin: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<requests {
            var started = clock.now
            _ = try await self.direct()
            direct.append(Double((clock.now - started).nanosecondsValue))
            started = clock.now
            _ = try await provider.complete(Self.request)
            plugin.append(Double((clock.now - started).nanosecondsValue))
        }
        report(
            requests: requests, baseline: ("direct AsyncHTTPClient POST", direct),
            measured: ("complete() through the plugin", plugin))
    }

    /// What each path costs the process beyond its wall time: CPU time (every thread) and thread switches per call,
    /// for `calls` direct POSTs and then as many `complete()` calls through the plugin, in blocks of 1,000 taking
    /// turns so that a change in the machine's load reaches both.
    func cpuPerCall(calls: Int) async throws {
        print("## CPU time and thread switches per call: complete() through the OpenAI plugin vs a direct POST")
        for _ in 0..<500 {
            _ = try await direct()
            _ = try await provider.complete(Self.request)
        }
        var spent = (direct: [ProcessUsage](), plugin: [ProcessUsage]())
        for _ in 0..<(calls / 1000) {
            var before = ProcessUsage.now()
            for _ in 0..<1000 { _ = try await direct() }
            spent.direct.append(ProcessUsage.now().perCall(since: before, calls: 1000))
            before = ProcessUsage.now()
            for _ in 0..<1000 { _ = try await provider.complete(Self.request) }
            spent.plugin.append(ProcessUsage.now().perCall(since: before, calls: 1000))
        }
        let direct = spent.direct.map(\.cpuNanoseconds).sorted()
        let plugin = spent.plugin.map(\.cpuNanoseconds).sorted()
        let switches = (
            direct: spent.direct.map(\.switches).reduce(0, +) / Double(spent.direct.count),
            plugin: spent.plugin.map(\.switches).reduce(0, +) / Double(spent.plugin.count)
        )
        print(
            "  direct AsyncHTTPClient POST: CPU \(format(percentile(direct, 0.5))) a call (median of \(direct.count) blocks), \(String(format: "%.1f", switches.direct)) thread switches"
        )
        print(
            "  complete() through the plugin: CPU \(format(percentile(plugin, 0.5))) a call, \(String(format: "%.1f", switches.plugin)) thread switches"
        )
        print(
            "  ratio: CPU \(String(format: "%.2f", percentile(plugin, 0.5) / percentile(direct, 0.5)))×, \(String(format: "%+.1f", switches.plugin - switches.direct)) thread switches a call"
        )
        print("")
    }

    /// Library overhead with routing, the `local_first` strategy and the host's bookkeeping on, vs the direct POST.
    func routedOverhead(requests: Int, host: SwitchboardHost) async throws {
        print("## Library overhead with routing + local_first (host.router.decide + host.complete), nginx upstream")
        let routed = { () async throws in
            let decision = await host.router.decide(Self.request)
            _ = try await host.complete(Self.request, strategy: .localFirst, candidates: decision.candidates)
        }
        for _ in 0..<500 {
            _ = try await direct()
            try await routed()
        }
        var direct: [Double] = []
        var measured: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<requests {
            var started = clock.now
            _ = try await self.direct()
            direct.append(Double((clock.now - started).nanosecondsValue))
            started = clock.now
            try await routed()
            measured.append(Double((clock.now - started).nanosecondsValue))
        }
        report(
            requests: requests, baseline: ("direct AsyncHTTPClient POST", direct),
            measured: ("routed complete()", measured))
    }

    /// Events per second of a long SSE answer through the plugin, and the time to the first token against the
    /// direct POST's time to the first body bytes.
    func streaming(runs: Int) async throws {
        print("## Streaming through the OpenAI plugin (nginx upstream, long SSE answer)")
        let clock = ContinuousClock()
        var rates: [Double] = []
        var pluginFirst: [Double] = []
        var directFirst: [Double] = []
        for _ in 0..<runs {
            var started = clock.now
            var outgoing = HTTPClientRequest(url: upstream + "/stream/v1/chat/completions")
            outgoing.method = .POST
            outgoing.headers.add(name: "content-type", value: "application/json")
            outgoing.body = .bytes(ByteBuffer(bytes: Self.directBody))
            let response = try await AsyncHTTPClientTransport.shared.client.execute(outgoing, timeout: .seconds(30))
            var first = true
            for try await _ in response.body {
                if first {
                    directFirst.append(Double((clock.now - started).nanosecondsValue))
                    first = false
                }
            }
            started = clock.now
            var events = 0
            for try await event in streamingProvider.stream(Self.request) {
                if case .textDelta = event {
                    if events == 0 { pluginFirst.append(Double((clock.now - started).nanosecondsValue)) }
                    events += 1
                }
            }
            rates.append(Double(events) / (Double((clock.now - started).nanosecondsValue) / 1e9))
        }
        rates.sort()
        pluginFirst.sort()
        directFirst.sort()
        print(
            "  text deltas per second: median \(Int(percentile(rates, 0.5))), min \(Int(rates.first ?? 0)) over \(runs) streams"
        )
        print(
            "  time to first token: plugin median \(format(percentile(pluginFirst, 0.5))), p99 \(format(percentile(pluginFirst, 0.99))); direct first body bytes median \(format(percentile(directFirst, 0.5))), p99 \(format(percentile(directFirst, 0.99)))"
        )
        print(
            "  added time to first token: median \(format(percentile(pluginFirst, 0.5) - percentile(directFirst, 0.5)))"
        )
        print("")
    }

    /// The cost of `isolation: process`: `complete` through the plugin in a child process (framed JSON over pipes,
    /// the child's HTTP forwarded to this process's transport) vs the same plugin loaded in this process, alternating.
    func isolationCost(requests: Int, inProcess: any Provider, isolated: any Provider) async throws {
        print("## isolation: process vs in-process, complete() through the OpenAI plugin (nginx upstream)")
        for _ in 0..<500 {
            _ = try await inProcess.complete(Self.request)
            _ = try await isolated.complete(Self.request)
        }
        var local: [Double] = []
        var remote: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<requests {
            var started = clock.now
            _ = try await inProcess.complete(Self.request)
            local.append(Double((clock.now - started).nanosecondsValue))
            started = clock.now
            _ = try await isolated.complete(Self.request)
            remote.append(Double((clock.now - started).nanosecondsValue))
        }
        report(requests: requests, baseline: ("in-process plugin", local), measured: ("isolation: process", remote))
    }

    private func report(requests: Int, baseline: (String, [Double]), measured: (String, [Double])) {
        let base = baseline.1.sorted()
        let with = measured.1.sorted()
        print("  \(baseline.0): median \(format(percentile(base, 0.5))), p99 \(format(percentile(base, 0.99)))")
        print("  \(measured.0): median \(format(percentile(with, 0.5))), p99 \(format(percentile(with, 0.99)))")
        print(
            "  overhead (difference, \(requests) alternating pairs): median \(format(percentile(with, 0.5) - percentile(base, 0.5))), p99 \(format(percentile(with, 0.99) - percentile(base, 0.99)))"
        )
        print("")
    }
}
