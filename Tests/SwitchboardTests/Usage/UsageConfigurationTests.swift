import Foundation
import Switchboard
import Testing

/// The `usage` section and budgets' `alert_at`.
@Suite("Usage configuration")
struct UsageConfigurationTests {
    @Test func theDefaultsMeterIntoTheHomeLedgerWithTheCacheOff() throws {
        let configuration = try ConfigurationFixtures.load("version: 1\n")
        #expect(
            configuration.usage == .init(enabled: true, ledger: .file("~/.switchboard/usage.sqlite"), cache: .init()))
        #expect(configuration.usage.cache == .init(enabled: false, ttlSeconds: 3600, store: .memory, maxEntries: 1000))
        #expect(configuration.usage.durability == .powerLoss)
    }

    @Test func everyKeyDecodesAndTheRenderingReadsBack() throws {
        let configuration = try ConfigurationFixtures.load(
            """
            version: 1
            budgets:
              - {name: monthly, limit_usd: 10, alert_at: [0.9, 0.5, 0.9]}
            usage:
              enabled: true
              ledger: data/usage.sqlite
              cache: {enabled: true, ttl_seconds: 60, store: ledger, max_entries: 5}
              durability: process
            """)
        #expect(configuration.budgets.first?.alertAt == [0.5, 0.9])
        guard case .file(let path) = configuration.usage.ledger else {
            Issue.record("expected a file ledger, got \(configuration.usage.ledger)")
            return
        }
        #expect(path.hasSuffix("/data/usage.sqlite") && path.hasPrefix("/"))
        #expect(configuration.usage.cache == .init(enabled: true, ttlSeconds: 60, store: .ledger, maxEntries: 5))
        #expect(configuration.usage.durability == .process)
        let again = try ConfigurationLoader(environment: [:], currentDirectory: "/", homeDirectory: "/home/u")
            .decode(yaml: configuration.renderedYAML(), name: "rendered.yaml")
        #expect(again.usage == configuration.usage)
        #expect(again.budgets == configuration.budgets)
        let memory = try ConfigurationFixtures.load("usage: {ledger: memory}\n")
        #expect(memory.usage.ledger == .memory)
    }

    @Test func budgetsWithUsageTurnedOffAreAnError() throws {
        let error = try #require(
            ConfigurationFixtures.error(
                """
                budgets:
                  - {name: b, limit_usd: 1}
                usage:
                  enabled: false
                """))
        #expect(error.keyPath == "usage.enabled")
        #expect(error.message.hasPrefix("budgets need the usage ledger, but `usage.enabled` is false"))
    }

    @Test func badUsageValuesSayWhatIsExpected() throws {
        let store = try #require(ConfigurationFixtures.error("usage: {cache: {store: disk}}\n"))
        #expect(store.keyPath == "usage.cache.store")
        #expect(store.message.hasPrefix("unknown cache store `disk`; valid values: memory, ledger"))
        let ttl = try #require(ConfigurationFixtures.error("usage: {cache: {ttl_seconds: 0}}\n"))
        #expect(ttl.keyPath == "usage.cache.ttl_seconds")
        #expect(ttl.message == "must be at least 1, found 0")
        let durability = try #require(ConfigurationFixtures.error("usage: {durability: power}\n"))
        #expect(durability.keyPath == "usage.durability")
        #expect(durability.message.hasPrefix("unknown durability `power`; valid values: power_loss, process"))
        let key = try #require(ConfigurationFixtures.error("usage: {ledgr: memory}\n"))
        #expect(key.message.hasPrefix("unknown key `ledgr`; did you mean `ledger`?"))
        let alert = try #require(ConfigurationFixtures.error("budgets: [{name: b, limit_usd: 1, alert_at: [0]}]\n"))
        #expect(alert.keyPath == "budgets[0].alert_at[0]")
        #expect(alert.message.hasPrefix("an alert threshold is a fraction of the limit above 0"))
    }

    @Test func aPostgresURLIsALedgerWhosePasswordIsNeverShown() throws {
        let configuration = try ConfigurationFixtures.load(
            """
            usage:
              ledger: "postgresql://switchboard:hunter%232@db.internal:6432/usage?sslmode=require&connect_timeout=3"
            """)
        guard case .postgres(let address) = configuration.usage.ledger else {
            Issue.record("not a PostgreSQL ledger: \(configuration.usage.ledger)")
            return
        }
        #expect(address.host == "db.internal")
        #expect(address.port == 6432)
        #expect(address.user == "switchboard")
        #expect(address.password == "hunter#2")
        #expect(address.database == "usage")
        #expect(address.sslMode == .require)
        #expect(address.connectTimeoutSeconds == 3)
        #expect(
            configuration.usage.ledger.description
                == "postgres://switchboard:[redacted]@db.internal:6432/usage?sslmode=require&connect_timeout=3")

        let defaults = try PostgresAddress(url: "postgres://reader@db")
        #expect(defaults.port == 5432)
        #expect(defaults.database == "reader")
        #expect(defaults.sslMode == .prefer)
        #expect(defaults.password == nil)
        #expect(defaults.description == "postgres://reader@db:5432/reader?sslmode=prefer")
    }

    @Test(arguments: [
        (
            "postgres://switchboard:hunter2@db/usage?sslmode=sometimes",
            "sslmode \"sometimes\" is not one of disable, allow, prefer, require, verify-ca, verify-full"
        ),
        (
            "postgres://switchboard:hunter2@db/usage?pool=9",
            "the URL parameter \"pool\" is not supported; use sslmode, connect_timeout or application_name"
        ),
        ("postgres://:hunter2@db/usage", "names no user: write postgres://USER:PASSWORD@HOST/DATABASE"),
        (
            "mysql://switchboard:hunter2@db/usage",
            #"expected a file path, a postgres:// URL or `memory`, found the mysql URL "mysql://switchboard:[redacted]@db/usage""#
        ),
    ])
    func aLedgerURLThatCannotBeUsedIsRefusedNotTakenForAFilePath(url: String, message: String) throws {
        let error = try #require(ConfigurationFixtures.error("usage:\n  ledger: \"\(url)\"\n"))
        #expect(error.keyPath == "usage.ledger")
        #expect(error.line == 2)
        #expect(error.message.hasSuffix(message), "\(error.message)")
        #expect(!"\(error)".contains("hunter2"))
    }

    @Test func budgetExceededIsAnErrorKindFallbacksMayName() throws {
        let configuration = try ConfigurationFixtures.load(
            """
            providers:
              a: {plugin: openai}
              b: {plugin: ollama}
            routing:
              fallbacks:
                - {from: a, to: b, on: [budget_exceeded]}
            """)
        #expect(configuration.routing.fallbacks.first?.on == [.budgetExceeded])
    }
}
