public import Foundation
public import SwitchboardKit

/// A PostgreSQL database named by a libpq connection URL: `postgres://user:password@host:5432/database?sslmode=require`
/// (`postgresql://` too), as `usage.ledger` takes it.
///
/// The password is secret: it is never part of ``description``, and `${VAR}` in the configuration keeps it out of the
/// file. Missing parts take libpq's defaults: host `localhost`, port 5432, database the user's name, `sslmode=prefer`.
public struct PostgresAddress: Sendable, Hashable, CustomStringConvertible {
    /// libpq's `sslmode`: whether the connection uses TLS, and what it checks.
    public enum SSLMode: String, Sendable, Hashable, CaseIterable {
        /// Never TLS.
        case disable
        /// TLS when the server offers it (libpq's `allow` and `prefer` differ only in which they try first).
        case allow, prefer
        /// TLS always; the server's certificate is not checked.
        case require
        /// TLS always, with a certificate signed by a trusted authority.
        case verifyCA = "verify-ca"
        /// TLS always, with a trusted certificate for the host name.
        case verifyFull = "verify-full"
    }

    /// The server's host name or address.
    public var host: String
    /// The server's port.
    public var port: Int
    /// The role to connect as.
    public var user: String
    /// The database to open.
    public var database: String
    /// Whether and how TLS is used.
    public var sslMode: SSLMode
    /// How long connecting may take (`connect_timeout`, in seconds); nil for 10 s.
    public var connectTimeoutSeconds: Int?
    /// The password; nil when the URL gives none. Never printed.
    package var password: String?

    /// The URL without its password: `postgres://switchboard:[redacted]@db:5432/usage?sslmode=require`.
    public var description: String {
        let credentials = password == nil ? user : "\(user):\(SecretPolicy.redacted)"
        let hostPart = host.contains(":") ? "[\(host)]" : host
        var text = "postgres://\(credentials)@\(hostPart):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
        if let connectTimeoutSeconds { text += "&connect_timeout=\(connectTimeoutSeconds)" }
        return text
    }

    /// Whether `text` is a PostgreSQL URL (by its scheme), well formed or not.
    public static func isPostgresURL(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    /// Parses a libpq connection URL.
    /// - Throws: a message naming what is wrong (never the password).
    public init(url text: String) throws(PostgresAddressError) {
        guard Self.isPostgresURL(text), let components = URLComponents(string: text) else {
            throw PostgresAddressError(
                "\"\(SecretPolicy.redactingURL(text))\" is not a PostgreSQL URL (postgres://user:password@host:port/database)"
            )
        }
        guard let user = components.user.flatMap({ $0.removingPercentEncoding }), !user.isEmpty else {
            throw PostgresAddressError(
                "\"\(SecretPolicy.redactingURL(text))\" names no user: write postgres://USER:PASSWORD@HOST/DATABASE")
        }
        self.user = user
        password = components.password.map { $0.removingPercentEncoding ?? $0 }
        host = components.host.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding } ?? "localhost"
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        port = components.port ?? 5432
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? user : (path.removingPercentEncoding ?? path)
        sslMode = .prefer
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                guard let mode = SSLMode(rawValue: value) else {
                    throw PostgresAddressError(
                        "sslmode \"\(value)\" is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                sslMode = mode
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0 else {
                    throw PostgresAddressError("connect_timeout \"\(value)\" is not a whole number of seconds above 0")
                }
                connectTimeoutSeconds = seconds
            case "application_name":
                continue
            default:
                throw PostgresAddressError(
                    "the URL parameter \"\(item.name)\" is not supported; use sslmode, connect_timeout or application_name"
                )
            }
        }
    }
}

/// Why a `postgres://` URL cannot be used; the message never holds the password.
public struct PostgresAddressError: Error, CustomStringConvertible, Sendable {
    /// What is wrong.
    public let description: String

    init(_ description: String) { self.description = description }
}
