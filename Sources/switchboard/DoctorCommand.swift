import ArgumentParser
import Foundation
import Switchboard
import SwitchboardKit

/// `switchboard doctor`: checks the configuration, every plugin and every provider, and says what is broken.
struct DoctorCommand: AsyncParsableCommand, HostCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the configuration, every plugin and every provider's health, latency and API key.",
        discussion: """
            Loads and validates the configuration, lists every plugin file (loaded or refused and why), creates \
            each enabled provider instance and runs all their health checks at once, each for at most --timeout \
            seconds. A missing API key is named (the variable or setting), never its value, nor any key that is set.

            --json prints {"ok", "configuration": {"source", "valid", "problems"}, "plugins": [{"name", "path", \
            "loaded", "detail"}], "providers": [{"name", "plugin", "local", "status", "latency_ms", \
            "credentials": {"status", "name"?, "source"?}, "detail"}]}; status is ok, degraded, unavailable, \
            failed (no instance could be created) or disabled.

            \(ExitCode.helpText) Here: 3 the configuration cannot be loaded or is invalid; 1 a plugin was refused, \
            a provider is unavailable or failed, or a key is missing; 0 everything checked works (degraded is a \
            warning).
            """
    )

    @OptionGroup var options: HostOptions

    @Option(help: "Seconds each health check may take.")
    var timeout: Double = 5

    @Option(name: .customLong("provider"), help: "Only check this provider instance (repeatable).")
    var providers: [String] = []

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        if timeout <= 0 { throw ValidationError("--timeout must be positive, found \(timeout)") }
    }

    func run() async throws {
        var report = DoctorReport()
        do {
            let configuration = try options.loadConfiguration()
            let host = SwitchboardHost(configuration: configuration)
            report.source = "\(configuration.source)"
            report.configurationProblems = host.configurationProblems?.allErrors.map(\.description) ?? []
            report.plugins = DoctorReport.pluginRows(host.scan)
            let entries = configuration.providers.filter { providers.isEmpty || providers.contains($0.name) }
            if let unknown = providers.first(where: { name in !configuration.providers.contains { $0.name == name } }) {
                printError(
                    options.errorStyle.red("error:") + " no provider named \"\(unknown)\" in \(configuration.source)")
                throw ExitCode.unavailable
            }
            let availability = await Spinner.around("checking \(host.registry.names.count) providers") {
                await host.models.availability(timeout: .seconds(timeout))
            }
            let byName = Dictionary(availability.map { ($0.provider, $0) }, uniquingKeysWith: { first, _ in first })
            let environment = ProcessInfo.processInfo.environment
            report.providers = entries.map {
                DoctorReport.providerRow($0, host: host, availability: byName, environment: environment)
            }
        } catch let error as ConfigurationError {
            report.configurationProblems = error.allErrors.map(\.description)
            report.source = error.file ?? "the configuration"
            var fallback = SwitchboardConfiguration.builtInDefaults
            options.applyPluginOptions(to: &fallback)
            report.plugins = DoctorReport.pluginRows(
                PluginLoader(configuration: PluginLoader.Configuration(fallback)).scan())
        }
        if json {
            try JSONOutput.print(report.json)
        } else {
            report.lines(style: options.style).forEach { print($0) }
        }
        if !report.configurationIsValid { throw ExitCode.configuration }
        if !report.isHealthy { throw ExitCode.failure }
    }
}
