import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The built `switchboard serve`, run as an operator runs it.
@Suite("switchboard serve")
struct ServeCommandTests {
    /// Starts `switchboard serve` with `configuration` written to a file; returns the process and its standard error.
    private func serve(_ configuration: String, in directory: String) throws -> (Process, Pipe) {
        let path = directory + "/switchboard.yaml"
        try configuration.write(toFile: path, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: GatewayTestSupport.buildDirectory + "/switchboard")
        process.arguments = ["serve", "--config", path, "--port", "0"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("SWITCHBOARD_") && !$0.key.hasSuffix("_API_KEY") && !$0.key.hasPrefix("OTEL_")
        }
        environment["HOME"] = directory
        environment["GATEWAY_TEST_KEY"] = "sk-serve-test-31415926"
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        return (process, errors)
    }

    /// Reads standard error until a line contains `marker` or the stream ends; returns everything read.
    private func read(_ pipe: Pipe, until marker: String, into log: inout String) -> String {
        let handle = pipe.fileHandleForReading
        while !log.contains(marker) {
            let data = handle.availableData
            if data.isEmpty { break }
            log += String(decoding: data, as: UTF8.self)
        }
        return log
    }

    private var pluginHeader: String {
        """
        version: 1
        plugins:
          directories: [\(GatewayTestSupport.buildDirectory)]
          include_default_directories: false
          enable: [echo]
        providers:
          echo: {plugin: echo, local: true}

        """
    }

    @Test(.timeLimit(.minutes(1)))
    func servesUntilSIGTERMAndExitsCleanly() async throws {
        let directory = NSTemporaryDirectory() + "switchboard-serve-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration =
            pluginHeader + """
                gateway:
                  keys:
                    - {name: tester, key: "${GATEWAY_TEST_KEY}"}
                """
        var log = ""
        let (process, errors) = try serve(configuration, in: directory)
        defer { if process.isRunning { process.terminate() } }
        let started = read(errors, until: "listening on http://", into: &log)
        let line = try #require(started.split(separator: "\n").first { $0.contains("listening on http://") })
        let url = String(line[line.range(of: "http://")!.lowerBound...]).trimmingCharacters(in: .whitespaces)
        let port = try #require(Int(url.split(separator: ":").last ?? ""))
        let running = GatewayAddress(port: port)
        let answer = try await running.send(
            "/v1/chat/completions",
            json: #"{"model":"echo/echo","messages":[{"role":"user","content":"served by the executable"}]}"#,
            headers: [("authorization", "Bearer sk-serve-test-31415926")])
        #expect(answer.status == 200)
        #expect(try answer.json["choices", 0, "message", "content"] == "served by the executable")
        let refused = try await running.send(
            "/v1/chat/completions", json: #"{"model":"echo/echo","messages":[]}"#, headers: [("x-api-key", "wrong")])
        #expect(refused.status == 401)

        kill(process.processIdentifier, SIGTERM)
        try await onOwnThread { process.waitUntilExit() }
        let output = read(errors, until: "\u{0}", into: &log)
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(!output.contains("sk-serve-test-31415926"))
    }

    @Test(.timeLimit(.minutes(1)))
    func exportsOverOTLPProtobufBesidePrometheusAndFlushesOnShutdown() async throws {
        let receiver = try await OTLPReceiver.start()
        defer { Task { try await receiver.shutdown() } }
        let directory = NSTemporaryDirectory() + "switchboard-serve-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The header's value comes from the environment, as the docs advise; it must not reach the log.
        let configuration =
            pluginHeader + """
                telemetry:
                  enabled: true
                  endpoint: \(receiver.endpoint)
                  headers: {authorization: "Bearer ${GATEWAY_TEST_KEY}"}
                """
        var log = ""
        let (process, errors) = try serve(configuration, in: directory)
        defer { if process.isRunning { process.terminate() } }
        let started = read(errors, until: "listening on http://", into: &log)
        let line = try #require(started.split(separator: "\n").first { $0.contains("listening on http://") })
        let port = try #require(Int(line.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? ""))
        let running = GatewayAddress(port: port)
        let traceID = "0af7651916cd43dd8448eb211c80319c"
        let answer = try await running.send(
            "/v1/chat/completions",
            json: #"{"model":"echo/echo","messages":[{"role":"user","content":"exported by serve"}]}"#,
            headers: [("traceparent", "00-\(traceID)-b7ad6b7169203331-01")])
        #expect(answer.status == 200)
        let prometheus = try await running.send("/metrics", method: .GET)
        #expect(prometheus.body.contains("switchboard_gateway_requests_total"))

        kill(process.processIdentifier, SIGTERM)
        try await onOwnThread { process.waitUntilExit() }
        let output = read(errors, until: "\u{0}", into: &log)
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(!output.contains("sk-serve-test-31415926"))
        // What was left was sent on the way out, as binary protobuf with the configured header.
        let traces = receiver.requests.filter { $0.uri == "/v1/traces" }
        let metrics = receiver.requests.filter { $0.uri == "/v1/metrics" }
        #expect(!traces.isEmpty && !metrics.isEmpty, "\(receiver.requests.map(\.uri))")
        for request in traces + metrics {
            #expect(request.header("content-type") == "application/x-protobuf")
            #expect(request.header("authorization") == "Bearer sk-serve-test-31415926")
        }
        let spans = Array(traces.map(\.body).joined())
        let traceBytes = stride(from: 0, to: traceID.count, by: 2).map {
            UInt8(traceID.dropFirst($0).prefix(2), radix: 16) ?? 0
        }
        for name in ["POST /v1/chat/completions", "switchboard.attempt", "gen_ai.usage.input_tokens"] {
            #expect(spans.contains(Array(name.utf8)), "\(name)")
        }
        #expect(spans.contains(traceBytes))
        #expect(!spans.contains(Array("exported by serve".utf8)))
        #expect(Array(metrics.map(\.body).joined()).contains(Array("gen_ai.client.token.usage".utf8)))
    }

    @Test func refusesANonLoopbackAddressWithoutKeys() async throws {
        let directory = NSTemporaryDirectory() + "switchboard-serve-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var log = ""
        let (process, errors) = try serve(pluginHeader + "gateway: {host: 0.0.0.0}\n", in: directory)
        try await onOwnThread { process.waitUntilExit() }
        let output = read(errors, until: "\u{0}", into: &log)
        #expect(process.terminationStatus == 1)
        #expect(
            output.contains(
                "error: refusing to listen on 0.0.0.0, which is not a loopback address, without gateway keys"))
    }

    @Test func aLocalServerStillLoadingAtStartIsListedOnceItAnswers() async throws {
        // LM Studio answers 503 while it loads a model: at the gateway's start and at its first retry.
        let loading = Mutex(2)
        let server = try await MockHTTPServer.start { _ in
            let stillLoading = loading.withLock { remaining in
                defer { remaining -= 1 }
                return remaining > 0
            }
            return stillLoading
                ? .json(503, #"{"error":"Model is still loading"}"#)
                : .json(200, #"{"object":"list","data":[{"id":"qwen2.5-7b-instruct","object":"model"}]}"#)
        }
        defer { Task { try await server.shutdown() } }
        let gateway = try await ServedGateway.start(
            """
            version: 1
            plugins:
              directories: [\(GatewayTestSupport.buildDirectory)]
              include_default_directories: false
              enable: [openai]
            providers:
              lmstudio: {plugin: openai, local: true, settings: {base_url: "\(server.baseURL)/v1"}}
            """)
        defer { gateway.stop() }
        #expect(gateway.log.contains("model discovery failed"), "\(gateway.log)")

        let listed = await eventually(within: .seconds(60)) {
            let models = try? await GatewayAddress(port: gateway.port).send("/v1/models", method: .GET)
            return models?.body.contains(#""lmstudio/qwen2.5-7b-instruct""#) == true
        }
        #expect(listed, "\(gateway.log)")
        #expect(gateway.log.contains("provider=lmstudio [switchboard] model discovery succeeded"), "\(gateway.log)")
        #expect(server.requests.count >= 3, "asked at the start and again until it answered")
    }
}
