/// Why the gateway will not start.
public struct GatewayStartupError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is. Extensible: new codes break no one.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The configuration asks for a non-loopback address without gateway keys.
        public static let unauthenticatedNonLoopback = Code(rawValue: "unauthenticated_non_loopback")
    }

    /// What kind of problem it is.
    public var code: Code
    /// What is wrong and what to do, naming the configuration keys.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
