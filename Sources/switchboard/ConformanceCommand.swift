import ArgumentParser
import Foundation
import SwitchboardConformanceKit
import SwitchboardKit
import SwitchboardTesting

/// `switchboard conformance SPEC`: the conformance runner a plugin package's tests call through
/// `SwitchboardConformanceKit`, so they build only SwitchboardKit while the checks run in the host.
struct ConformanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conformance",
        abstract: "Run one conformance check, or one request, on a plugin file (for a plugin package's tests).",
        discussion: """
            SPEC is the JSON a plugin package's tests write through SwitchboardConformanceKit's PluginConformance: \
            the plugin file, its instance settings, its secrets and the vendor transcripts a local server on \
            127.0.0.1 replays. The plugin is loaded by the host's loader and checked by the host's conformance \
            suite, exactly as Switchboard's bundled plugins are.

            --check NAME prints the outcome as JSON ("passed" or not applicable, with the reason); a failed check \
            prints {"check", "plugin", "problems"} and exits 1. --exchange FILE sends the request in FILE \
            ({"request", "response"}) to a server replaying the response, and prints the answer or error and every \
            request the server received.

            \(ExitCode.helpText) Here: 1 the check failed or the host refused the plugin; 2 the spec or the \
            exchange cannot be read; 4 the plugin file does not exist.
            """
    )

    @Argument(help: "The conformance spec (JSON) the plugin's tests wrote.")
    var spec: String

    @Option(help: "The check to run: \(ConformanceCheck.allCases.map(\.rawValue).joined(separator: ", ")).")
    var check: String?

    @Option(help: "A request and the answer to replay to it (JSON), instead of a check.")
    var exchange: String?

    func validate() throws {
        guard (check == nil) != (exchange == nil) else {
            throw ValidationError("give exactly one of --check NAME and --exchange FILE")
        }
        if let check, ConformanceCheck(rawValue: check) == nil {
            throw ValidationError(
                "--check \(check): no such check; the checks are "
                    + ConformanceCheck.allCases.map(\.rawValue).joined(separator: ", "))
        }
    }

    func run() async throws {
        let spec = try Self.read(ConformanceSpec.self, from: spec, what: "conformance spec")
        guard FileManager.default.fileExists(atPath: spec.plugin) else {
            printError(
                "error: \(spec.plugin): no such plugin file; run `swift build` in the plugin's package first, so its "
                    + "shared object exists")
            throw ExitCode.unavailable
        }
        let conformance = ProviderConformance(spec: spec)
        if let exchange {
            let input = try Self.read(ConformanceExchange.Input.self, from: exchange, what: "exchange")
            try Self.printJSON(try await conformance.exchange(input))
            return
        }
        guard let check = check.flatMap(ConformanceCheck.init(rawValue:)) else { return }
        do {
            try Self.printJSON(try await conformance.run(check))
        } catch let failure as ConformanceFailure {
            try Self.printJSON(failure)
            printError("error: \(failure)")
            throw ExitCode.failure
        }
    }

    /// The JSON document at `path`, decoded as `type`.
    private static func read<Value: Decodable>(_ type: Value.Type, from path: String, what: String) throws -> Value {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("\(path): cannot read the \(what)")
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw ValidationError("\(path): not a \(what) that this switchboard reads: \(error)")
        }
    }

    private static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
