import NIOSSL
package import PostgresNIO

/// How PostgresNIO connects to a ``PostgresAddress``: its TLS, client (pool) and connection configurations.
extension PostgresAddress {
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
