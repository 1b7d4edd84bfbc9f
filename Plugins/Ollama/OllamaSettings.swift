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
        let name = context.name
        func invalid(_ setting: String, _ problem: String) -> ProviderError {
            ProviderError(.invalidRequest, "setting \"\(setting)\" of provider \"\(name)\" \(problem)", provider: name)
        }

        let base = try context.string("base_url", default: Self.defaultBaseURL) ?? Self.defaultBaseURL
        guard let url = URL(string: base), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty
        else {
            throw invalid("base_url", "must be an http or https URL such as \(Self.defaultBaseURL); found \"\(base)\"")
        }
        baseURL = base.hasSuffix("/") ? String(base.dropLast()) : base

        switch context.settings["keep_alive"] {
        case nil, .null?:
            keepAlive = nil
        case .string(let duration)?:
            guard !duration.isEmpty else { throw invalid("keep_alive", "must not be empty") }
            keepAlive = .string(duration)
        case .number(let seconds)?:
            keepAlive = .number(seconds)
        case let other?:
            throw invalid("keep_alive", "must be a duration such as \"5m\" or a number of seconds; found \(other.kindDescription)")
        }

        var headers: [HTTPHeader] = []
        for (field, value) in try context.stringMap("headers").sorted(by: { $0.key < $1.key }) {
            guard !field.isEmpty, !field.contains(where: { $0.isWhitespace || $0 == ":" }) else {
                throw invalid("headers", "has the invalid header name \"\(field)\"")
            }
            guard !value.contains(where: \.isNewline) else {
                throw invalid("headers.\(field)", "must be one line; its value contains a line break")
            }
            headers.append(HTTPHeader(field, value))
        }
        self.headers = headers

        if let seconds = try context.number("timeout_seconds") {
            guard seconds > 0, seconds.isFinite else {
                throw invalid("timeout_seconds", "must be a positive number of seconds; found \(seconds)")
            }
            timeout = .seconds(seconds)
        } else {
            timeout = nil
        }
    }

    /// The absolute URL of `path` (e.g. `api/chat`) on the server.
    func endpoint(_ path: String) -> String {
        "\(baseURL)/\(path)"
    }
}
