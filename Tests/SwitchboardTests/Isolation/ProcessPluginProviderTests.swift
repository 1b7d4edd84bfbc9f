import Foundation
import SwitchboardKit
import SwitchboardTesting
import Testing

@testable import Switchboard

/// `isolation: process`: a child that traps, segfaults, aborts or hangs fails only its own request, and the host
/// answers the next one from a restarted child.
@Suite struct ProcessPluginProviderTests {
    /// A crash-on-request C plugin in its own directory, served through `switchboard plugin-host`.
    struct Fixture {
        let directory: String
        let pluginPath: String
        let provider: ProcessPluginProvider

        init(requestTimeout: Duration = .seconds(30), misbehaving: String? = nil) throws {
            directory = try TestSupport.makeTemporaryDirectory()
            let id = TestSupport.uniqueID("crashy")
            let path = try TestSupport.buildCPlugin(
                named: "\(id).so", in: directory,
                defines: ["PLUGIN_ID=\"\(id)\"", "CRASH_ON_REQUEST"]
                    + (misbehaving.map { ["MISBEHAVE=\"\($0)\""] } ?? []))
            pluginPath = path
            let executable = TestSupport.buildDirectory + "/switchboard"
            guard FileManager.default.isExecutableFile(atPath: executable) else {
                throw TestSupportError("\(executable) does not exist: run `swift build` before `swift test`")
            }
            provider = ProcessPluginProvider(
                name: "isolated", pluginPath: path,
                options: .init(
                    executable: executable, requestTimeout: requestTimeout, restartBackoff: .milliseconds(10)))
        }

        func remove() { TestSupport.removeDirectory(directory) }
    }

    static func request(crash: String? = nil) -> ChatRequest {
        ChatRequest(model: "c-model", messages: [.user("hi")], metadata: crash.map { ["crash": $0] } ?? [:])
    }

    @Test func aHealthyChildAnswersLikeAnInProcessPlugin() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let response = try await fixture.provider.complete(Self.request())
        #expect(response.text == "hello from C")
        #expect(try await fixture.provider.models().map(\.id) == ["c-live-model"])
        let health = await fixture.provider.health()
        #expect(health.status == .degraded)
        #expect(health.message == "C says degraded")
        let embeddings = try await fixture.provider.embed(EmbeddingRequest(model: "c-embed", inputs: ["hi"]))
        #expect(embeddings.embeddings == [[1, 0.5]])
        #expect(embeddings.provider == "isolated")
    }

    @Test(arguments: ["trap", "segfault", "abort"])
    func aCrashDuringARequestFailsItAndTheNextRequestIsAnswered(crash: String) async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        _ = try await fixture.provider.complete(Self.request())
        let (_, error) = await fixture.provider.collect(Self.request(crash: crash))
        let failure = try #require(error)
        #expect(failure.kind == .pluginCrashed)
        #expect(failure.provider == "isolated")
        #expect(failure.message.contains("child process was killed by signal"))
        let response = try await fixture.provider.complete(Self.request())
        #expect(response.text == "hello from C")
    }

    @Test func aCrashDuringAStreamFailsItAfterTheEventsSoFar() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let (events, error) = await fixture.provider.collect(Self.request(crash: "stream_segfault"))
        #expect(events.contains(.textDelta("partial")))
        #expect(error?.kind == .pluginCrashed)
        let response = try await fixture.provider.complete(Self.request())
        #expect(response.text == "hello from C")
    }

    @Test func aHangPastTheDeadlineIsATimeoutAndTheNextRequestIsAnswered() async throws {
        let fixture = try Fixture(requestTimeout: .seconds(3))
        defer { fixture.remove() }
        let (_, error) = await fixture.provider.collect(Self.request(crash: "hang"))
        #expect(error?.kind == .timeout)
        let response = try await fixture.provider.complete(Self.request())
        #expect(response.text == "hello from C")
    }

    /// An HTTP plugin in a child: its exchanges run on the host's transport, and a streamed body of many chunks, a
    /// large answer and an HTTP error with `Retry-After` cross the pipes intact.
    @Test func anHTTPPluginStreamsThroughTheHostsTransport() async throws {
        let words = (0..<2000).map { "w\($0)" }
        let chunks =
            [#"data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}"# + "\n\n"]
            + words.map { #"data: {"choices":[{"index":0,"delta":{"content":" \#($0)"}}]}"# + "\n\n" }
            + [#"data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"# + "\n\n", "data: [DONE]\n\n"]
        let server = try await MockHTTPServer.start { request in
            if request.bodyText.contains("slow down") {
                return .json(
                    429, #"{"error":{"message":"Rate limit reached","type":"requests"}}"#,
                    headers: [("retry-after", "7")])
            }
            return MockHTTPServer.Response(
                status: 200, headers: [("content-type", "text/event-stream")], chunks: chunks.map { .text($0) })
        }
        defer { Task { try await server.shutdown() } }
        let executable = TestSupport.buildDirectory + "/switchboard"
        let provider = ProcessPluginProvider(
            name: "isolated-openai", pluginPath: try TestSupport.plugin("OpenAI"),
            settings: ["base_url": .string(server.baseURL + "/v1"), "api_key": "sk-isolated"],
            options: .init(executable: executable))
        let response = try await provider.complete(ChatRequest(model: "gpt-6-luna", messages: [.user("hi")]))
        #expect(response.text == words.map { " " + $0 }.joined())
        #expect(response.finishReason == .stop)
        #expect(server.requests.first?.header("authorization") == "Bearer sk-isolated")
        let (_, error) = await provider.collect(ChatRequest(model: "gpt-6-luna", messages: [.user("slow down")]))
        #expect(error?.kind == .rateLimited)
        #expect(error?.httpStatus == 429)
        #expect(error?.retryAfter == 7)
        #expect(error?.provider == "isolated-openai")
    }

    /// The child reads the plugin itself: a crash in its entry point, its `manifest` or its `create` fails the request
    /// with `plugin_crashed`, in this process nothing is mapped, and the host goes on.
    @Test(arguments: ["entry_segfault", "manifest_segfault", "create_segfault"])
    func aCrashWhileTheChildLoadsOrCreatesIsPluginCrashed(misbehaviour: String) async throws {
        let fixture = try Fixture(misbehaving: misbehaviour)
        defer { fixture.remove() }
        let (_, error) = await fixture.provider.collect(Self.request())
        let failure = try #require(error)
        #expect(failure.kind == .pluginCrashed)
        #expect(failure.message.contains("while creating the instance"), "\(failure)")
        #expect(failure.message.contains("child process was killed by signal 11"), "\(failure)")
        let health = await fixture.provider.health()
        #expect(health.status == .unavailable)
    }

    /// A host with a scanner and `isolation: process` never maps the plugin file: not to list it, not to create
    /// the instance, not to answer a request.
    @Test func anIsolatedInstanceNeverMapsItsPluginInTheHost() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let id = ((fixture.pluginPath as NSString).lastPathComponent as NSString).deletingPathExtension
        var configuration = SwitchboardConfiguration.builtInDefaults
        configuration.providers = [.init(name: "isolated", plugin: id, isolation: .process)]
        let loader = PluginLoader.Configuration(
            directories: [fixture.directory], optionalDirectories: [],
            scanner: PluginScanner(
                executable: TestSupport.buildDirectory + "/switchboard", cachePath: fixture.directory + "/plugin-cache")
        )
        // On a thread of its own: the scan waits for the scanner process, and the pool is left to the other tests.
        let host = await withCheckedContinuation { [configuration] continuation in
            Thread.detachNewThread {
                continuation.resume(returning: SwitchboardHost(configuration: configuration, loader: loader))
            }
        }
        #expect(host.instanceFailures.isEmpty)
        let plugin = try #require(host.scan.loaded.first { $0.id == id })
        let response = try await host.provider(named: "isolated").complete(Self.request())
        #expect(response.text == "hello from C")
        #expect(!plugin.isOpen)
    }

    @Test func pluginCrashedFallsThroughLikeAServerError() {
        #expect(ProviderError(.pluginCrashed, "x").isRetryable)
        #expect(ProviderError.Kind.all.contains(.pluginCrashed))
    }
}
