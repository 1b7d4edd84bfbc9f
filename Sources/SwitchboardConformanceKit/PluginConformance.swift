public import Foundation
public import SwitchboardKit

/// Switchboard's conformance suite for a plugin's own package: the checks run in the `switchboard` executable
/// (``SwitchboardCLI``), which loads the built `.so` through the host's loader and drives it against a local server
/// replaying ``ReplayTranscripts``, so the package's tests build only SwitchboardKit and this kit.
///
/// ```swift
/// static func conformance() throws -> PluginConformance {
///     try PluginConformance(
///         product: "AcmePlugin",
///         settings: { baseURL in ["base_url": .string(baseURL), "api_key": "sk-test"] },
///         transcripts: ReplayTranscripts(stream: …, truncatedStream: …, errorBody: { failure in … }),
///         secrets: ["sk-test"])
/// }
///
/// @Test(arguments: ConformanceCheck.allCases)
/// func conformance(_ check: ConformanceCheck) async throws { try await Self.conformance().run(check) }
/// ```
public struct PluginConformance: Sendable {
    /// What the runner checks.
    public var spec: ConformanceSpec
    /// The executable that runs the checks.
    public var cli: SwitchboardCLI

    /// Creates the suite for `lib<product>.so` of the running test bundle's build directory.
    /// - Parameters:
    ///   - product: the dynamic-library product's name, e.g. `AcmePlugin`.
    ///   - settings: the instance settings for a server at the given base URL.
    ///   - transcripts: the vendor's recorded answers.
    ///   - secrets: values from `settings` that must never appear in an error message.
    ///   - instanceName: the name of the instances the checks create.
    ///   - cli: where the `switchboard` executable is.
    /// - Throws: ``BuiltPluginError`` when the plugin was not built.
    public init(
        product: String,
        settings: (_ baseURL: String) -> JSONValue,
        transcripts: ReplayTranscripts,
        secrets: [String] = [],
        instanceName: String = "conformance",
        cli: SwitchboardCLI = SwitchboardCLI()
    ) throws {
        self.init(
            plugin: try BuiltPlugin.path(product: product), settings: settings, transcripts: transcripts,
            secrets: secrets, instanceName: instanceName, cli: cli)
    }

    /// Creates the suite for the plugin file at `path`.
    public init(
        plugin path: String,
        settings: (_ baseURL: String) -> JSONValue,
        transcripts: ReplayTranscripts,
        secrets: [String] = [],
        instanceName: String = "conformance",
        cli: SwitchboardCLI = SwitchboardCLI()
    ) {
        self.spec = ConformanceSpec(
            plugin: path, settings: settings(ConformanceSpec.baseURLPlaceholder), secrets: secrets,
            instanceName: instanceName, transcripts: transcripts)
        self.cli = cli
    }

    /// Runs one check in `switchboard conformance`.
    /// - Returns: ``ConformanceOutcome/passed``, or ``ConformanceOutcome/notApplicable(_:)`` with the reason.
    /// - Throws: ``ConformanceFailure`` naming the check, the plugin file and every problem found; or
    ///   ``ConformanceRunError`` when the check could not run.
    @discardableResult
    public func run(_ check: ConformanceCheck) async throws -> ConformanceOutcome {
        let run = try await runner(["--check", check.rawValue], input: nil)
        if run.status == 1, let failure = try? JSONDecoder().decode(ConformanceFailure.self, from: run.output) {
            throw failure
        }
        return try decode(ConformanceOutcome.self, run)
    }

    /// Sends `request` through a fresh instance of the plugin to a local server answering `response` (and the
    /// transcripts' routes), for a plugin's own tests of its wire format.
    /// - Returns: the answer or the error the provider ended with, and every request the server received.
    /// - Throws: ``ConformanceRunError`` when the exchange could not run (the plugin refused, the executable
    ///   missing).
    public func exchange(_ request: ChatRequest, answering response: ReplayedResponse) async throws
        -> ConformanceExchange
    {
        let input = try JSONEncoder().encode(ConformanceExchange.Input(request: request, response: response))
        return try decode(ConformanceExchange.self, try await runner([], input: input))
    }

    /// Runs `switchboard conformance SPEC` with `arguments` (and `--exchange FILE` when `input` is given).
    private func runner(_ arguments: [String], input: Data?) async throws -> (
        status: Int32, output: Data, errors: String
    ) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "switchboard-conformance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let specPath = directory.appendingPathComponent("spec.json").path
        try JSONEncoder().encode(spec).write(to: URL(fileURLWithPath: specPath))
        var arguments = ["conformance", specPath] + arguments
        if let input {
            let inputPath = directory.appendingPathComponent("exchange.json").path
            try input.write(to: URL(fileURLWithPath: inputPath))
            arguments += ["--exchange", inputPath]
        }
        return try await cli.run(arguments)
    }

    /// The runner's answer, or the error it stopped with.
    private func decode<Value: Decodable>(
        _ type: Value.Type, _ run: (status: Int32, output: Data, errors: String)
    ) throws -> Value {
        guard run.status == 0, let value = try? JSONDecoder().decode(type, from: run.output) else {
            let errors = run.errors.trimmingCharacters(in: .whitespacesAndNewlines)
            throw ConformanceRunError(
                "switchboard conformance could not check \(spec.plugin) (exit status \(run.status)): "
                    + (errors.isEmpty ? String(decoding: run.output, as: UTF8.self) : errors))
        }
        return value
    }
}
