import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import Switchboard
import SwitchboardGateway
import SwitchboardKit
import SwitchboardTesting
import Testing

/// Where the gateway tests find the built plugins and the vendor transcripts, and how they run a gateway.
enum GatewayTestSupport {
    /// The package root.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The directory `swift build` put the plugins and the `switchboard` executable in
    /// (``BuiltPlugin/buildDirectory(containing:)``), or `.build/debug` under the package root when nothing was built yet (the tests that need it then say so).
    static let buildDirectory: String =
        (try? BuiltPlugin.buildDirectory(containing: "libSwitchboardEchoPlugin.so")) ?? packageRoot + "/.build/debug"

    /// The text of a vendor transcript kept with the plugin tests, such as `OpenAI/stream-tool-call.sse`.
    static func fixture(_ name: String) throws -> String {
        // `Vendor/file`: the plugin's recorded transcripts, beside its tests (`Plugins/<Vendor>/Tests/Fixtures`).
        let vendor = name.prefix { $0 != "/" }
        let path = packageRoot + "/Plugins/\(vendor)/Tests/Fixtures/" + name.dropFirst(vendor.count + 1)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GatewayTestError("missing fixture \(path)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// A configuration that loads only the built `plugins` from the build directory, followed by `yaml`.
    static func configuration(_ yaml: String, plugins: [String] = ["echo"]) throws -> SwitchboardConfiguration {
        // Unless the test names a ledger, one in memory: the default file in $HOME would be shared by every test's
        // host at once, and their commits would wait on each other.
        let usage = yaml.hasPrefix("usage:") || yaml.contains("\nusage:") ? "" : "usage: {ledger: memory}\n"
        let header = """
            version: 1
            plugins:
              directories: [\(buildDirectory)]
              include_default_directories: false
              enable: [\(plugins.joined(separator: ", "))]
            \(usage)
            """
        return try ConfigurationLoader(sections: [.gateway, .telemetry]).decode(
            yaml: header + yaml, name: "<gateway test>")
    }

    /// The one HTTP client of the tests, with room for hundreds of concurrent connections.
    ///
    /// Its connect timeout is a minute, not AsyncHTTPClient's 10 seconds: under a sanitizer on two cores, with the
    /// rest of the suite running beside it, this process's event loops can fall that far behind a loopback connect
    /// that the kernel has long completed (a fleet test failed so in CI). The tests assert answers, never how fast a
    /// connection opens.
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 512
        configuration.timeout.connect = .seconds(60)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()
}

struct GatewayTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A gateway running in-process on 127.0.0.1 and an ephemeral port.
struct RunningGateway: Sendable {
    let gateway: Gateway
    let group: ServiceGroup
    let port: Int

    /// `http://127.0.0.1:PORT`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts a gateway over `configuration` (its gateway section with port 0), runs `body`, and shuts it down;
    /// unless `cleanShutdown` is false, the shutdown must end without an error. The host's spans and GenAI metrics go
    /// where `telemetry` says, and `services` (an OpenTelemetry export's) run beside the gateway and stop after it.
    static func with<T: Sendable>(
        _ configuration: SwitchboardConfiguration,
        cleanShutdown: Bool = true,
        telemetry: HostTelemetry = HostTelemetry(),
        alongside services: [any Service] = [],
        prepare: (SwitchboardHost) -> Void = { _ in },
        _ body: (RunningGateway) async throws -> T
    ) async throws -> T {
        var configuration = configuration
        configuration.gateway.port = 0
        configuration.gateway.host = "127.0.0.1"
        let host = SwitchboardHost(configuration: configuration, telemetry: telemetry)
        prepare(host)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "gateway-test")
        logger.logLevel = .critical
        let gateway = try Gateway(host: host, logger: logger) { _, port in continuation.yield(port) }
        let group = gateway.serviceGroup(alongside: services, gracefulShutdownSignals: [])
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            let failure = await task.result
            throw GatewayTestError("the gateway never listened: \(failure)")
        }
        let running = RunningGateway(gateway: gateway, group: group, port: port)
        do {
            let value = try await body(running)
            await group.triggerGracefulShutdown()
            if cleanShutdown { try await task.value } else { _ = await task.result }
            return value
        } catch {
            // A graceful shutdown, not cancellation: cancelling a NIO server while it accepts a connection traps in
            // NIO ("Deinited NIOAsyncWriter without calling finish()", apple/swift-nio#3481).
            await group.triggerGracefulShutdown()
            _ = await task.result
            throw error
        }
    }

    /// Sends a request and collects the whole answer.
    func send(
        _ path: String, method: HTTPMethod = .POST, json: String? = nil, headers: [(String, String)] = []
    ) async throws -> HTTPAnswer {
        try await GatewayAddress(port: port).send(path, method: method, json: json, headers: headers)
    }
}

/// A gateway reached by its port on 127.0.0.1 (in this process or another).
struct GatewayAddress: Sendable {
    let port: Int

    /// Sends a request and collects the whole answer.
    func send(
        _ path: String, method: HTTPMethod = .POST, json: String? = nil, headers: [(String, String)] = []
    ) async throws -> HTTPAnswer {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)" + path)
        request.method = method
        if let json {
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        // The limit only keeps a broken gateway from hanging the test: 200 streams at once under the thread sanitizer,
        // beside the whole suite, took more than 30 s.
        let response = try await GatewayTestSupport.client.execute(request, timeout: .seconds(100))
        let body = try await response.body.collect(upTo: 64 * 1024 * 1024)
        return HTTPAnswer(status: Int(response.status.code), headers: response.headers, body: String(buffer: body))
    }
}

/// A response the tests received.
struct HTTPAnswer: Sendable {
    let status: Int
    let headers: HTTPHeaders
    let body: String

    /// The body as JSON.
    var json: JSONValue {
        get throws { try JSONParser.parse(body) }
    }

    /// The `data:` payloads of a server-sent event stream, in order.
    var events: [String] {
        body.components(separatedBy: "\n\n").compactMap { block in
            block.split(separator: "\n").first { $0.hasPrefix("data: ") }.map { String($0.dropFirst(6)) }
        }
    }

    /// The `data:` payloads that are JSON, parsed.
    var eventObjects: [JSONValue] {
        events.compactMap { try? JSONParser.parse($0) }
    }

    /// The `event:` names of a server-sent event stream, in order.
    var eventNames: [String] {
        body.components(separatedBy: "\n\n").compactMap { block in
            block.split(separator: "\n").first { $0.hasPrefix("event: ") }.map { String($0.dropFirst(7)) }
        }
    }
}

/// An in-process provider that records each request and answers with a fixed text.
final class RecordingProvider: Provider, Sendable {
    let name: String
    private let answer: String
    private let recorded = Locked<[ChatRequest]>([])

    init(name: String, answer: String) {
        self.name = name
        self.answer = answer
    }

    /// The requests received so far.
    var requests: [ChatRequest] { recorded.withLock { $0 } }

    func models() async throws -> [ModelInfo] { [ModelInfo(id: "recorder", local: true)] }

    func health() async -> ProviderHealth { ProviderHealth(status: .ok, message: "ok", latencyMilliseconds: 0) }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        recorded.withLock { $0.append(request) }
        let answer = answer
        return AsyncThrowingStream { continuation in
            continuation.yield(.start(id: "rec-1", model: request.model))
            continuation.yield(.textDelta(answer))
            continuation.yield(.usage(Usage(inputUncached: 3, outputText: 1)))
            continuation.yield(.finish(.stop))
            continuation.finish()
        }
    }
}

extension JSONValue {
    /// The value at a path of object keys and array indexes, such as `["choices", 0, "message", "content"]`.
    subscript(path: any JSONPathElement...) -> JSONValue? {
        var current: JSONValue? = self
        for element in path {
            if let key = element as? String {
                current = current?[key]
            } else if let index = element as? Int, let array = current?.arrayValue, array.indices.contains(index) {
                current = array[index]
            } else {
                return nil
            }
        }
        return current
    }
}

/// An object key or an array index.
protocol JSONPathElement {}
extension String: JSONPathElement {}
extension Int: JSONPathElement {}
