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

    @Test func aLedgerURLIsRefusedNotTakenForAFilePathAndItsPasswordIsNotShown() throws {
        let error = try #require(
            ConfigurationFixtures.error(
                """
                usage:
                  ledger: "postgres://switchboard:hunter2@db.internal:5432/usage?sslmode=require"
                """))
        #expect(error.keyPath == "usage.ledger")
        #expect(error.line == 2)
        #expect(
            error.message.hasPrefix(
                #"expected a file path or `memory`, found the postgres URL "postgres://switchboard:"#))
        #expect(error.message.hasSuffix("this build keeps the ledger in SQLite only"))
        #expect(!error.message.contains("hunter2"))
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
