import Foundation
import NIOHTTP1
import PostgresTestSupport
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// Several `switchboard serve` replicas sharing one PostgreSQL ledger (the cluster `.ci/postgres` starts) and one
/// upstream, driven at once, as a team behind a load balancer runs them. One test at a time: each starts several
/// gateways.
@Suite(
    "gateway: replicas sharing a PostgreSQL ledger", .serialized,
    .enabled(if: TestPostgres.url != nil, TestPostgres.howToEnable))
struct GatewayFleetTests {
    /// Sends `total` requests, `concurrency` at a time, to `replicas` in turn; returns each answer's status.
    static func drive(_ replicas: [GatewayAddress], total: Int, concurrency: Int) async throws -> [Int] {
        let next = Locked(0)
        return try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var statuses: [Int] = []
                    while let index = next.withLock({ count -> Int? in
                        defer { count += 1 }
                        return count < total ? count : nil
                    }) {
                        let answer = try await replicas[index % replicas.count].send(
                            "/v1/chat/completions", json: GatewayBudgetTests.request)
                        statuses.append(answer.status)
                    }
                    return statuses
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func threeReplicasKeepOneBlockBudgetAndOneLedger() async throws {
        try await TestPostgres.withDatabase { address in
            let upstream = try await GatewayBudgetTests.upstream()
            defer { Task { try await upstream.shutdown() } }
            let password = try #require(address.password)
            let ledger =
                "postgres://\(address.user):${FLEET_DB_PASSWORD}@\(address.host):\(address.port)/"
                + "\(address.database)?sslmode=disable&connect_timeout=60"
            var replicas: [ServedGateway] = []
            defer { for replica in replicas { replica.stop() } }
            for _ in 0..<3 {
                replicas.append(
                    try await ServedGateway.start(
                        HostPricingTests.yaml(
                            upstream, ledger: "\"\(ledger)\"", pricing: "{input: 1000, output: 1000}",
                            extra: "budgets:\n  - {name: fleet, limit_usd: 0.06, action: block}"),
                        environment: ["FLEET_DB_PASSWORD": password]))
            }
            let statuses = try await Self.drive(
                replicas.map { GatewayAddress(port: $0.port) }, total: 40, concurrency: 16)
            #expect(statuses.count == 40)
            #expect(Set(statuses).isSubset(of: [200, 429]), "\(statuses)")
            let admitted = statuses.filter { $0 == 200 }.count
            #expect(admitted >= 1)

            // Together the replicas spent no more than the budget, and the ledger holds exactly the answers sent.
            let shared = try UsageLedger(.postgres(address))
            let spent = try await shared.spent(since: .distantPast)
            #expect(spent <= 0.06 + 1e-9, "\(admitted) answers admitted, \(spent) USD spent against 0.06 USD")
            #expect(try await shared.totals().first?.requests == admitted)
            #expect(abs(spent - Double(admitted) * 0.012) < 1e-9)
            for replica in replicas { #expect(!replica.log.contains(password)) }
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func aReplicaKilledMidLoadLosesNoAnsweredRow() async throws {
        try await TestPostgres.withDatabase { address in
            let upstream = try await GatewayBudgetTests.upstream()
            defer { Task { try await upstream.shutdown() } }
            let ledger =
                "\"\(address.description.replacingOccurrences(of: "[redacted]", with: address.password ?? ""))\""
            var replicas: [ServedGateway] = []
            defer { for replica in replicas { replica.stop() } }
            for _ in 0..<2 {
                replicas.append(
                    try await ServedGateway.start(
                        HostPricingTests.yaml(upstream, ledger: ledger, pricing: "{input: 1000, output: 1000}")))
            }
            let addresses = replicas.map { GatewayAddress(port: $0.port) }
            // Requests to both replicas; the first is killed (SIGKILL: nothing flushes) while they run.
            let answered = Locked(0)
            let load = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<48 {
                        group.addTask {
                            let answer = try? await addresses[index % 2].send(
                                "/v1/chat/completions", json: GatewayBudgetTests.request)
                            if answer?.status == 200 { answered.withLock { $0 += 1 } }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            #expect(await eventually { answered.withLock { $0 } >= 8 })
            kill(replicas[0].process.processIdentifier, SIGKILL)
            try await load.value
            let rows = try await UsageLedger(.postgres(address)).totals().first?.requests ?? 0
            #expect(rows >= answered.withLock { $0 }, "every answer a client received has its row")
            #expect(answered.withLock { $0 } >= 24, "the surviving replica answered its half")
        }
    }

    @Test func readinessNamesTheSharedLedgerAndFailsWithABudgetWhenItCannotBeReached() async throws {
        try await TestPostgres.withDatabase { address in
            let password = try #require(address.password)
            let url = address.description.replacingOccurrences(of: "[redacted]", with: password)
            let budget = "budgets:\n  - {name: fleet, limit_usd: 1}\n"
            let reachable = try GatewayTestSupport.configuration(
                "providers:\n  echo: {plugin: echo, local: true}\nusage: {ledger: \"\(url)\"}\n" + budget)
            try await RoutedGateway.with(reachable) { gateway in
                let ready = try await gateway.send("/readyz", method: .GET)
                #expect(ready.status == 200, "\(ready.body)")
                #expect(try ready.json["ledger", "location"]?.stringValue == address.description)
                #expect(try ready.json["ledger", "reachable"] == true)
                #expect(!ready.body.contains(password))
            }
            var closed = address
            closed.port = 1
            closed.connectTimeoutSeconds = 1
            let unreachable = try GatewayTestSupport.configuration(
                "providers:\n  echo: {plugin: echo, local: true}\n"
                    + "usage: {ledger: \"\(closed.description.replacingOccurrences(of: "[redacted]", with: password))\"}\n"
                    + budget)
            try await RoutedGateway.with(unreachable) { gateway in
                let ready = try await gateway.send("/readyz", method: .GET)
                #expect(ready.status == 503)
                #expect(try ready.json["ledger", "reachable"] == false)
                #expect(ready.body.contains("could not run a query: cannot reach the database"), "\(ready.body)")
                #expect(!ready.body.contains(password))
            }
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func theDatabaseGoingDownAndComingBackUnderEachFailurePolicy() async throws {
        for policy in ["fail_closed", "fail_open"] {
            try await TestPostgres.withDatabase { address in
                let upstream = try await GatewayBudgetTests.upstream()
                defer { Task { try await upstream.shutdown() } }
                let relay = try await DatabaseRelay(to: address)
                defer { Task { await relay.close() } }
                // An hour's connect timeout: the outage is found by the check a second into the first request that
                // waits for a connection (a direct connection attempt, which the cut relay drops), never by the
                // timeout, which would stop the test at its time limit.
                var relayed = relay.address(for: address)
                relayed.connectTimeoutSeconds = 3600
                let password = try #require(address.password)
                let url = relayed.description.replacingOccurrences(of: "[redacted]", with: password)
                let gateway = try await ServedGateway.start(
                    HostPricingTests.yaml(
                        upstream, ledger: "\"\(url)\"\n  on_store_failure: \(policy)",
                        pricing: "{input: 1000, output: 1000}",
                        extra: "budgets:\n  - {name: fleet, limit_usd: 10, action: block}"))
                defer { gateway.stop() }
                let replica = GatewayAddress(port: gateway.port)
                let before = try await replica.send("/v1/chat/completions", json: GatewayBudgetTests.request)
                #expect(before.status == 200, "\(before.body)")

                relay.cut()
                let during = try await replica.send("/v1/chat/completions", json: GatewayBudgetTests.request)
                let ready = try await replica.send("/readyz", method: .GET)
                #expect(try ready.json["ledger", "reachable"] == false, "\(ready.body)")
                if policy == "fail_closed" {
                    // The budget cannot be checked: refused, and not ready for budgeted requests.
                    #expect(during.status == 503, "\(during.body)")
                    #expect(
                        during.body.contains(
                            "budget \\\"fleet\\\" cannot be checked, so the request is refused"
                                + " (usage.on_store_failure: fail_closed)"), "\(during.body)")
                    #expect(ready.status == 503, "\(ready.body)")
                } else {
                    // Served; its record waits for the database.
                    #expect(during.status == 200, "\(during.body)")
                    #expect(ready.status == 200, "\(ready.body)")
                    #expect(try ready.json["ledger", "waiting_records"] == 1, "\(ready.body)")
                }

                relay.restore()
                let recovered = await eventually(within: .seconds(60)) {
                    guard let ready = try? await replica.send("/readyz", method: .GET) else { return false }
                    return ready.status == 200 && (try? ready.json["ledger", "waiting_records"]) == 0
                }
                #expect(recovered)
                // Every answer given is in the ledger, the one given during the outage too.
                let answered = policy == "fail_open" ? 2 : 1
                #expect(try await UsageLedger(.postgres(address)).totals().first?.requests == answered)
                #expect(!gateway.log.contains(password))
            }
        }
    }

    @Test func aKeysRequestsPerMinuteHoldForTwoReplicas() async throws {
        try await TestPostgres.withDatabase { address in
            let url = address.description.replacingOccurrences(of: "[redacted]", with: address.password ?? "")
            // 2 a minute for the key: a bucket that refills one request every 30 s, shared by both replicas.
            let configuration = try GatewayTestSupport.configuration(
                """
                providers:
                  echo: {plugin: echo, local: true}
                usage: {ledger: "\(url)"}
                gateway:
                  keys:
                    - {name: fleet-key, key: sk-fleet-271828, requests_per_minute: 2}
                """)
            let body = #"{"model":"echo","messages":[{"role":"user","content":"hi"}]}"#
            let headers = [("authorization", "Bearer sk-fleet-271828")]
            try await RoutedGateway.with(configuration) { first in
                try await RoutedGateway.with(configuration) { second in
                    var statuses: [Int] = []
                    for replica in [first, second, first, second, first, second] {
                        statuses.append(
                            try await replica.send("/v1/chat/completions", json: body, headers: headers).status)
                    }
                    #expect(statuses.filter { $0 == 200 }.count == 2, "\(statuses)")
                    #expect(statuses.filter { $0 == 429 }.count == 4, "\(statuses)")
                }
            }
        }
    }
}
