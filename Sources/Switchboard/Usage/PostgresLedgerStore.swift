import Foundation
import Logging
import NIOCore
import PostgresNIO
import SwitchboardKit

/// The ledger in PostgreSQL (PostgresNIO): one database shared by every replica that names it.
///
/// The client connects when first used, and the schema is brought up to date then (``migrate(_:)``, under an advisory
/// lock, so replicas starting together are safe). A database that cannot be reached fails that operation with a clear
/// ``UsageLedgerError``, and the next operation tries again: nothing waits for the database to come back.
///
/// Records are inserted by group commit: every record waiting (up to 1,000) goes into one transaction of five
/// statements, which first takes a transaction-level advisory lock, so record ids are given in commit order across
/// every replica (which budget alerts rely on: spending "up to record n" is exact); the lock is held only for the
/// inserts and their commit.
final class PostgresLedgerStore: LedgerStore {
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let address: PostgresAddress
    private let location: String
    /// How long an operation may wait for a connection.
    private let connectTimeout: Duration
    private let logger = Logger(label: "switchboard.usage.postgres")
    /// The records waiting for the next group commit (``record(_:releasing:)``).
    private let waiting = Locked(Waiting())
    /// The migration in progress or done; replaced by a new attempt after a failure.
    private let migration = Locked<Task<Void, any Error>?>(nil)
    /// The direct connection attempt in progress that finds whether the database can be reached.
    private let probe = Locked<Task<(any Error)?, Never>?>(nil)
    private static let sql = LedgerSQL(dialect: .postgres)
    /// The most records one group commit writes.
    private static let batchLimit = 1000
    /// The advisory lock that orders record inserts (a constant of the ledger's own: "swb-reco").
    private static let recordLock: Int64 = 0x7377_622D_7265_636F

    /// A store on `address`, with at most `maximumConnections` connections; connects on first use.
    init(_ address: PostgresAddress, maximumConnections: Int = 16) {
        self.address = address
        location = address.description
        connectTimeout = .seconds(address.connectTimeoutSeconds ?? 10)
        client = PostgresClient(configuration: address.clientConfiguration(maximumConnections: maximumConnections))
        let client = client
        runner = Task { await client.run() }
    }

    deinit {
        runner.cancel()
    }

    /// Waits until the schema is current, running the migrations when no attempt has succeeded yet.
    private func ready() async throws {
        let attempt = migration.withLock { migration in
            if let migration { return migration }
            let client = client
            let logger = logger
            let location = location
            let attempt = Task { try await Self.migrate(client, logger: logger, location: location) }
            migration = attempt
            return attempt
        }
        do {
            try await attempt.value
        } catch {
            migration.withLock { if $0 == attempt { $0 = nil } }
            throw error
        }
    }

    /// Group commit: the records of concurrent requests wait here while one transaction commits, and go into the
    /// next one together, so the record lock and the commit are paid once per batch, not once per answer.
    func record(_ record: LedgerRecord, releasing: [Int64]) async throws -> Int64 {
        try await withCheckedThrowingContinuation { (committed: CheckedContinuation<Int64, any Error>) in
            let startDraining = waiting.withLock { waiting in
                waiting.records.append(Waiting.Entry(record: record, releasing: releasing, committed: committed))
                defer { waiting.draining = true }
                return !waiting.draining
            }
            // A task of its own, which no request's cancellation reaches: an answer that has been paid for is recorded
            // even when its request was cancelled meanwhile.
            if startDraining { Task.detached { await self.drain() } }
        }
    }

    /// The records waiting for the next commit.
    struct Waiting {
        struct Entry {
            let record: LedgerRecord
            let releasing: [Int64]
            let committed: CheckedContinuation<Int64, any Error>
        }
        var records: [Entry] = []
        var draining = false
    }

    /// Commits batches until nothing waits; a batch that fails is retried record by record, so that one bad record
    /// fails only its own request.
    private func drain() async {
        while true {
            let batch = waiting.withLock { waiting in
                if waiting.records.isEmpty { waiting.draining = false }
                // At most `batchLimit` records a transaction: one statement binds 14 values a record (of 65,535).
                defer { waiting.records.removeFirst(min(waiting.records.count, Self.batchLimit)) }
                return Array(waiting.records.prefix(Self.batchLimit))
            }
            guard !batch.isEmpty else { return }
            do {
                let ids = try await insert(batch)
                for (entry, id) in zip(batch, ids) { entry.committed.resume(returning: id) }
            } catch let error as UsageLedgerError where error.unreachable {
                // One by one, each would wait for the database in turn.
                for entry in batch { entry.committed.resume(throwing: error) }
            } catch {
                for entry in batch {
                    do {
                        entry.committed.resume(returning: try await insert([entry])[0])
                    } catch {
                        entry.committed.resume(throwing: error)
                    }
                }
            }
        }
    }

    /// Inserts `batch` in one transaction, under the record lock (ids follow commit order across every replica), with
    /// each record's tags and the deletion of its reservations; returns the ids in order.
    ///
    /// Five statements whatever the batch's size: the lock, the ids (taken from the sequence under the lock, so they
    /// ascend in commit order), every record, every tag, every reservation dropped.
    private func insert(_ batch: [Waiting.Entry]) async throws -> [Int64] {
        try await guarded("record an answer", cancellable: false) { [client, logger] in
            try await client.withTransaction(logger: logger) { connection in
                _ = try await connection.query("SELECT pg_advisory_xact_lock(\(Self.recordLock))", logger: logger)
                    .collect()
                let ids = try await connection.query(
                    "SELECT nextval('usage_record_id_seq') FROM generate_series(1, \(batch.count))", logger: logger
                ).collect().map { try $0.decode(Int64.self) }.sorted()
                _ = try await connection.query(
                    try Self.query(Self.sql.insert(batch.map(\.record), ids: ids)), logger: logger
                ).collect()
                let tags = zip(batch, ids).flatMap { entry, id in Set(entry.record.tags).sorted().map { (id, $0) } }
                if !tags.isEmpty {
                    _ = try await connection.query(
                        """
                        INSERT INTO usage_tag (record_id, tag)
                        SELECT * FROM unnest(\(tags.map(\.0))::BIGINT[], \(tags.map(\.1))::TEXT[])
                        """, logger: logger
                    ).collect()
                }
                let released = batch.flatMap(\.releasing)
                if !released.isEmpty {
                    _ = try await connection.query(
                        "DELETE FROM budget_reservation WHERE id = ANY(\(released))", logger: logger
                    ).collect()
                }
                return ids
            }
        }
    }

    func spent(since start: Date, provider: String?, tag: String?, through last: Int64?) async throws -> Double {
        let statement = Self.sql.spent(UsageQuery(since: start, provider: provider, tag: tag), through: last)
        return try await guarded("sum spending") { [client, logger] in
            let rows = try await client.query(try Self.query(statement), logger: logger).collect()
            return try rows.first?.decode(Double.self) ?? 0
        }
    }

    func totals(_ query: UsageQuery) async throws -> [UsageTotals] {
        let statement = Self.sql.totals(query)
        return try await guarded("sum usage") { [client, logger] in
            try await client.query(try Self.query(statement), logger: logger).collect().map { row in
                let (
                    key, requests, hits, estimated, uncached, cacheRead, cacheWrite, output, reasoning, cost, extended
                ) =
                    try row.decode(
                        (String?, Int, Double, Double, Double, Double, Double, Double, Double, Double, Double).self)
                return UsageTotals(
                    key: key, requests: requests, hits: hits, estimated: estimated, inputUncached: uncached,
                    inputCacheRead: cacheRead, inputCacheWrite: cacheWrite, inputCacheWriteExtended: extended,
                    outputText: output, outputReasoning: reasoning, costUSD: cost)
            }
        }
    }

    func records(after id: Int64, since: Date?, limit: Int) async throws -> [(id: Int64, record: LedgerRecord)] {
        let statement = Self.sql.records(after: id, since: since, limit: limit)
        return try await guarded("read records") { [client, logger, location] in
            try await client.query(try Self.query(statement), logger: logger).collect().map { row in
                let columns = try row.decode(
                    (
                        Int64, Double, String, String, Int, Int, Int, Int, Int, Int, Int, Double, String, String?,
                        String?, Int, String?
                    ).self)
                let usage = Usage(
                    inputUncached: columns.4, inputCacheRead: columns.5, inputCacheWrite: columns.6,
                    inputCacheWriteExtended: columns.15, outputText: columns.7, outputReasoning: columns.8,
                    estimated: columns.9 != 0, responseCacheHit: columns.10 != 0, serviceTier: columns.16)
                let record = try LedgerRecord(
                    stored: columns.1, provider: columns.2, model: columns.3, usage: usage, costUSD: columns.11,
                    priceSource: columns.12, responseID: columns.13, tags: columns.14, location: location)
                return (columns.0, record)
            }
        }
    }

    func cachedResponse(key: String, now: Date) async throws -> String? {
        try await guarded("read the response cache") { [client, logger] in
            let rows = try await client.query(
                "SELECT response FROM response_cache WHERE key = \(key) AND expires > \(now.timeIntervalSince1970)",
                logger: logger
            ).collect()
            return try rows.first?.decode(String.self)
        }
    }

    func storeResponse(_ response: String, key: String, expires: Date, now: Date) async throws {
        try await guarded("write the response cache") { [client, logger] in
            try await client.withTransaction(logger: logger) { connection in
                _ = try await connection.query(
                    "DELETE FROM response_cache WHERE expires <= \(now.timeIntervalSince1970)", logger: logger
                ).collect()
                _ = try await connection.query(
                    """
                    INSERT INTO response_cache (key, response, expires)
                    VALUES (\(key), \(response), \(expires.timeIntervalSince1970))
                    ON CONFLICT (key) DO UPDATE SET response = EXCLUDED.response, expires = EXCLUDED.expires
                    """, logger: logger
                ).collect()
            }
        }
    }

    func checkReachable() async throws {
        try await guarded("run a query") { [client, logger] in
            _ = try await client.query("SELECT 1", logger: logger).collect()
        }
    }

    /// `statement` as a PostgresNIO query with its arguments bound.
    private static func query(_ statement: LedgerSQL.Statement) throws -> PostgresQuery {
        var binds = PostgresBindings(capacity: statement.arguments.count)
        for argument in statement.arguments {
            switch argument {
            case .double(let value): binds.append(value)
            case .text(let value): binds.append(value)
            case .integer(let value): binds.append(value)
            case .null: binds.appendNull()
            }
        }
        return PostgresQuery(unsafeSQL: statement.sql, binds: binds)
    }

    /// Runs `body` once the schema is current, turning what fails into a ``UsageLedgerError`` that says what could not
    /// be done and why, in the server's words when it gave some (never the password).
    ///
    /// The connection pool retries a database it cannot reach instead of failing the operation, so an operation that
    /// has not finished after a second is checked on: one direct connection attempt (``unreachableReason()``), and
    /// when that fails (refused, unknown host, wrong password, a server that drops the connection) the operation is
    /// given up at once with its reason. A database that connects but is slow is waited for up to the connect timeout
    /// (`connect_timeout`, 10 s by default).
    private func guarded<T: Sendable>(
        _ what: String, cancellable: Bool = true, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        do {
            switch try await whileReachable(
                cancellable: cancellable,
                {
                    try await self.ready(); return try await body()
                })
            {
            case .answered(let value):
                return value
            case .unreachable(let reason):
                var error = UsageLedgerError(location: location, message: "could not \(what): \(reason)")
                error.unreachable = true
                throw error
            }
        } catch let error as UsageLedgerError {
            throw error
        } catch {
            let cause = Self.unwrapped(error)
            // A reservation's `decide` refused the request: that is the answer, not a failure of the database.
            if let refusal = cause as? ProviderError { throw refusal }
            var failure = UsageLedgerError(location: location, message: "could not \(what): \(Self.describe(cause))")
            failure.unreachable = Self.isConnectionFailure(cause)
            throw failure
        }
    }

    /// The error a transaction's `BEGIN`, body or `COMMIT` threw, when `error` is PostgresNIO's wrapper of it.
    static func unwrapped(_ error: any Error) -> any Error {
        guard let error = error as? PostgresTransactionError else { return error }
        return error.beginError ?? error.closureError ?? error.commitError ?? error
    }

    /// Whether `error` says the database cannot be reached (no connection, a connection lost, a server shutting down
    /// or not accepting connections) rather than that it refused one statement.
    static func isConnectionFailure(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return !(error is CancellationError) }
        guard error.code == .server else {
            return [.connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection, .poolClosed]
                .contains(error.code)
        }
        let state = error.serverInfo?[.sqlState] ?? ""
        return state.hasPrefix("08") || ["57P01", "57P02", "57P03", "53300"].contains(state)
    }

    /// How an operation raced against the database's reachability ended.
    private enum Outcome<T: Sendable>: Sendable {
        case answered(T)
        /// The database cannot be reached, or did not answer within the connect timeout: why, in words.
        case unreachable(String)
    }

    /// What `operation` returns, unless the database is found unreachable first (a direct connection attempt fails
    /// after the operation has waited a second) or the connect timeout passes; then the operation is cancelled and not
    /// waited for (a pool waiting for a connection does not stop at once). When `cancellable`, cancelling the calling
    /// task cancels the operation too.
    private func whileReachable<T: Sendable>(
        cancellable: Bool, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> Outcome<T> {
        // Whichever of the operation, the check and the deadline comes first resumes the continuation; the others do
        // nothing.
        let claimed = Locked(false)
        let claim: @Sendable () -> Bool = {
            claimed.withLock { claimed in
                defer { claimed = true }; return !claimed
            }
        }
        let connectTimeout = connectTimeout
        let box = Locked<(task: Task<Void, Never>?, timers: [Scheduled<Void>])>((nil, []))
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Outcome<T>, any Error>) in
                let task = Task {
                    let result: Result<T, any Error>
                    do {
                        result = .success(try await operation())
                    } catch {
                        result = .failure(error)
                    }
                    guard claim() else { return }
                    for timer in box.withLock({ $0.timers }) { timer.cancel() }
                    continuation.resume(with: result.map { .answered($0) })
                }
                let loop = PostgresClient.defaultEventLoopGroup.any()
                let check = loop.scheduleTask(in: .nanoseconds(min(Self.checkAfter, connectTimeout).nanoseconds)) {
                    _ = Task {
                        // An operation that has finished already (before its timers were stored) needs no probe.
                        guard !claimed.withLock({ $0 }), let failure = await self.unreachableReason(),
                            !Self.isBusy(failure), claim()
                        else { return }
                        task.cancel()
                        for timer in box.withLock({ $0.timers }) { timer.cancel() }
                        continuation.resume(returning: .unreachable(Self.describe(failure)))
                    }
                }
                let deadline = loop.scheduleTask(in: .nanoseconds(connectTimeout.nanoseconds)) {
                    guard claim() else { return }
                    task.cancel()
                    _ = Task {
                        let reason =
                            await self.unreachableReason().map(Self.describe)
                            ?? "the database did not answer within \(connectTimeout)"
                        continuation.resume(returning: .unreachable(reason))
                    }
                }
                box.withLock { $0 = (task, [check, deadline]) }
            }
        } onCancel: {
            if cancellable { box.withLock { $0.task }?.cancel() }
        }
    }

    /// How long an operation runs before the database's reachability is checked.
    private static let checkAfter = Duration.seconds(1)

    /// Why no connection can be made to the database: the failure of one direct connection attempt outside the pool,
    /// which every operation asking meanwhile shares; nil when the attempt connects.
    private func unreachableReason() async -> (any Error)? {
        let attempt = probe.withLock { probe in
            if let probe { return probe }
            let attempt = Task { [address, logger] () -> (any Error)? in
                do {
                    let connection = try await PostgresConnection.connect(
                        on: PostgresClient.defaultEventLoopGroup.any(),
                        configuration: try address.connectionConfiguration(), id: 0, logger: logger
                    ).get()
                    try? await connection.close()
                    return nil
                } catch {
                    return error
                }
            }
            probe = attempt
            return attempt
        }
        let failure = await attempt.value
        probe.withLock { if $0 == attempt { $0 = nil } }
        return failure
    }

    /// Whether a connection attempt failed only because the server has no connection to spare (SQLSTATE 53300): the
    /// database is up, and an operation waiting for one of the pool's connections goes on waiting.
    private static func isBusy(_ failure: any Error) -> Bool {
        (failure as? PSQLError)?.serverInfo?[.sqlState] == "53300"
    }

    /// What went wrong with the database, in words: the server's message and SQLSTATE, or the connection's failure.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            let state = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            return "the server said: \(message)\(state)"
        }
        if let underlying = error.underlying {
            // A wrapped PSQLError prints as a generic sentence: it is described too.
            return "cannot reach the database: \(underlying is PSQLError ? describe(underlying) : "\(underlying)")"
        }
        return "the database connection failed (\(error.code))"
    }
}

extension PostgresLedgerStore: SharedReservations {
    func reserve(
        _ amount: Double, on budgets: [BudgetWindow], expires: Date,
        decide: @escaping @Sendable ([(spent: Double, reserved: Double)]) throws -> Void
    ) async throws -> [Int64] {
        let sql = Self.sql
        return try await guarded("reserve on the budgets") { [client, logger] in
            try await client.withTransaction(logger: logger) { connection in
                let now = Date().timeIntervalSince1970
                // Each budget's lock, in name order (two requests on the same budgets never wait on each other in a
                // cycle): a check and its reservation are one step for every replica.
                for name in Set(budgets.map(\.name)).sorted() {
                    _ = try await connection.query(
                        "SELECT pg_advisory_xact_lock(hashtextextended(\("switchboard budget " + name), 0))",
                        logger: logger
                    ).collect()
                }
                var readings: [(spent: Double, reserved: Double)] = []
                for budget in budgets {
                    let statement = sql.spentAndReserved(
                        UsageQuery(since: budget.since, provider: budget.provider, tag: budget.tag),
                        budget: budget.name, now: Date(timeIntervalSince1970: now))
                    let row = try await connection.query(try Self.query(statement), logger: logger).collect()[0]
                    readings.append(try row.decode((Double, Double).self))
                }
                try decide(readings)
                _ = try await connection.query("DELETE FROM budget_reservation WHERE expires <= \(now)", logger: logger)
                    .collect()
                var ids: [Int64] = []
                for budget in budgets {
                    let rows = try await connection.query(
                        """
                        INSERT INTO budget_reservation (budget, amount, expires)
                        VALUES (\(budget.name), \(amount), \(expires.timeIntervalSince1970)) RETURNING id
                        """, logger: logger
                    ).collect()
                    ids.append(try rows[0].decode(Int64.self))
                }
                return ids
            }
        }
    }

    func release(_ ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        try await guarded("release budget reservations") { [client, logger] in
            _ = try await client.query("DELETE FROM budget_reservation WHERE id = ANY(\(ids))", logger: logger)
                .collect()
        }
    }
}

extension PostgresLedgerStore: SharedRateBuckets {
    func take(_ count: Int, from name: String, capacity: Int, now: Date) async throws -> (taken: Int, wait: Duration) {
        try await guarded("take from the rate limit \(name)") { [client, logger] in
            try await client.withTransaction(logger: logger) { connection in
                let now = now.timeIntervalSince1970
                _ = try await connection.query(
                    """
                    INSERT INTO rate_bucket (name, level, updated) VALUES (\(name), \(Double(capacity)), \(now))
                    ON CONFLICT (name) DO NOTHING
                    """, logger: logger
                ).collect()
                let row = try await connection.query(
                    "SELECT level, updated FROM rate_bucket WHERE name = \(name) FOR UPDATE", logger: logger
                ).collect()[0]
                let (stored, updated) = try row.decode((Double, Double).self)
                let rate = Double(capacity) / 60
                let level = min(Double(capacity), stored + max(0, now - updated) * rate)
                let taken = min(count, Int(level.rounded(.down)))
                _ = try await connection.query(
                    """
                    UPDATE rate_bucket SET level = \(level - Double(taken)), updated = \(max(now, updated))
                    WHERE name = \(name)
                    """, logger: logger
                ).collect()
                let wait = taken > 0 ? Duration.zero : .milliseconds(Int64(((1 - level) / rate * 1000).rounded(.up)))
                return (taken, wait)
            }
        }
    }
}
