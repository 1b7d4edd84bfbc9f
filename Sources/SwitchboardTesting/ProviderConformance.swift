// The conformance vocabulary (checks, failures, outcomes, HTTP failures, BuiltPlugin) lives in the light kit, which
// plugin packages test with through `switchboard conformance`; re-exported so the in-process suite reads the same.
@_exported public import SwitchboardConformanceKit
public import SwitchboardKit
import Switchboard

/// The conformance suite every provider plugin runs on itself: the real `.so`, loaded through the host's loader,
/// against a ``MockHTTPServer`` replaying the vendor's wire format.
///
/// ```swift
/// @Suite struct ConformanceTests {
///     static let conformance = ProviderConformance(
///         plugin: try! BuiltPlugin.path(product: "AcmePlugin"),
///         settings: { baseURL in ["base_url": .string(baseURL), "api_key": "sk-test"] },
///         transcripts: ConformanceTranscripts(stream: …, truncatedStream: …, errorBody: { failure in … }),
///         secrets: ["sk-test"]
///     )
///
///     @Test(arguments: ConformanceCheck.allCases)
///     func conformance(_ check: ConformanceCheck) async throws { try await Self.conformance.run(check) }
/// }
/// ```
/// Each check starts its own server on 127.0.0.1 and creates a fresh provider instance pointed at it. A check that
/// fails throws a ``ConformanceFailure`` listing every problem it found.
public struct ProviderConformance: Sendable {
    /// The plugin file.
    public var pluginPath: String
    /// The instance settings for a server at the given base URL (`http://127.0.0.1:PORT`).
    public var settings: @Sendable (_ baseURL: String) -> JSONValue
    /// The recorded answers the server replays.
    public var transcripts: ConformanceTranscripts
    /// Values that must never appear in an error (the API key in ``settings``).
    public var secrets: [String]
    /// The name of the instances the checks create; errors and responses must carry it.
    public var instanceName: String
    /// How the provider reaches its vendor: HTTP (``transcripts``), a child process or nothing.
    var transport: Transport = .http

    /// How a provider reaches its vendor, and so what the suite fakes.
    enum Transport: Sendable {
        /// A server the suite starts, replaying ``ProviderConformance/transcripts``; ``ProviderConformance/settings``
        /// takes its base URL.
        case http
        /// A fake executable the suite writes; ``ProviderConformance/settings`` takes its path.
        case subprocess(SubprocessTranscripts)
        /// Nothing: the provider answers in process.
        case inProcess(SubprocessTranscripts)
    }

    /// Creates the suite for the plugin at `path`.
    /// - Parameters:
    ///   - path: the built `.so`, e.g. from ``BuiltPlugin/path(product:)``.
    ///   - settings: the instance settings for a server at the given base URL.
    ///   - transcripts: the vendor's recorded answers.
    ///   - secrets: values from `settings` that must never appear in an error message.
    ///   - instanceName: the name of the instances the checks create.
    public init(
        plugin path: String,
        settings: @escaping @Sendable (_ baseURL: String) -> JSONValue,
        transcripts: ConformanceTranscripts,
        secrets: [String] = [],
        instanceName: String = "conformance"
    ) {
        self.pluginPath = path
        self.settings = settings
        self.transcripts = transcripts
        self.secrets = secrets
        self.instanceName = instanceName
    }

    /// Creates the suite for a plugin that runs a command-line tool as a child process: each check writes a fake
    /// executable (``FakeCLI``) that prints one of `transcripts` in the tool's real output format.
    /// - Parameters:
    ///   - path: the built `.so`.
    ///   - settings: the instance settings for the executable at the given path.
    ///   - transcripts: the tool's recorded answers and failures, as bash bodies.
    ///   - secrets: values from `settings` that must never appear in an error message.
    ///   - instanceName: the name of the instances the checks create.
    public init(
        plugin path: String,
        subprocess settings: @escaping @Sendable (_ executable: String) -> JSONValue,
        transcripts: SubprocessTranscripts,
        secrets: [String] = [],
        instanceName: String = "conformance"
    ) {
        self.init(
            plugin: path, settings: settings, transcripts: Self.noHTTP, secrets: secrets, instanceName: instanceName)
        self.transport = .subprocess(transcripts)
    }

    /// Creates the suite for a plugin that answers in process, without a transport the suite could fake; the
    /// failures of `transcripts` are triggered by their request metadata, and the checks about a transport are not
    /// applicable.
    public init(
        plugin path: String,
        inProcess settings: JSONValue,
        transcripts: SubprocessTranscripts,
        secrets: [String] = [],
        instanceName: String = "conformance"
    ) {
        self.init(
            plugin: path, settings: { _ in settings }, transcripts: Self.noHTTP, secrets: secrets,
            instanceName: instanceName)
        self.transport = .inProcess(transcripts)
    }

    /// The HTTP transcripts of a provider without HTTP: never replayed.
    private static let noHTTP = ConformanceTranscripts(
        stream: .init(), truncatedStream: .init(), errorBody: { _ in "" })

    /// Runs one check.
    /// - Returns: ``ConformanceOutcome/passed``, or ``ConformanceOutcome/notApplicable(_:)`` with the reason when the
    ///   check is about a transport this provider does not have.
    /// - Throws: ``ConformanceFailure`` with every problem found, or the error that kept the check from running.
    @discardableResult
    public func run(_ check: ConformanceCheck) async throws -> ConformanceOutcome {
        var problems = Problems()
        if case .http = transport {
        } else if check != .manifest {
            let outcome = try await runWithoutHTTP(check, &problems)
            guard problems.list.isEmpty else {
                throw ConformanceFailure(check: check, plugin: pluginPath, problems: problems.list)
            }
            return outcome
        }
        switch check {
        case .manifest: try await checkManifest(&problems)
        case .capabilities: try await checkCapabilities(&problems)
        case .streaming: try await checkStreaming(&problems)
        case .truncatedStream: try await checkTruncatedStream(&problems)
        case .errors: try await checkErrors(&problems)
        case .cancellation: try await checkCancellation(&problems)
        case .discovery: try await checkDiscovery(&problems)
        }
        guard problems.list.isEmpty else {
            throw ConformanceFailure(check: check, plugin: pluginPath, problems: problems.list)
        }
        return .passed
    }

    /// Runs every check in order.
    /// - Throws: the first ``ConformanceFailure``.
    public func runAll() async throws {
        for check in ConformanceCheck.allCases { try await run(check) }
    }

    // MARK: Shared machinery

    /// The problems one check found.
    struct Problems {
        var list: [String] = []

        /// Records `problem` unless `condition` holds.
        mutating func expect(_ condition: Bool, _ problem: @autoclosure () -> String) {
            if !condition { list.append(problem()) }
        }

        mutating func add(_ problem: String) { list.append(problem) }
    }

    /// The plugin, loaded through the host's loader.
    /// - Throws: ``ConformanceFailure`` for the ``ConformanceCheck/manifest`` check when the loader refuses it.
    func loadPlugin() throws -> LoadedPlugin {
        switch PluginLoader(configuration: .init(optionalDirectories: [])).load(pluginPath) {
        case .success(let plugin): return plugin
        case .failure(let error):
            throw ConformanceFailure(
                check: .manifest, plugin: pluginPath, problems: ["the host refuses to load it: \(error.message)"])
        }
    }

    /// Starts a ``MockHTTPServer`` that answers `response(request)` (or the request's route from
    /// ``ConformanceTranscripts/routes``), creates an instance of the plugin pointed at it from ``settings``, runs
    /// `body`, and shuts the server down, whether or not `body` throws. For a plugin's own tests beyond the suite.
    public func withProvider<Result>(
        answering response: @escaping @Sendable (MockHTTPServer.RecordedRequest) -> MockHTTPServer.Response,
        _ body: (any Provider, MockHTTPServer) async throws -> Result
    ) async throws -> Result {
        let routes = transcripts.routes
        let server = try await MockHTTPServer.start { request in
            let path = String(request.uri.prefix { $0 != "?" })
            return routes[path] ?? response(request)
        }
        return try await server.whileRunning {
            let provider = try loadPlugin().makeProvider(name: instanceName, settings: settings(server.baseURL))
            return try await body(provider, server)
        }
    }

    /// The requests `server` received that are not for a route: the chat requests.
    func chatRequests(_ server: MockHTTPServer) -> [MockHTTPServer.RecordedRequest] {
        server.requests.filter { transcripts.routes[String($0.uri.prefix { $0 != "?" })] == nil }
    }

    /// A plain request to `model`.
    static func request(model: String) -> ChatRequest {
        ChatRequest(model: model, messages: [.system("Be brief."), .user("Say hello")], maxOutputTokens: 64)
    }

    /// The first model of the manifest, for checks that need one.
    func firstModel() throws -> String {
        guard let model = try loadPlugin().manifest.models.first?.id else {
            throw ConformanceFailure(check: .manifest, plugin: pluginPath, problems: ["the manifest lists no model"])
        }
        return model
    }
}

extension Provider {
    /// Collects the events of `stream(request)`, and the error it ended with (as a ``ProviderError`` naming this
    /// provider), for tests that check both what arrived and how the stream ended.
    public func collect(_ request: ChatRequest) async -> (events: [StreamEvent], error: ProviderError?) {
        var events: [StreamEvent] = []
        do {
            for try await event in stream(request) { events.append(event) }
            return (events, nil)
        } catch {
            return (events, ProviderError(error, provider: name))
        }
    }
}
