import Foundation
import SwitchboardKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A Gemini CLI provider instance's settings, validated.
struct GeminiCLISettings: Sendable {
    /// The executable looked up on the host's `PATH` when `path` is absent.
    static let defaultPath = "gemini"
    /// Host variables whose values are scrubbed from anything the CLI says: the credentials it may run with.
    static let secretVariables = ["GEMINI_API_KEY", "GOOGLE_API_KEY"]

    /// The provider instance, named in errors.
    let provider: String
    /// The executable: a path (containing `/`) or a name looked up on the host's `PATH`.
    let path: String
    /// The model (`-m`) used when a request names none.
    let model: String?
    /// Arguments added after the plugin's own.
    let extraArguments: [String]
    /// Where the CLI runs; the host's current directory when nil.
    let workingDirectory: String?
    /// The longest one run may take; no limit when nil.
    let timeout: Duration?
    /// Variables added to the host's environment for the CLI.
    let environment: [String: String]
    /// The host's `PATH`, for finding ``path``.
    let searchPath: String?
    /// Values never to show: every `env` value and the host's values of ``secretVariables``.
    let secrets: [String]

    /// Reads and validates `context`'s settings.
    /// - Throws: `invalid_request` naming the setting that is unusable.
    init(_ context: ProviderContext) throws {
        let name = context.name
        func invalid(_ setting: String, _ problem: String) -> ProviderError {
            ProviderError(.invalidRequest, "setting \"\(setting)\" of provider \"\(name)\" \(problem)", provider: name)
        }
        func nonEmpty(_ setting: String) throws -> String? {
            guard let value = try context.string(setting) else { return nil }
            guard !value.isEmpty else { throw invalid(setting, "must not be empty") }
            return value
        }
        func strings(_ setting: String) throws -> [String] {
            switch context.settings[setting] {
            case nil, .null?:
                return []
            case .array(let elements)?:
                return try elements.enumerated().map { index, element in
                    guard let string = element.stringValue else {
                        throw invalid(
                            setting, "must be an array of strings; element \(index) is \(element.kindDescription)")
                    }
                    return string
                }
            case let other?:
                throw invalid(setting, "must be an array of strings; found \(other.kindDescription)")
            }
        }

        provider = name
        path = try nonEmpty("path") ?? Self.defaultPath
        model = try nonEmpty("model")
        extraArguments = try strings("extra_args")
        workingDirectory = try nonEmpty("working_directory")
        environment = try context.stringMap("env")
        if let seconds = try context.number("timeout_seconds") {
            guard seconds > 0, seconds.isFinite else {
                throw invalid("timeout_seconds", "must be a positive number of seconds; found \(seconds)")
            }
            timeout = .seconds(seconds)
        } else {
            timeout = nil
        }
        searchPath = context.host.secret("PATH")
        secrets = Array(environment.values) + Self.secretVariables.compactMap { context.host.secret($0) }
    }

    /// The absolute path of the executable to run, checked before anything is spawned.
    /// - Throws: `unsupported` naming the path and the `path` setting when it is missing or not executable;
    ///   `invalid_request` when `working_directory` is not a directory.
    func executable() throws -> String {
        if let workingDirectory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: workingDirectory, isDirectory: &isDirectory),
                isDirectory.boolValue
            else {
                throw ProviderError(
                    .invalidRequest,
                    "setting \"working_directory\" of provider \"\(provider)\" names \"\(workingDirectory)\", "
                        + "which is not a directory",
                    provider: provider
                )
            }
        }
        let advice =
            "install the Gemini CLI or set the \"path\" setting of provider \"\(provider)\" to the gemini executable"
        if path.contains("/") {
            guard FileManager.default.fileExists(atPath: path) else {
                throw ProviderError(
                    .unsupported, "the Gemini CLI \"\(path)\" does not exist; \(advice)", provider: provider)
            }
            guard Self.isExecutableFile(path) else {
                throw ProviderError(
                    .unsupported,
                    "the Gemini CLI \"\(path)\" is not an executable file; \(advice)",
                    provider: provider
                )
            }
            return path
        }
        let directories = (searchPath ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        if let found = directories.map({ "\($0)/\(path)" }).first(where: Self.isExecutableFile) {
            return found
        }
        throw ProviderError(
            .unsupported,
            "the Gemini CLI \"\(path)\" was not found on the host's PATH; \(advice)",
            provider: provider
        )
    }

    /// The environment the CLI runs with: the host's, plus `env`; nil (inherit unchanged) without `env`.
    var childEnvironment: [String: String]? {
        guard !environment.isEmpty else { return nil }
        return ProcessInfo.processInfo.environment.merging(environment) { _, configured in configured }
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && access(path, X_OK) == 0
    }
}
