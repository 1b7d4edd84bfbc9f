extension CLISettings {
    /// The settings every CLI plugin takes, declared once: the manifest lists them (`.declaring(declaration)`) and
    /// ``CLISettings/init(_:_:)`` reads them.
    public struct Declaration: DeclaredSetting {
        /// `path`: the executable, a path or a name looked up on the host's `PATH`.
        public let path: Setting<String>
        /// `model`: the model used when a request names none.
        public let model: Setting<String?>
        /// `extra_args`: arguments added to the command line as they are.
        public let extraArguments: Setting<[String]>
        /// `working_directory`: where the CLI runs.
        public let workingDirectory: Setting<String?>
        /// `timeout_seconds`: the longest one run may take.
        public let timeout: Setting<Duration?>
        /// `env`: variables added to the CLI's environment, every value a secret.
        public let environment: Setting<[String: String]>
        /// The executable's usual name, e.g. `claude`.
        let defaultPath: String
        /// Host variables holding the credentials the CLI may run with, scrubbed from what it says.
        let secretVariables: [String]
        /// The CLI as errors name it, e.g. `Claude Code CLI`.
        let displayName: String
        /// What installs the CLI, e.g. `install Claude Code`.
        let installAdvice: String

        /// The settings of the CLI `displayName`.
        /// - Parameters:
        ///   - defaultPath: the executable looked up on the host's `PATH` when `path` is absent, e.g. `claude`.
        ///   - displayName: the CLI as errors name it, e.g. `Claude Code CLI` (“the Claude Code CLI "…" does not
        ///     exist”).
        ///   - installAdvice: what installs it, e.g. `install Claude Code`.
        ///   - secretVariables: host variables holding the credentials the CLI may run with, scrubbed from what it
        ///     says; the first is the manifest's example of an `env` entry.
        ///   - modelOption: the CLI's option naming the model (`--model`, `-m`), for the manifest.
        ///   - extraArgumentsExample: an `extra_args` value for the manifest (`["--max-turns", "3"]`).
        public init(
            defaultPath: String, displayName: String, installAdvice: String, secretVariables: [String],
            modelOption: String, extraArgumentsExample: String
        ) {
            path = Setting.string(
                "path", "The \(defaultPath) executable: a path, or a name looked up on the host's PATH",
                default: defaultPath
            ).checked { $0.isEmpty ? "must not be empty" : nil }
            model = .nonEmptyString(
                "model", "The model (\(modelOption)) used when a request names none; the CLI's default when absent")
            extraArguments = .strings(
                "extra_args", "Arguments added to the command line as they are (e.g. \(extraArgumentsExample))")
            workingDirectory = .nonEmptyString(
                "working_directory", "The directory the CLI runs in (and may read and edit); the host's when absent")
            timeout = .timeout("The longest one run may take before the CLI is stopped; no limit when absent")
            environment = .stringMap(
                "env",
                "Variables added to the CLI's environment (e.g. \(secretVariables.first ?? "API_KEY")); every value is "
                    + "treated as a secret and scrubbed from error messages",
                secret: true)
            self.defaultPath = defaultPath
            self.secretVariables = secretVariables
            self.displayName = displayName
            self.installAdvice = installAdvice
        }

        public var descriptors: [SettingDescriptor] {
            .declaring(path, model, extraArguments, workingDirectory, timeout, environment)
        }
    }
}
