import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The settings every provider that wraps a vendor's CLI shares, validated: `path`, `model`, `extra_args`,
/// `working_directory`, `timeout_seconds` and `env`.
///
/// The executable is resolved by ``executable()`` when a request is made, not when the instance is created, so a CLI
/// installed later is found without a restart.
public struct CLISettings: Sendable {
    /// The provider instance, named in errors.
    public let provider: String
    /// The executable: a path (containing `/`) or a name looked up on the host's `PATH`.
    public let path: String
    /// The model used when a request names none.
    public let model: String?
    /// Arguments added after the plugin's own.
    public let extraArguments: [String]
    /// Where the CLI runs; the host's current directory when nil.
    public let workingDirectory: String?
    /// The longest one run may take; no limit when nil.
    public let timeout: Duration?
    /// Variables added to the host's environment for the CLI.
    public let environment: [String: String]
    /// The host's `PATH`, for finding ``path``.
    public let searchPath: String?
    /// Values never to show: every `env` value and the host's values of the credential variables.
    public let secrets: [String]
    /// The CLI as errors name it, e.g. `Claude Code CLI`.
    private let displayName: String
    /// What installs the CLI, e.g. `install Claude Code`.
    private let installAdvice: String
    /// The executable's usual name, e.g. `claude`.
    private let defaultPath: String

    /// Reads and validates the shared settings of `context`, as `declaration` declares them.
    /// - Throws: `invalid_request` naming the setting that is unusable.
    public init(_ context: ProviderContext, _ declaration: Declaration) throws {
        provider = context.name
        path = try context[declaration.path]
        model = try context[declaration.model]
        extraArguments = try context[declaration.extraArguments]
        workingDirectory = try context[declaration.workingDirectory]
        environment = try context[declaration.environment]
        timeout = try context[declaration.timeout]
        searchPath = context.host.secret("PATH")
        secrets = Array(environment.values) + declaration.secretVariables.compactMap { context.host.secret($0) }
        displayName = declaration.displayName
        installAdvice = declaration.installAdvice
        defaultPath = declaration.defaultPath
    }

    /// The absolute path of the executable to run, checked before anything is spawned.
    /// - Throws: `unsupported` naming the path and the `path` setting when it is missing or not executable;
    ///   `invalid_request` when `working_directory` is not a directory.
    public func executable() throws -> String {
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
            "\(installAdvice) or set the \"path\" setting of provider \"\(provider)\" to the \(defaultPath) executable"
        if path.contains("/") {
            guard FileManager.default.fileExists(atPath: path) else {
                throw ProviderError(
                    .unsupported, "the \(displayName) \"\(path)\" does not exist; \(advice)", provider: provider)
            }
            guard Self.isExecutableFile(path) else {
                throw ProviderError(
                    .unsupported, "the \(displayName) \"\(path)\" is not an executable file; \(advice)",
                    provider: provider)
            }
            return path
        }
        let directories = (searchPath ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        if let found = directories.map({ "\($0)/\(path)" }).first(where: Self.isExecutableFile) {
            return found
        }
        throw ProviderError(
            .unsupported,
            "the \(displayName) \"\(path)\" was not found on the host's PATH; \(advice)",
            provider: provider
        )
    }

    /// The environment the CLI runs with: the host's, plus `env`; nil (inherit unchanged) without `env`.
    public var childEnvironment: [String: String]? {
        guard !environment.isEmpty else { return nil }
        return ProcessInfo.processInfo.environment.merging(environment) { _, configured in configured }
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && access(path, X_OK) == 0
    }
}

extension CLISettings {
    /// Runs the CLI once: finds the executable, starts it with `arguments` (and `input` on its stdin) in the
    /// configured directory and environment, hands its stdout to `read`, and reaps it.
    ///
    /// Cancellation, or an error `read` throws, stops the CLI (SIGTERM to its process group, SIGKILL 3 s later: it
    /// may stop the tools it started) and waits for it before the error goes on, so no child outlives the request.
    /// - Returns: how the CLI exited.
    /// - Throws: what ``executable()`` throws; `unsupported` when the CLI cannot be started; what `read` throws;
    ///   `CancellationError` when the request was cancelled.
    public func run(
        arguments: [String], input: [UInt8]?, read: (AsyncStream<[UInt8]>) async throws -> Void
    ) async throws -> CLIProcess.Exit {
        let executable = try executable()
        try Task.checkCancellation()
        let process: CLIProcess
        do {
            process = try CLIProcess.launch(
                executable: executable, arguments: arguments, input: input, workingDirectory: workingDirectory,
                environment: childEnvironment, timeout: timeout, teardown: CLIProcess.defaultTeardown)
        } catch {
            throw ProviderError(
                .unsupported, "the \(displayName) \"\(executable)\" could not be started: \(error)", provider: provider)
        }
        do {
            try await withTaskCancellationHandler {
                try await read(process.output)
                try Task.checkCancellation()
            } onCancel: {
                process.terminate()
            }
        } catch {
            process.terminate()
            _ = await process.waitForExit()
            throw error
        }
        let exit = await process.waitForExit()
        try Task.checkCancellation()
        return exit
    }
}
