import Foundation
import SwitchboardKit

/// An Ollama provider instance's settings, validated.
struct OllamaSettings: Sendable {
    /// Where Ollama listens by default.
    static let defaultBaseURL = "http://127.0.0.1:11434"

    /// The server, without a trailing slash.
    let baseURL: String
    /// How long the model stays loaded: a duration string or a number of seconds, passed through.
    let keepAlive: JSONValue?
    /// Headers sent with every request.
    let headers: [HTTPHeader]
    /// The longest one exchange may take; nil for the host's default.
    let timeout: Duration?

    /// Reads and validates `context`'s settings.
    /// - Throws: `invalid_request` naming the setting that is unusable.
    init(_ context: ProviderContext) throws {
        let invalid = context.invalidSetting

        baseURL = try context.httpURL("base_url", default: Self.defaultBaseURL).absoluteString

        switch context.settings["keep_alive"] {
        case nil, .null?:
            keepAlive = nil
        case .string(let duration)?:
            guard !duration.isEmpty else { throw invalid("keep_alive", "must not be empty") }
            keepAlive = .string(duration)
        case .number(let seconds)?:
            keepAlive = .number(seconds)
        case let other?:
            throw invalid(
                "keep_alive", "must be a duration such as \"5m\" or a number of seconds; found \(other.kindDescription)"
            )
        }

        headers = try context.headers("headers")

        timeout = try context.positiveDuration("timeout_seconds")
    }

    /// The absolute URL of `path` (e.g. `api/chat`) on the server.
    func endpoint(_ path: String) -> String {
        "\(baseURL)/\(path)"
    }
}
