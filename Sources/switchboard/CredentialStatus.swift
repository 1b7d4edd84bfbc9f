import Foundation
import Switchboard
import SwitchboardKit

/// Whether a provider instance has the credentials its plugin's secret settings ask for. Names settings and
/// variables, never values.
enum CredentialStatus: Equatable {
    /// The plugin takes no secret setting.
    case notNeeded
    /// Every secret is set: in the configuration, or in the variable named.
    case set(source: String)
    /// A secret is missing: the variable or setting named holds nothing, or the provider refused for lack of a key.
    case missing(name: String)
    /// Nothing is configured; the plugin falls back to its own default variable, if it has one.
    case pluginDefault

    /// The status of `entry`, whose plugin declares `settings`, given why its instance or health check failed, if
    /// either did.
    /// - Parameters:
    ///   - environment: the variables `*_env` settings are looked up in.
    ///   - failure: the instance-creation error or the failed health check's message.
    static func of(
        _ entry: SwitchboardConfiguration.Provider,
        settings: [SettingDescriptor],
        environment: [String: String],
        failure: (kind: ProviderError.Kind?, message: String)?
    ) -> CredentialStatus {
        let secrets = settings.filter(\.secret)
        guard !secrets.isEmpty else { return .notNeeded }
        let values = entry.settings.objectValue ?? [:]
        var sources: [String] = []
        for secret in secrets {
            if let value = values[secret.name]?.stringValue, !value.isEmpty {
                sources.append("setting \(secret.name)")
            } else if let variable = values["\(secret.name)_env"]?.stringValue {
                guard let value = environment[variable], !value.isEmpty else { return .missing(name: variable) }
                sources.append("$\(variable)")
            }
        }
        if let failure, failure.kind == .authentication || failure.message.hasPrefix("authentication") {
            return .missing(name: Self.variableNamed(in: failure.message) ?? secrets[0].name)
        }
        return sources.isEmpty ? .pluginDefault : .set(source: sources.joined(separator: ", "))
    }

    /// The first variable-looking name (`UPPER_CASE` with `KEY` or `TOKEN` in it) in `message`, as plugins name
    /// the variable they wanted in their refusals.
    static func variableNamed(in message: String) -> String? {
        message.split(whereSeparator: { !($0.isUppercase || $0.isNumber || $0 == "_") })
            .map(String.init)
            .first { $0.contains("_") && ($0.contains("KEY") || $0.contains("TOKEN")) }
    }

    /// Whether this status is a problem.
    var isMissing: Bool {
        if case .missing = self { true } else { false }
    }

    /// The table cell.
    var summary: String {
        switch self {
        case .notNeeded: "—"
        case .set(let source): "set (\(source))"
        case .missing(let name): "missing: \(name)"
        case .pluginDefault: "plugin default"
        }
    }

    /// The JSON form: `{"status": "not_needed"|"set"|"missing"|"plugin_default", "source"?, "name"?}`.
    var json: JSONValue {
        switch self {
        case .notNeeded: ["status": "not_needed"]
        case .set(let source): ["status": "set", "source": .string(source)]
        case .missing(let name): ["status": "missing", "name": .string(name)]
        case .pluginDefault: ["status": "plugin_default"]
        }
    }
}
