import Foundation
import Switchboard
import SwitchboardABI
import SwitchboardKit

// Measures the plugin boundary: loading, one call through a C function pointer, a full request round trip, and
// stream events per second. Run in release: `swift build -c release && .build/release/switchboard-bench`.

let arguments = CommandLine.arguments
let buildDirectory = PluginLoader.bundledPluginDirectory ?? "."

/// `switchboard-bench --load-once PATH`: load one plugin in this fresh process and print the nanoseconds it took.
if arguments.count == 3, arguments[1] == "--load-once" {
    let clock = ContinuousClock()
    let started = clock.now
    let result = PluginLoader(configuration: .init(optionalDirectories: [])).load(arguments[2])
    let elapsed = clock.now - started
    guard case .success = result else {
        print("error")
        exit(1)
    }
    print(elapsed.nanosecondsValue)
    exit(0)
}

extension Duration {
    var nanosecondsValue: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
}

func format(_ nanoseconds: Double) -> String {
    nanoseconds >= 1_000_000
        ? String(format: "%.2f ms", nanoseconds / 1_000_000)
        : nanoseconds >= 1000 ? String(format: "%.1f µs", nanoseconds / 1000) : String(format: "%.1f ns", nanoseconds)
}

/// `switchboard-bench --fixed-rate URL [--rate N] [--seconds S] [--body JSON]`: an open-loop load at a fixed rate
/// (``FixedRateLoad``), for the gateway's latency at a given offered load; 1,000 req/s for 10 s by default.
if arguments.count >= 3, arguments[1] == "--fixed-rate" {
    func option(_ name: String) -> String? {
        arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
    }
    try await FixedRateLoad(
        url: arguments[2],
        rate: option("--rate").flatMap(Int.init) ?? 1000,
        seconds: option("--seconds").flatMap(Int.init) ?? 10,
        body: option("--body") ?? #"{"model":"nginx/gpt-4o-mini","messages":[{"role":"user","content":"Say hi"}]}"#
    ).run()
    exit(0)
}

/// `switchboard-bench [--upstream URL] [load] [call] [roundtrip] [stream] [registry] [overhead] [cpu] [routed]
/// [upstream-stream] [isolation]`: run only the named sections (all by default). The `overhead`, `cpu`, `routed`,
/// `upstream-stream` and `isolation` sections need `--upstream`, the nginx server `Benchmarks/run.sh` starts.
var sectionArguments = Array(arguments.dropFirst())
var upstream: String?
if let flag = sectionArguments.firstIndex(of: "--upstream"), flag + 1 < sectionArguments.count {
    upstream = sectionArguments[flag + 1]
    sectionArguments.removeSubrange(flag...(flag + 1))
}
let sections = Set(sectionArguments)
func runs(_ section: String) -> Bool { sections.isEmpty || sections.contains(section) }

print(
    "Switchboard plugin boundary benchmarks (\(SwiftCompiler.version), \(ProcessInfo.processInfo.activeProcessorCount) cores)"
)
print("")

// 1. Plugin load time of every bundled plugin, each in a fresh process: cold (the file evicted from the page cache
// first) and warm (the file cached by the run before).
let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
let bundledPlugins = ((try? FileManager.default.contentsOfDirectory(atPath: buildDirectory)) ?? [])
    .filter { $0.hasPrefix("libSwitchboard") && $0.hasSuffix("Plugin.so") }
    .sorted()
if runs("load") {
    print("## Plugin load (dlopen + entry + checks + manifest), fresh process each time, 15 runs each")
    for file in bundledPlugins {
        let path = "\(buildDirectory)/\(file)"
        let name = file.dropFirst("libSwitchboard".count).dropLast("Plugin.so".count)
        let cold = try PluginLoadTimer(executable: executable, path: path).samples(15, evictingFirst: true)
        let warm = try PluginLoadTimer(executable: executable, path: path).samples(15, evictingFirst: false)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        print(
            "  \(name) (\(size / 1024) KiB): cold median \(format(percentile(cold, 0.5))), p99 \(format(percentile(cold, 0.99))); warm median \(format(percentile(warm, 0.5))), p99 \(format(percentile(warm, 0.99)))"
        )
    }
    print("")
}

// 2. One call through the C boundary.
let echo = try PluginLoader(configuration: .init(optionalDirectories: [])).load(
    "\(buildDirectory)/libSwitchboardEchoPlugin.so"
).get()
let echoProvider = try echo.makeProvider(name: "echo")
if runs("call") {
    print("## One call through a C function pointer")
    // `cancel` of an unknown request: a C call, a lock and a dictionary lookup inside the plugin.
    let table = try echo.table()
    let settings = Array(#"{"name":"bench","settings":{}}"#.utf8)
    let instance = settings.withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) { table.pointee.create($0.baseAddress!, $0.count, nil) { _, _, _ in } }
    }!
    let iterations = 2_000_000
    let clock = ContinuousClock()
    let started = clock.now
    for id in 0..<iterations {
        table.pointee.cancel(instance, UInt64(id) | (1 << 63))
    }
    let elapsed = Double((clock.now - started).nanosecondsValue)
    print("  cancel(unknown id): \(format(elapsed / Double(iterations))) per call (\(iterations) calls)")
    print("")
}

// 3. A whole request round trip: encode, start, plugin task, events back, decode.
if runs("roundtrip") {
    print("## complete() round trip through the Echo plugin (one-word prompt), 5,000 requests")
    let request = ChatRequest(model: "echo", messages: [.user("ping")])
    for _ in 0..<200 { _ = try await echoProvider.complete(request) }
    var samples: [Double] = []
    let clock = ContinuousClock()
    for _ in 0..<5000 {
        let started = clock.now
        _ = try await echoProvider.complete(request)
        samples.append(Double((clock.now - started).nanosecondsValue))
    }
    samples.sort()
    print(
        "  median \(format(percentile(samples, 0.5))), p99 \(format(percentile(samples, 0.99))), max \(format(samples.last!))"
    )
    print("")
}

// 4. Stream events per second through the bridge.
if runs("stream") {
    print("## Stream events through the bridge (Echo, 200,000 text deltas)")
    let count = 200_000
    let request = ChatRequest(model: "echo", messages: [.user("x")], metadata: ["echo.repeat": "\(count)"])
    let clock = ContinuousClock()
    let started = clock.now
    // Consumed in a task of its own, as the gateway and most host code consume streams: this file's top-level code
    // runs on the main actor, and a consumer there switches executors twice per event (measured: 30–50k events/s
    // against ≥ 200k off it), which measures the main thread's wake-ups, not the bridge.
    let received = try await Task.detached {
        var received = 0
        for try await event in echoProvider.stream(request) {
            if case .textDelta = event { received += 1 }
        }
        return received
    }.value
    let seconds = Double((clock.now - started).nanosecondsValue) / 1e9
    print("  \(received) events in \(String(format: "%.3f", seconds)) s: \(Int(Double(received) / seconds)) events/s")
}

// 5. Registry queries and router decisions over 10,000 synthetic models.
if runs("registry") {
    print("")
    print("## Registry and router over 10,000 synthetic models (50 providers × 200 models), 2,000 runs each")
    let registry = ModelRegistry()
    for provider in 0..<50 {
        let models = (0..<200).map { index in
            let seed = provider * 200 + index
            return ModelInfo(
                id: "model-\(index)",
                capabilities: Set(
                    Capability.allCases.enumerated().filter { ((seed &* 2_654_435_761) >> (7 + $0.offset)) & 1 == 1 }
                        .map(\.element)),
                contextWindow: 8_000 * (1 + seed % 32),
                maxOutputTokens: 4_000 * (1 + seed % 8),
                pricing: Pricing(input: Double(seed % 40) / 4, output: Double(seed % 60) / 2),
                tier: Tier.allCases[seed % 3],
                local: provider % 10 == 0
            )
        }
        registry.register(models, provider: "provider-\(provider)", priority: provider % 3)
    }
    let router = Router(registry: registry)
    let selective = ModelQuery(
        capabilities: [.vision, .tools, .reasoning], tier: .atLeast(.advanced), locality: .cloud, maxInputPrice: 2,
        minContextWindow: 128_000)
    let cases: [(String, () -> Int)] = [
        (
            "query, selective (vision+tools+reasoning, advanced, cloud, ≤ $2, ≥ 128k)",
            { registry.models(matching: selective).count }
        ),
        ("query, broad (tools)", { registry.models(matching: ModelQuery(capabilities: [.tools])).count }),
        (
            "cheapest (tools, cloud)",
            { registry.cheapest(ModelQuery(capabilities: [.tools], locality: .cloud)) == nil ? 0 : 1 }
        ),
        ("best (vision+reasoning)", { registry.best(ModelQuery(capabilities: [.vision, .reasoning])) == nil ? 0 : 1 }),
        (
            "route, selective (code_review + high risk → advanced cloud, vision+reasoning)",
            {
                router.route(Requirements(capabilities: [.vision, .reasoning], task: .codeReview, risk: .high)).count
            }
        ),
        ("route, broad (any model, prefer_local)", { router.route(Requirements(locality: .preferLocal)).count }),
    ]
    let clock = ContinuousClock()
    for (name, body) in cases {
        var samples: [Double] = []
        var matched = 0
        for _ in 0..<2000 {
            let started = clock.now
            matched = body()
            samples.append(Double((clock.now - started).nanosecondsValue))
        }
        samples.sort()
        print(
            "  \(name): \(matched) results; median \(format(percentile(samples, 0.5))), p99 \(format(percentile(samples, 0.99)))"
        )
    }
}

// 6. End to end against nginx: library overhead, with routing, and streaming.
if let upstream {
    let openAI = try PluginLoader(configuration: .init(optionalDirectories: [])).load(
        "\(buildDirectory)/libSwitchboardOpenAIPlugin.so"
    ).get()
    let benchmarks = try UpstreamBenchmarks(upstream: upstream, plugin: openAI)
    print("")
    if runs("overhead") { try await benchmarks.overhead(requests: 5000) }
    if runs("cpu") { try await benchmarks.cpuPerCall(calls: 10_000) }
    if runs("routed") {
        // A ledger file of its own per durability (never the user's), removed afterwards.
        for durability in SwitchboardConfiguration.UsageTracking.Durability.allCases {
            let ledger = NSTemporaryDirectory() + "switchboard-bench-\(UUID().uuidString).sqlite"
            defer {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: ledger + suffix) }
            }
            var configuration = SwitchboardConfiguration(
                plugins: .init(directories: [buildDirectory], includeDefaultDirectories: false, enable: ["openai"]),
                providers: [
                    // nginx answers no model list: a local server offers the models named here.
                    .init(
                        name: "nginx", plugin: "openai", local: true,
                        settings: ["base_url": .string("\(upstream)/v1"), "api_key": "bench"],
                        models: [.init(id: "gpt-4o-mini")])
                ],
                routing: .init(strategy: .localFirst)
            )
            configuration.usage = .init(ledger: .file(ledger), durability: durability)
            print("usage.durability: \(durability.rawValue)")
            try await benchmarks.routedOverhead(requests: 5000, host: SwitchboardHost(configuration: configuration))
        }
    }
    if runs("upstream-stream") { try await benchmarks.streaming(runs: 20) }
    if runs("isolation") {
        let settings: JSONValue = ["base_url": .string("\(upstream)/v1"), "api_key": "bench"]
        let configuration = SwitchboardConfiguration(
            plugins: .init(directories: [buildDirectory], includeDefaultDirectories: false, enable: ["openai"]),
            providers: [
                .init(name: "in-process", plugin: "openai", settings: settings),
                .init(name: "isolated", plugin: "openai", settings: settings, isolation: .process),
            ]
        )
        let host = SwitchboardHost(configuration: configuration)
        try await benchmarks.isolationCost(
            requests: 5000, inProcess: host.provider(named: "in-process"), isolated: host.provider(named: "isolated"))
    }
}
