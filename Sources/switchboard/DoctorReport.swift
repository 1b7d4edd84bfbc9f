import Foundation
import Switchboard
import SwitchboardKit

/// What `switchboard doctor` found: the configuration, every plugin file, every provider instance.
struct DoctorReport {
    /// One plugin file.
    struct PluginRow {
        var name: String
        var path: String
        var loaded: Bool
        var detail: String
    }

    /// One provider instance.
    struct ProviderRow {
        var name: String
        var plugin: String
        var local: Bool
        /// `ok`, `degraded`, `unavailable`, `failed` (no instance) or `disabled`.
        var status: String
        var latencyMilliseconds: Double?
        var credentials: CredentialStatus
        var detail: String

        /// Whether this row makes the report fail.
        var isBroken: Bool {
            ["unavailable", "failed"].contains(status) || credentials.isMissing
        }
    }

    /// Where the configuration came from.
    var source = "none"
    /// Why the configuration could not be loaded or is invalid, one problem per entry.
    var configurationProblems: [String] = []
    /// Every plugin file found.
    var plugins: [PluginRow] = []
    /// Every configured provider instance.
    var providers: [ProviderRow] = []

    /// Whether the configuration loaded and validated.
    var configurationIsValid: Bool { configurationProblems.isEmpty }

    /// Whether nothing is broken.
    var isHealthy: Bool {
        configurationIsValid && plugins.allSatisfy(\.loaded) && !providers.contains(where: \.isBroken)
    }

    /// The rows for a plugin scan.
    static func pluginRows(_ scan: PluginLoader.Scan) -> [PluginRow] {
        scan.loaded.map { plugin in
            PluginRow(
                name: plugin.id,
                path: plugin.path,
                loaded: true,
                detail:
                    "\(plugin.manifest.version), ABI \(PluginReport.abi(plugin)), \(plugin.manifest.models.count) model\(plugin.manifest.models.count == 1 ? "" : "s")"
                    + plugin.warnings.map { "; warning: \($0)" }.joined()
            )
        }
            + scan.failures.map { failure in
                PluginRow(
                    name: (failure.path as NSString).lastPathComponent,
                    path: failure.path,
                    loaded: false,
                    detail: SecretPolicy.redactingURLs(in: "refused (\(failure.code)): \(failure.message)")
                )
            }
    }

    /// The row of the configured provider `entry` on `host`, given the health checks' results.
    static func providerRow(
        _ entry: SwitchboardConfiguration.Provider,
        host: SwitchboardHost,
        availability: [String: ProviderAvailability],
        environment: [String: String]
    ) -> ProviderRow {
        let settings = host.scan.loaded.first { $0.id == entry.plugin }?.manifest.settings ?? []
        var row = ProviderRow(
            name: entry.name, plugin: entry.plugin, local: entry.local, status: "disabled", latencyMilliseconds: nil,
            credentials: .notNeeded, detail: "disabled in the configuration"
        )
        guard entry.enabled else { return row }
        if let failure = host.instanceFailures[entry.name] {
            row.status = "failed"
            row.detail = SecretPolicy.redactingURLs(in: failure.message)
            row.credentials = CredentialStatus.of(
                entry, settings: settings, environment: environment, failure: (failure.kind, failure.message))
        } else if let health = availability[entry.name]?.health {
            row.status = health.status.rawValue
            row.latencyMilliseconds = health.latencyMilliseconds
            row.detail = SecretPolicy.redactingURLs(in: health.message ?? "")
            let failure: (kind: ProviderError.Kind?, message: String)? =
                health.status == .ok ? nil : (kind: nil, message: health.message ?? "")
            row.credentials = CredentialStatus.of(entry, settings: settings, environment: environment, failure: failure)
        } else {
            row.status = "unavailable"
            row.detail = "no health check result"
        }
        return row
    }

    /// The report as text: the configuration, the plugins, then a table of the providers.
    func lines(style: TerminalStyle) -> [String] {
        var lines = [style.bold("Configuration")]
        if configurationIsValid {
            lines.append("  " + style.green("✓") + " \(source)")
        } else {
            lines.append("  " + style.red("✗") + " \(source)")
            lines += configurationProblems.map { "    \($0)" }
        }
        lines += ["", style.bold("Plugins")]
        if plugins.isEmpty { lines.append("  no plugin files found") }
        for plugin in plugins {
            lines.append(
                "  " + (plugin.loaded ? style.green("✓") : style.red("✗")) + " \(plugin.name)  \(plugin.detail)")
            if !plugin.loaded { lines.append("      \(plugin.path)") }
        }
        lines += ["", style.bold("Providers")]
        if providers.isEmpty {
            lines.append("  none configured")
        } else {
            var table = TextTable(headers: ["PROVIDER", "PLUGIN", "WHERE", "STATUS", "LATENCY", "API KEY", "DETAIL"])
            table.rows = providers.map { row in
                [
                    row.name, row.plugin, row.local ? "local" : "cloud", row.status,
                    row.latencyMilliseconds.map { String(format: "%.0f ms", $0) } ?? "—", row.credentials.summary,
                    row.detail,
                ]
            }
            lines += table.render { row, column, text in
                let provider = providers[row]
                switch column {
                case 3 where provider.status == "ok": return style.green(text)
                case 3 where provider.status == "degraded": return style.yellow(text)
                case 3 where provider.isBroken: return style.red(text)
                case 5 where provider.credentials.isMissing: return style.red(text)
                default: return text
                }
            }
            .map { "  " + $0 }
        }
        lines += [
            "",
            isHealthy ? style.green("Everything checked is working.") : style.red("Something is broken; see above."),
        ]
        return lines
    }

    /// The report as JSON: `{"ok", "configuration": {"source", "valid", "problems"}, "plugins": [{"name", "path",
    /// "loaded", "detail"}], "providers": [{"name", "plugin", "local", "status", "latency_ms", "credentials",
    /// "detail"}]}`.
    var json: JSONValue {
        [
            "ok": .bool(isHealthy),
            "configuration": [
                "source": .string(source),
                "valid": .bool(configurationIsValid),
                "problems": .array(configurationProblems.map(JSONValue.string)),
            ],
            "plugins": .array(
                plugins.map {
                    [
                        "name": .string($0.name), "path": .string($0.path), "loaded": .bool($0.loaded),
                        "detail": .string($0.detail),
                    ]
                }
            ),
            "providers": .array(
                providers.map { row in
                    [
                        "name": .string(row.name),
                        "plugin": .string(row.plugin),
                        "local": .bool(row.local),
                        "status": .string(row.status),
                        "latency_ms": row.latencyMilliseconds.map { .number(($0 * 10).rounded() / 10) } ?? .null,
                        "credentials": row.credentials.json,
                        "detail": .string(row.detail),
                    ]
                }
            ),
        ]
    }
}
