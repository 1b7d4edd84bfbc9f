import Switchboard
import SwitchboardKit

extension ProviderConformance {
    /// The setting types a manifest may declare.
    private static let settingTypes: Set<String> = ["string", "integer", "number", "boolean", "object", "array"]

    /// ``ConformanceCheck/manifest``.
    func checkManifest(_ problems: inout Problems) async throws {
        let plugin = try loadPlugin()
        let manifest = plugin.manifest
        let fileName = pluginPath.split(separator: "/").last.map(String.init) ?? pluginPath
        let fileID = PluginLoader.pluginID(forFileName: fileName)
        problems.expect(
            PluginLoader.Configuration.comparisonKey(fileID) == PluginLoader.Configuration.comparisonKey(manifest.id),
            "the file name \(fileName) implies the plugin id \"\(fileID)\", but the manifest says \"\(manifest.id)\"; "
                + "name the product after the id (lib<Id>Plugin.so) so plugins.enable and plugins.disable find it"
        )
        problems.expect(
            plugin.warnings.isEmpty, "the host loads it with warnings: \(plugin.warnings.joined(separator: "; "))")
        problems.expect(!manifest.name.isEmpty, "the manifest's name is empty")
        problems.expect(
            !manifest.description.isEmpty, "the manifest has no description; say in one line what it talks to")
        problems.expect(!manifest.providerKinds.isEmpty, "the manifest lists no provider_kinds; name the API it speaks")
        problems.expect(
            !manifest.models.isEmpty, "the manifest lists no models; the router cannot pick a model it does not know")
        for model in manifest.models where model.capabilities.isEmpty {
            problems.add("model \"\(model.id)\" advertises no capabilities; give it at least chat")
        }
        var settingNames: Set<String> = []
        for setting in manifest.settings {
            problems.expect(!setting.name.isEmpty, "a setting has an empty name")
            problems.expect(settingNames.insert(setting.name).inserted, "setting \"\(setting.name)\" is declared twice")
            problems.expect(
                Self.settingTypes.contains(setting.type),
                "setting \"\(setting.name)\" has type \"\(setting.type)\"; expected one of \(Self.settingTypes.sorted().joined(separator: ", "))"
            )
            problems.expect(!setting.description.isEmpty, "setting \"\(setting.name)\" has no description")
            if let value = setting.defaultValue {
                problems.expect(
                    !setting.secret, "secret setting \"\(setting.name)\" has a default value; a secret never has one")
                problems.expect(
                    Self.matches(value, type: setting.type),
                    "setting \"\(setting.name)\" is of type \(setting.type) but its default is \(value.kindDescription)"
                )
            }
        }
        do {
            let target = if case .http = transport { "http://127.0.0.1:9" } else { "/bin/true" }
            let provider = try plugin.makeProvider(name: instanceName, settings: settings(target))
            problems.expect(
                provider.name == instanceName,
                "the provider calls itself \"\(provider.name)\"; expected the instance name \"\(instanceName)\""
            )
        } catch {
            problems.add("creating an instance from the conformance settings failed: \(error)")
        }
    }

    /// ``ConformanceCheck/discovery``.
    func checkDiscovery(_ problems: inout Problems) async throws {
        let stream = transcripts.stream
        try await withProvider(answering: { _ in stream }) { provider, _ in
            await Self.checkModelsAndHealth(
                of: provider, modelsFailureHint: "; give its endpoint a response in ConformanceTranscripts.routes",
                healthyWhen: "against a server that answers", &problems)
        }
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("string", .string), ("number", .number), ("boolean", .bool), ("object", .object), ("array", .array):
            true
        case ("integer", .number(let number)):
            number.rounded() == number
        default:
            false
        }
    }

    /// The discovery promises of any provider: `models()` lists models with unique, non-empty ids, and `health()`
    /// reports ok `healthyWhen` it should (e.g. "against a server that answers").
    static func checkModelsAndHealth(
        of provider: any Provider, modelsFailureHint: String, healthyWhen: String, _ problems: inout Problems
    ) async {
        do {
            let models = try await provider.models()
            problems.expect(!models.isEmpty, "models() lists no model")
            var ids: Set<String> = []
            for listed in models {
                problems.expect(!listed.id.isEmpty, "models() lists a model with an empty id")
                problems.expect(ids.insert(listed.id).inserted, "models() lists \"\(listed.id)\" twice")
            }
        } catch {
            problems.add("models() failed: \(error)\(modelsFailureHint)")
        }
        let health = await provider.health()
        problems.expect(
            health.status == .ok,
            "health() reports \(health.status) (\(health.message ?? "no message")); expected ok \(healthyWhen)")
    }
}
