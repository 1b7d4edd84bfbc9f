package import SwitchboardABI

/// The services the host lends a plugin: logging, secrets and its HTTP transport.
///
/// A plugin receives one at entry and hands it to every provider it creates.
public struct HostServices: Sendable {
    /// Severity of a log line.
    public enum LogLevel: UInt32, Sendable {
        case trace = 0, debug, info, notice, warning, error
    }

    /// The host's HTTP transport.
    public let transport: any HTTPTransport
    private let logSink: @Sendable (LogLevel, String) -> Void
    private let secretLookup: @Sendable (String) -> String?

    /// Creates services from closures, for providers that run in-process in the host or in tests.
    public init(
        transport: any HTTPTransport,
        log: @escaping @Sendable (LogLevel, String) -> Void = { _, _ in },
        secret: @escaping @Sendable (String) -> String? = { _ in nil }
    ) {
        self.transport = transport
        self.logSink = log
        self.secretLookup = secret
    }

    /// Wraps the host's C table.
    package init(table: UnsafePointer<swb_host_api>) {
        let api = HostAPI(table: table)
        self.init(transport: CHostTransport(api: api), log: api.log, secret: api.secret)
    }

    /// Writes one log line through the host's logger.
    public func log(_ level: LogLevel, _ message: String) {
        logSink(level, message)
    }

    /// Looks up a secret or environment variable the host knows; nil when unset.
    public func secret(_ name: String) -> String? {
        secretLookup(name)
    }
}

/// The host's C table, held for the life of the process.
///
/// `@unchecked Sendable`: the table is immutable and lives forever (the host never frees it), and the ABI requires
/// every function in it to be safe to call from any thread.
struct HostAPI: @unchecked Sendable {
    let table: UnsafePointer<swb_host_api>

    var context: UnsafeMutableRawPointer? { table.pointee.host_context }

    /// Whether the host can resume an exchange whose body the plugin paused (ABI 1.2).
    var canResumeExchanges: Bool { swb_host_api_has_http_resume(table) != 0 }

    @Sendable func log(_ level: HostServices.LogLevel, _ message: String) {
        let length = message.utf8.count
        message.withCString { cMessage in
            table.pointee.log(context, swb_log_level(rawValue: level.rawValue), cMessage, length)
        }
    }

    @Sendable func secret(_ name: String) -> String? {
        final class Box { var value: String? }
        let box = Box()
        let length = name.utf8.count
        withExtendedLifetime(box) {
            name.withCString { cName in
                table.pointee.get_secret(context, cName, length, Unmanaged.passUnretained(box).toOpaque()) {
                    boxPointer, value, length in
                    guard let boxPointer, let value else { return }
                    let box = Unmanaged<Box>.fromOpaque(boxPointer).takeUnretainedValue()
                    box.value = String(decoding: UnsafeRawBufferPointer(start: value, count: length), as: UTF8.self)
                }
            }
        }
        return box.value
    }
}
