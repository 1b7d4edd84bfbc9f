/// An error in a Switchboard configuration file: where it is, which key, what is wrong and what to do.
///
/// `description` reads `FILE:LINE:COLUMN: KEY.PATH: message`, the parts that are unknown left out.
/// Loading collects every error it can find before it throws: the first one (in file order) is
/// thrown, and the rest travel with it in ``otherErrors``; ``report`` prints them all.
///
/// Messages never contain secret values (see ``SwitchboardConfiguration/secretKeyPaths``).
public struct ConfigurationError: Error, CustomStringConvertible {
    /// What kind of configuration error this is. New codes may be added; do not switch exhaustively.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case syntax, type, unknownKey, missingVariable, invalidValue, duplicate, limits, io, encoding, plugin
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The YAML is not well formed (libyaml rejected it), or the document is empty or has several documents.
        public static let syntax = Code(.syntax)
        /// A value has the wrong type: a string where an integer was expected, a list where a mapping was.
        public static let type = Code(.type)
        /// A key that this version of Switchboard does not know.
        public static let unknownKey = Code(.unknownKey)
        /// A `${VAR}` reference to an environment variable that is not set and has no default.
        public static let missingVariable = Code(.missingVariable)
        /// A value of the right type that is not allowed: negative price, unknown strategy, unknown provider.
        public static let invalidValue = Code(.invalidValue)
        /// The same key twice in one mapping, or two budgets with one name.
        public static let duplicate = Code(.duplicate)
        /// A size, nesting or alias-expansion limit was exceeded.
        public static let limits = Code(.limits)
        /// The file could not be found or read.
        public static let io = Code(.io)
        /// The file is not UTF-8.
        public static let encoding = Code(.encoding)
        /// A provider names a plugin that is not installed, or is turned off.
        public static let plugin = Code(.plugin)

        /// The code's name, such as `unknownKey`.
        public var description: String { base.rawValue }
    }

    /// What kind of error this is.
    public var code: Code
    /// What was expected, what was found, and what to do.
    public var message: String
    /// The file the error is in, or `nil` for built-in defaults and in-memory text without a name.
    public var file: String?
    /// The 1-based line, when known.
    public var line: Int?
    /// The 1-based column, when known.
    public var column: Int?
    /// The dotted key path of the value, such as `providers.openai.settings.base_url`, when known.
    public var keyPath: String?
    /// The underlying error, such as a file-system error, when there is one.
    public var cause: (any Error)?
    /// Further errors found in the same load, in file order (only set on the thrown error).
    public var otherErrors: [ConfigurationError]

    /// Creates a configuration error.
    /// - Parameters:
    ///   - code: What kind of error this is.
    ///   - message: What was expected, what was found, and what to do.
    ///   - file: The file, when known.
    ///   - line: The 1-based line, when known.
    ///   - column: The 1-based column, when known.
    ///   - keyPath: The dotted key path, when known.
    ///   - cause: The underlying error, if any.
    public init(
        code: Code,
        message: String,
        file: String? = nil,
        line: Int? = nil,
        column: Int? = nil,
        keyPath: String? = nil,
        cause: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.cause = cause
        self.otherErrors = []
    }

    /// `FILE:LINE:COLUMN: KEY.PATH: message`, leaving out the parts that are unknown.
    public var description: String {
        var location = ""
        if let file { location = file }
        if let line {
            location += location.isEmpty ? "\(line)" : ":\(line)"
            if let column { location += ":\(column)" }
        }
        var parts: [String] = []
        if !location.isEmpty { parts.append(location) }
        if let keyPath, !keyPath.isEmpty { parts.append(keyPath) }
        parts.append(message)
        return parts.joined(separator: ": ")
    }

    /// Every error of this load, one per line: this one first, then ``otherErrors``.
    public var report: String {
        ([self] + otherErrors).map(\.description).joined(separator: "\n")
    }

    /// All errors of this load: this one, then ``otherErrors``.
    public var allErrors: [ConfigurationError] {
        var first = self
        first.otherErrors = []
        return [first] + otherErrors
    }
}

extension ConfigurationError {
    /// Creates an error located at a node's mark.
    init(_ code: Code, _ message: String, file: String?, mark: YAMLNode.Mark?, keyPath: String? = nil) {
        self.init(code: code, message: message, file: file, line: mark?.line, column: mark?.column, keyPath: keyPath)
    }

    /// Folds a list of errors (sorted by position) into one throwable error.
    static func combined(_ errors: [ConfigurationError]) -> ConfigurationError? {
        let sorted = errors.enumerated().sorted { lhs, rhs in
            let left = (lhs.element.line ?? Int.max, lhs.element.column ?? Int.max, lhs.offset)
            let right = (rhs.element.line ?? Int.max, rhs.element.column ?? Int.max, rhs.offset)
            return left < right
        }.map(\.element)
        guard var first = sorted.first else { return nil }
        first.otherErrors = Array(sorted.dropFirst())
        return first
    }
}
