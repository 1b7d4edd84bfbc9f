import Foundation
import SwitchboardKit

/// The ledger's queries, written once for both stores: only the placeholders and the sum function differ.
struct LedgerSQL {
    /// The SQL dialect a query is written for.
    enum Dialect {
        /// `?` placeholders; `TOTAL()` (a sum that is 0.0 over no rows).
        case sqlite
        /// `$1`, `$2`… placeholders; `COALESCE(SUM(…), 0)`.
        case postgres
    }

    /// A query's text and its arguments, in placeholder order.
    struct Statement {
        var sql: String
        var arguments: [Argument]
    }

    /// One argument of a statement.
    enum Argument {
        case double(Double)
        case text(String)
        case integer(Int64)
        case null
    }

    let dialect: Dialect

    /// The sum of `column` over the rows, 0 over none, as a floating-point number.
    private func sum(_ column: String) -> String {
        switch dialect {
        case .sqlite: "TOTAL(\(column))"
        case .postgres: "COALESCE(SUM(\(column)), 0)::DOUBLE PRECISION"
        }
    }

    /// The SQL dollars recorded that `query` selects, up to record `last` when given.
    func spent(_ query: UsageQuery, through last: Int64?) -> Statement {
        var (filter, arguments) = conditions(query)
        if let last {
            filter.append("r.id <= \(placeholder(arguments.count + 1))")
            arguments.append(.integer(last))
        }
        return Statement(
            sql: "SELECT \(sum("r.cost_usd")) AS spent FROM usage_record r \(clause(filter))", arguments: arguments)
    }

    /// One statement (one snapshot, so a record committed meanwhile is counted once: in the spending or, before its
    /// commit, in its reservation) reading a budget's spending, as ``spent(_:through:)``, and the USD its reservations
    /// unexpired at `now` hold: columns `spent` and `reserved`. PostgreSQL only (`budget_reservation`).
    func spentAndReserved(_ query: UsageQuery, budget: String, now: Date) -> Statement {
        var statement = spent(query, through: nil)
        let budgetArgument = placeholder(statement.arguments.count + 1)
        let nowArgument = placeholder(statement.arguments.count + 2)
        statement.sql = """
            SELECT (\(statement.sql)) AS spent, (SELECT \(sum("amount")) FROM budget_reservation
                WHERE budget = \(budgetArgument) AND expires > \(nowArgument)) AS reserved
            """
        statement.arguments += [.text(budget), .double(now.timeIntervalSince1970)]
        return statement
    }

    /// The SQL of ``LedgerStore/totals(_:)``: columns `key`, `requests`, `hits`, `estimated`, the five token counts
    /// and `cost`.
    func totals(_ query: UsageQuery) -> Statement {
        let (filter, arguments) = conditions(query)
        let key: String
        var join = ""
        switch query.grouping {
        case nil: key = "CAST(NULL AS TEXT)"
        case .provider: key = "r.provider"
        case .model: key = "r.provider || '/' || r.model"
        case .tag:
            key = "t.tag"
            join = "JOIN usage_tag t ON t.record_id = r.id"
        }
        let sql = """
            SELECT \(key) AS key, COUNT(*) AS requests, \(sum("r.response_cache_hit")) AS hits,
                \(sum("r.estimated")) AS estimated, \(sum("r.input_uncached")) AS input_uncached,
                \(sum("r.input_cache_read")) AS input_cache_read, \(sum("r.input_cache_write")) AS input_cache_write,
                \(sum("r.output_text")) AS output_text, \(sum("r.output_reasoning")) AS output_reasoning,
                \(sum("r.cost_usd")) AS cost, \(sum("r.input_cache_write_extended")) AS input_cache_write_extended
            FROM usage_record r \(join) \(clause(filter))
            \(query.grouping == nil ? "" : "GROUP BY 1 ORDER BY cost DESC, key")
            """
        return Statement(sql: sql, arguments: arguments)
    }

    /// `usage_record`'s columns, in the order ``insert(_:ids:)`` writes them (after `id`, when given).
    private static let recordColumns = [
        "time", "provider", "model", "input_uncached", "input_cache_read", "input_cache_write", "output_text",
        "output_reasoning", "estimated", "response_cache_hit", "cost_usd", "price_source", "response_id",
        "input_cache_write_extended", "service_tier",
    ]

    /// One `INSERT` of `records` into `usage_record` (their tags are separate), with the ids `ids` when given, else
    /// the ones the database assigns.
    func insert(_ records: [LedgerRecord], ids: [Int64]? = nil) -> Statement {
        let columns = (ids == nil ? [] : ["id"]) + Self.recordColumns
        var arguments: [Argument] = []
        var rows: [String] = []
        for (index, record) in records.enumerated() {
            let first = arguments.count + 1
            let usage = record.usage.usage
            if let ids { arguments.append(.integer(ids[index])) }
            arguments += [
                .double(record.time.timeIntervalSince1970), .text(record.usage.provider), .text(record.usage.model),
                .integer(Int64(usage.inputUncached)), .integer(Int64(usage.inputCacheRead)),
                .integer(Int64(usage.inputCacheWrite)), .integer(Int64(usage.outputText)),
                .integer(Int64(usage.outputReasoning)), .integer(usage.estimated ? 1 : 0),
                .integer(usage.responseCacheHit ? 1 : 0), .double(record.usage.costUSD),
                .text(record.usage.source.description), record.responseID.map(Argument.text) ?? .null,
                .integer(Int64(usage.inputCacheWriteExtended)), usage.serviceTier.map(Argument.text) ?? .null,
            ]
            rows.append("(" + (first...arguments.count).map(placeholder).joined(separator: ", ") + ")")
        }
        let sql =
            "INSERT INTO usage_record (\(columns.joined(separator: ", "))) VALUES " + rows.joined(separator: ", ")
        return Statement(sql: sql, arguments: arguments)
    }

    /// The SQL of ``LedgerStore/records(after:since:limit:)``: the records with ids above `id` (and times from `since`),
    /// oldest first, at most `limit`: every column of `usage_record`, and `tags`, the record's tags joined by
    /// ``tagSeparator`` (NULL for none).
    func records(after id: Int64, since: Date?, limit: Int) -> Statement {
        var arguments: [Argument] = [.integer(id)]
        var filter = ["r.id > \(placeholder(1))"]
        if let since {
            arguments.append(.double(since.timeIntervalSince1970))
            filter.append("r.time >= \(placeholder(2))")
        }
        let tags =
            switch dialect {
            case .sqlite: "group_concat(t.tag, char(31))"
            case .postgres: "string_agg(t.tag, chr(31) ORDER BY t.tag)"
            }
        let sql = """
            SELECT r.id, r.time, r.provider, r.model, r.input_uncached, r.input_cache_read, r.input_cache_write,
                r.output_text, r.output_reasoning, r.estimated, r.response_cache_hit, r.cost_usd, r.price_source,
                r.response_id, (SELECT \(tags) FROM usage_tag t WHERE t.record_id = r.id) AS tags,
                r.input_cache_write_extended, r.service_tier
            FROM usage_record r \(clause(filter)) ORDER BY r.id LIMIT \(limit)
            """
        return Statement(sql: sql, arguments: arguments)
    }

    /// What joins a record's tags in ``records(after:since:limit:)``'s `tags` column: the ASCII unit separator, which no
    /// tag holds.
    static let tagSeparator: Character = "\u{1F}"

    /// The conditions on `usage_record r` for `query`'s filters, and their arguments.
    private func conditions(_ query: UsageQuery) -> ([String], [Argument]) {
        var conditions: [String] = []
        var arguments: [Argument] = []
        func add(_ condition: (String) -> String, _ argument: Argument) {
            arguments.append(argument)
            conditions.append(condition(placeholder(arguments.count)))
        }
        if let since = query.since { add({ "r.time >= \($0)" }, .double(since.timeIntervalSince1970)) }
        if let until = query.until { add({ "r.time < \($0)" }, .double(until.timeIntervalSince1970)) }
        if let provider = query.provider { add({ "r.provider = \($0)" }, .text(provider)) }
        if let model = query.model { add({ "r.model = \($0)" }, .text(model)) }
        if let tag = query.tag { add({ "r.id IN (SELECT record_id FROM usage_tag WHERE tag = \($0))" }, .text(tag)) }
        return (conditions, arguments)
    }

    private func clause(_ conditions: [String]) -> String {
        conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    }

    /// The placeholder of the `position`th argument (from 1).
    func placeholder(_ position: Int) -> String {
        switch dialect {
        case .sqlite: "?"
        case .postgres: "$\(position)"
        }
    }
}
