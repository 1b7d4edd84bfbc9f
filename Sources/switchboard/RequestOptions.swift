import ArgumentParser
import Switchboard
import SwitchboardKit

/// The options of the commands that send requests (`complete`, `chat`): who answers, how, and with what.
struct RequestOptions: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help:
            "The provider instance, as the configuration names it (built-in: echo, ollama, lmstudio; openai, anthropic, gemini when their key is set)."
    )
    var provider: String?

    @Option(
        name: .shortAndLong, help: "The model: an id, PROVIDER/MODEL, or auto to let the router choose (the default).")
    var model: String?

    @Option(
        help:
            "The strategy over the router's candidates: \(SwitchboardConfiguration.Strategy.allCases.map(\.rawValue).joined(separator: ", ")) (default: the configuration's routing.strategy).",
        transform: Parse.value(SwitchboardConfiguration.Strategy.self))
    var strategy: SwitchboardConfiguration.Strategy?

    @Option(name: .customLong("system"), help: "A system prompt.")
    var system: String?

    @Option(help: "The most output tokens.")
    var maxTokens: Int?

    @Option(help: "The sampling temperature.")
    var temperature: Double?

    @Option(name: .customLong("metadata"), help: "Request metadata as key=value (repeatable), passed to the provider.")
    var metadata: [String] = []

    @Option(
        name: .customLong("setting"),
        help: "A setting of the --provider instance as key=value (repeatable), e.g. base_url=http://127.0.0.1:1234/v1.")
    var settings: [String] = []

    @Option(
        name: .customLong("discovery-timeout"),
        help: "Seconds to wait for live model discovery when the router chooses the model (0 to skip it).")
    var discoveryTimeout: Double = 2

    func validate() throws {
        _ = try Parse.pairs(metadata, option: "--metadata")
        _ = try Parse.pairs(settings, option: "--setting")
        if !settings.isEmpty && provider == nil {
            throw ValidationError("--setting needs --provider: say which instance it configures")
        }
        if let maxTokens, maxTokens <= 0 { throw ValidationError("--max-tokens must be positive, found \(maxTokens)") }
    }

    /// The host for `host`'s configuration with `--setting` merged into the `--provider` instance's settings.
    func host(_ host: HostOptions) throws -> SwitchboardHost {
        var configuration = try host.configuration()
        let overrides = try Parse.pairs(settings, option: "--setting")
        if !overrides.isEmpty, let provider,
            let index = configuration.providers.firstIndex(where: { $0.name == provider })
        {
            var merged = configuration.providers[index].settings.objectValue ?? [:]
            merged.merge(overrides.mapValues(JSONValue.string)) { _, new in new }
            configuration.providers[index].settings = .object(merged)
        }
        return SwitchboardHost(configuration: configuration)
    }

    /// `--model` and `--provider` as the host reads them (``SwitchboardHost/resolve(_:for:aliases:)``).
    var selector: ModelSelector { ModelSelector(model, provider: provider) }

    /// The strategy to run over `route`: `--strategy`, else the route's (an alias's own, else `routing.strategy`).
    func strategy(for route: Route) -> ExecutionStrategy {
        strategy.map(ExecutionStrategy.init) ?? route.strategy
    }

    /// A request for `messages` with `--max-tokens`, `--temperature` and `--metadata`; the model is left to the
    /// strategy.
    func request(_ messages: [Message]) throws -> ChatRequest {
        ChatRequest(
            messages: (system.map { [Message.system($0)] } ?? []) + messages,
            temperature: temperature,
            maxOutputTokens: maxTokens,
            metadata: try Parse.pairs(metadata, option: "--metadata")
        )
    }

    /// Runs live discovery when the router will choose the model, so models the catalogs lack can be chosen.
    func discoverIfRouting(_ selector: ModelSelector, on host: SwitchboardHost) async {
        guard selector.isAutomatic, discoveryTimeout > 0 else { return }
        _ = await Spinner.around("discovering models") {
            await host.models.refresh(timeout: .seconds(discoveryTimeout))
        }
    }
}
