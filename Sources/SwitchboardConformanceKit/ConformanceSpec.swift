import Foundation
public import SwitchboardKit

/// What `switchboard conformance` checks: a plugin file, the settings of its instances, the values that must stay
/// secret and the transcripts its local server replays. ``PluginConformance`` writes it as JSON for the runner.
public struct ConformanceSpec: Codable, Sendable, Hashable {
    /// The text every string of ``settings`` carries where the local server's base URL goes
    /// (`http://127.0.0.1:PORT`); the runner replaces it.
    public static let baseURLPlaceholder = "{{BASE_URL}}"

    /// The plugin file.
    public var plugin: String
    /// The instance settings, with ``baseURLPlaceholder`` where the server's base URL goes.
    public var settings: JSONValue
    /// Values that must never appear in an error (the API key in ``settings``).
    public var secrets: [String]
    /// The name of the instances the checks create; errors and responses must carry it.
    public var instanceName: String
    /// The vendor's recorded answers.
    public var transcripts: ReplayTranscripts

    /// Creates a spec.
    public init(
        plugin: String, settings: JSONValue, secrets: [String], instanceName: String, transcripts: ReplayTranscripts
    ) {
        self.plugin = plugin
        self.settings = settings
        self.secrets = secrets
        self.instanceName = instanceName
        self.transcripts = transcripts
    }

    /// ``settings`` for a server at `baseURL`: every ``baseURLPlaceholder`` replaced.
    public func settings(baseURL: String) -> JSONValue {
        func replaced(_ value: JSONValue) -> JSONValue {
            switch value {
            case .string(let text): .string(text.replacingOccurrences(of: Self.baseURLPlaceholder, with: baseURL))
            case .array(let values): .array(values.map(replaced))
            case .object(let members): .object(members.mapValues(replaced))
            case .null, .bool, .number: value
            }
        }
        return replaced(settings)
    }
}
