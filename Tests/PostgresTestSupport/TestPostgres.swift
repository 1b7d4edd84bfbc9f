import Foundation
import PostgresNIO
public import Testing
public import Switchboard

/// The PostgreSQL server the tests of every test target use: the throwaway cluster `.ci/postgres start` makes, named by
/// `SWITCHBOARD_TEST_POSTGRES_URL`. Each test gets a database of its own (``withDatabase(_:)``), dropped afterwards.
public enum TestPostgres {
    /// The cluster's URL, or nil when the variable is unset or empty.
    public static let url: String? = {
        let value = ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_POSTGRES_URL"] ?? ""
        return value.isEmpty ? nil : value
    }()

    /// Why the PostgreSQL tests are skipped when ``url`` is nil, and how to run them.
    public static let howToEnable: Comment = """
        the PostgreSQL tests need SWITCHBOARD_TEST_POSTGRES_URL, a server they may create databases on: \
        SWITCHBOARD_TEST_POSTGRES_URL=$(.ci/postgres start /tmp/switchboard-pg) swift test (`.ci/run` does this)
        """

    /// Runs `body` with the address of a new, empty database, dropped afterwards (with the connections left to it).
    public static func withDatabase<T>(_ body: (PostgresAddress) async throws -> T) async throws -> T {
        let admin = try PostgresAddress(url: try #require(url, howToEnable))
        let name = "switchboard_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await run("CREATE DATABASE \(name)", on: admin)
        var address = admin
        address.database = name
        // The suite runs beside every other test: an operation waits up to a minute before it counts as unreachable.
        address.connectTimeoutSeconds = 60
        do {
            let result = try await body(address)
            try await run("DROP DATABASE \(name) WITH (FORCE)", on: admin)
            return result
        } catch {
            try? await run("DROP DATABASE \(name) WITH (FORCE)", on: admin)
            throw error
        }
    }

    /// Runs one statement on `address` through a client of its own.
    public static func run(_ sql: String, on address: PostgresAddress) async throws {
        _ = try await rows(sql, on: address)
    }

    /// The first column of the rows `sql` returns on `address`, as text.
    public static func strings(_ sql: String, on address: PostgresAddress) async throws -> [String] {
        try await rows(sql, on: address).map { try $0.decode(String.self) }
    }

    /// The rows `sql` returns on `address`, through a client of its own.
    private static func rows(_ sql: String, on address: PostgresAddress) async throws -> [PostgresRow] {
        let client = PostgresClient(configuration: address.clientConfiguration(maximumConnections: 1))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await client.query(PostgresQuery(unsafeSQL: sql)).collect()
        }
    }
}
