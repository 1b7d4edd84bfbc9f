import ArgumentParser
import Foundation
import Switchboard
import SwitchboardKit

/// `switchboard complete`: one prompt, the answer streamed to standard output.
struct CompleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "complete",
        abstract: "Send one prompt and stream the answer to standard output.",
        discussion: "Reads the prompt from standard input when none is given. Usage goes to standard error."
    )

    @OptionGroup var options: HostOptions

    @Option(name: .shortAndLong, help: "The provider instance, as the configuration names it (built-in: echo, ollama, lmstudio, openai).")
    var provider: String

    @Option(name: .shortAndLong, help: "The model id.")
    var model: String

    @Option(name: .customLong("system"), help: "A system prompt.")
    var system: String?

    @Option(name: .customLong("setting"), help: "A provider setting as key=value (repeatable), e.g. base_url=http://127.0.0.1:1234/v1.")
    var settings: [String] = []

    @Option(help: "The most output tokens.")
    var maxTokens: Int?

    @Argument(help: "The prompt; read from standard input when absent.")
    var prompt: String?

    func validate() throws {
        for setting in settings where !setting.contains("=") {
            throw ValidationError("--setting expects key=value, found \"\(setting)\"")
        }
    }

    func run() async throws {
        let text = try prompt ?? Self.readStandardInput()
        var instanceSettings: [String: JSONValue] = [:]
        for setting in settings {
            let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
            instanceSettings[parts[0]] = .string(parts.count > 1 ? parts[1] : "")
        }
        var configuration = try options.configuration()
        if !instanceSettings.isEmpty, let index = configuration.providers.firstIndex(where: { $0.name == provider }) {
            var merged = configuration.providers[index].settings.objectValue ?? [:]
            merged.merge(instanceSettings) { _, new in new }
            configuration.providers[index].settings = .object(merged)
        }
        let host = SwitchboardHost(configuration: configuration)
        var messages: [Message] = []
        if let system { messages.append(.system(system)) }
        messages.append(.user(text))
        let request = ChatRequest(model: model, messages: messages, maxOutputTokens: maxTokens)
        do {
            let instance = try host.provider(named: provider)
            var usage: Usage?
            var finish: FinishReason?
            for try await event in instance.stream(request) {
                switch event {
                case .textDelta(let delta): FileHandleOutput.standardOutput(delta)
                case .thinkingDelta(let delta, _): FileHandleOutput.standardError(delta)
                case .toolCallStart(_, _, let name): FileHandleOutput.standardError("\n[tool call: \(name)] ")
                case .toolCallDelta(_, let arguments): FileHandleOutput.standardError(arguments)
                case .usage(let reported): usage = reported
                case .finish(let reason): finish = reason
                default: break
                }
            }
            FileHandleOutput.standardOutput("\n")
            if let usage {
                printError("[\(provider)/\(model)] finish: \(finish?.rawValue ?? "?"), input \(usage.inputTokens) tokens (cache read \(usage.inputCacheRead)), output \(usage.outputTokens) tokens (reasoning \(usage.outputReasoning))\(usage.estimated ? ", estimated" : "")")
            }
        } catch {
            FileHandleOutput.standardOutput("\n")
            printError("error: \(ProviderError(error, provider: provider))")
            throw ExitCode(1)
        }
    }

    private static func readStandardInput() throws -> String {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw ValidationError("no prompt: pass one as an argument or on standard input") }
        return text
    }
}
