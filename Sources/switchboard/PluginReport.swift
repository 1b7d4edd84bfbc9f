import Switchboard
import SwitchboardKit

/// How `switchboard plugins` and `switchboard plugins inspect` show a loaded plugin or a refusal, as text and as
/// JSON, so both commands print the same thing.
enum PluginReport {
    /// A loaded plugin as JSON: id, name, version, description, path, ABI, Swift compiler, provider kinds, warnings,
    /// models (full catalog entries) and settings (descriptors; no values).
    static func json(_ plugin: LoadedPlugin) -> JSONValue {
        [
            "status": "loaded",
            "id": .string(plugin.id),
            "name": .string(plugin.manifest.name),
            "description": .string(plugin.manifest.description),
            "path": .string(plugin.path),
            "version": .string(plugin.manifest.version),
            "abi": .string(abi(plugin)),
            "swift_compiler": plugin.swiftCompiler.map(JSONValue.string) ?? .null,
            "provider_kinds": .array(plugin.manifest.providerKinds.map(JSONValue.string)),
            "models": .array(plugin.manifest.models.map(model)),
            "settings": .array(plugin.manifest.settings.map(setting)),
            "warnings": .array(plugin.warnings.map(JSONValue.string)),
        ]
    }

    /// A refusal as JSON: path, code and message.
    static func json(_ failure: PluginLoadError) -> JSONValue {
        [
            "status": "refused", "path": .string(failure.path), "code": .string(failure.code.rawValue),
            "message": .string(failure.message),
        ]
    }

    /// A loaded plugin as text: a status line, then details; `verbose` adds the description, models and settings.
    static func lines(_ plugin: LoadedPlugin, style: TerminalStyle, verbose: Bool) -> [String] {
        var lines = [
            style.green("✓") + " \(plugin.path)",
            "    \(style.bold(plugin.id)) \(plugin.manifest.version), ABI \(abi(plugin)), Swift \(plugin.swiftCompiler ?? "none"), "
                + "\(plugin.manifest.models.count) model\(plugin.manifest.models.count == 1 ? "" : "s")",
        ]
        lines += plugin.warnings.map { "    " + style.yellow("warning:") + " \($0)" }
        guard verbose else {
            if !plugin.manifest.models.isEmpty {
                lines.append("    models: " + plugin.manifest.models.map(\.id).joined(separator: ", "))
            }
            return lines
        }
        if !plugin.manifest.description.isEmpty { lines.append("    \(plugin.manifest.description)") }
        if !plugin.manifest.providerKinds.isEmpty {
            lines.append("    provider kinds: " + plugin.manifest.providerKinds.joined(separator: ", "))
        }
        lines += plugin.manifest.models.map { "    • " + ModelLine.describe($0) }
        lines += plugin.manifest.settings.map { setting in
            "    setting \(setting.name) (\(setting.type)\(setting.required ? ", required" : "")\(setting.secret ? ", secret" : "")): \(setting.description)"
        }
        return lines
    }

    /// A refusal as text: the path, then the code and the message saying what to do.
    static func lines(_ failure: PluginLoadError, style: TerminalStyle) -> [String] {
        [style.red("✗") + " \(failure.path)", "    refused (\(failure.code)): \(failure.message)"]
    }

    /// `major.minor`.
    static func abi(_ plugin: LoadedPlugin) -> String {
        "\(plugin.abiVersion.major).\(plugin.abiVersion.minor)"
    }

    private static func model(_ model: ModelInfo) -> JSONValue {
        var fields: [String: JSONValue] = [
            "id": .string(model.id),
            "tier": .string(model.tier.rawValue),
            "local": .bool(model.local),
            "capabilities": .array(model.capabilities.map(\.rawValue).sorted().map(JSONValue.string)),
        ]
        if let name = model.displayName { fields["display_name"] = .string(name) }
        if let window = model.contextWindow { fields["context_window"] = .number(Double(window)) }
        if let output = model.maxOutputTokens { fields["max_output_tokens"] = .number(Double(output)) }
        if let pricing = model.pricing {
            fields["pricing"] = ["input": .number(pricing.input), "output": .number(pricing.output)]
        }
        return .object(fields)
    }

    private static func setting(_ setting: SettingDescriptor) -> JSONValue {
        var fields: [String: JSONValue] = [
            "name": .string(setting.name),
            "type": .string(setting.type),
            "description": .string(setting.description),
            "secret": .bool(setting.secret),
            "required": .bool(setting.required),
        ]
        if let value = setting.defaultValue, !setting.secret, !SecretPolicy.isSecretName(setting.name) {
            fields["default"] = value
        }
        return .object(fields)
    }
}
