public import Foundation
import NIOSSL
package import PostgresNIO
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

    /// The TLS this address asks for: nil for none; else whether a server without TLS is accepted, and the
    /// configuration (what is checked of the server's certificate).
    private var tls: (optional: Bool, configuration: TLSConfiguration)? {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch sslMode {
        case .disable: return nil
        case .allow, .prefer, .require:
            configuration.certificateVerification = .none
        case .verifyCA:
            configuration.certificateVerification = .noHostnameVerification
        case .verifyFull:
            break
        }
        return (sslMode == .allow || sslMode == .prefer, configuration)
    }

    /// The configuration of a PostgresNIO client (a connection pool) for this address.
    package func clientConfiguration(maximumConnections: Int) -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS =
            self.tls.map { $0.optional ? .prefer($0.configuration) : .require($0.configuration) } ?? .disable
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(connectTimeoutSeconds ?? 10)
        return configuration
    }

    /// The configuration of one PostgresNIO connection to this address.
    /// - Throws: NIOSSL's error when the TLS configuration cannot be made.
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var tls = PostgresConnection.Configuration.TLS.disable
        if let (optional, configuration) = self.tls {
            let context = try NIOSSLContext(configuration: configuration)
            tls = optional ? .prefer(context) : .require(context)
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(Int64(connectTimeoutSeconds ?? 10))
        return configuration
    }
}

/// Why a `postgres://` URL cannot be used; the message never holds the password.
public struct PostgresAddressError: Error, CustomStringConvertible, Sendable {
    /// What is wrong.
    public let description: String

    init(_ description: String) { self.description = description }
}
