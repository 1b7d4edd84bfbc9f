import Foundation
import SwitchboardKit

extension LedgerRecord {
    /// The record as one line of `switchboard usage export`'s JSON Lines, with the ledger's column names: `time` (Unix
    /// seconds), `provider`, `model`, the five token counts, `input_cache_write_extended` (how many of the cache writes
    /// had the longer retention), `service_tier` (when the provider named one), `estimated`, `response_cache_hit`,
    /// `cost_usd` (as recorded), `price_source`, `response_id` (when there is one) and `tags`.
    public var jsonLine: String {
        let usage = self.usage.usage
        var writer = JSONWriter(capacity: 320)
        writer.raw("{")
        writer.member("time", time.timeIntervalSince1970)
        writer.member("provider", self.usage.provider)
        writer.member("model", self.usage.model)
        writer.member("input_uncached", usage.inputUncached)
        writer.member("input_cache_read", usage.inputCacheRead)
        writer.member("input_cache_write", usage.inputCacheWrite)
        writer.member("input_cache_write_extended", usage.inputCacheWriteExtended)
        writer.member("service_tier", usage.serviceTier)
        writer.member("output_text", usage.outputText)
        writer.member("output_reasoning", usage.outputReasoning)
        writer.member("estimated", usage.estimated)
        writer.member("response_cache_hit", usage.responseCacheHit)
        writer.member("cost_usd", self.usage.costUSD)
        writer.member("price_source", self.usage.source.description)
        writer.member("response_id", responseID)
        writer.member("tags", tags)
        writer.raw("}")
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Reads one line of ``jsonLine``'s form.
    /// - Throws: a message naming the field that is missing or wrong.
    public init(jsonLine line: String) throws(LedgerLineError) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(line)
        } catch {
            throw LedgerLineError(error.description)
        }
        guard let fields = value.objectValue else { throw LedgerLineError("expected a JSON object, one record a line") }
        func required<T>(_ name: String, _ what: String, _ read: (JSONValue) -> T?) throws(LedgerLineError) -> T {
            guard let field = fields[name] else { throw LedgerLineError("the field \"\(name)\" is missing") }
            guard let value = read(field) else {
                var found = JSONWriter()
                found.value(field)
                throw LedgerLineError(
                    "\"\(name)\" must be \(what), found \(String(decoding: found.bytes, as: UTF8.self))")
            }
            return value
        }
        func count(_ name: String) throws(LedgerLineError) -> Int {
            try required(name, "a whole number ≥ 0") { $0.intValue.flatMap { $0 >= 0 ? $0 : nil } }
        }
        var usage = Usage(
            inputUncached: try count("input_uncached"), inputCacheRead: try count("input_cache_read"),
            inputCacheWrite: try count("input_cache_write"), outputText: try count("output_text"),
            outputReasoning: try count("output_reasoning"),
            estimated: try required("estimated", "true or false", \.boolValue),
            responseCacheHit: try required("response_cache_hit", "true or false", \.boolValue))
        // Exports from before the ledger kept cache-write retention and the service tier lack both fields.
        if fields["input_cache_write_extended"] != nil {
            usage.inputCacheWriteExtended = try count("input_cache_write_extended")
        }
        if let field = fields["service_tier"], field != .null {
            usage.serviceTier = try required("service_tier", "a string or null", \.stringValue)
        }
        let sourceText = try required("price_source", "a string", \.stringValue)
        guard let source = PriceSource(stored: sourceText) else {
            throw LedgerLineError(
                "\"price_source\" \"\(sourceText)\" is not one Switchboard writes (manifest:PLUGIN@VERSION,"
                    + " config:KEY.PATH, catalog:PROVIDER, local, response_cache or unpriced)")
        }
        var priced = PricedUsage(
            provider: try required("provider", "a string", \.stringValue),
            model: try required("model", "a string", \.stringValue), usage: usage, pricing: nil, source: source)
        priced.costUSD = try required("cost_usd", "a number ≥ 0") { $0.doubleValue.flatMap { $0 >= 0 ? $0 : nil } }
        let tags = try required("tags", "a list of strings") { field in
            field.arrayValue.flatMap { items in
                let strings = items.compactMap(\.stringValue)
                return strings.count == items.count ? strings : nil
            }
        }
        var responseID: String?
        if let field = fields["response_id"], field != .null {
            responseID = try required("response_id", "a string or null", \.stringValue)
        }
        self.init(
            time: Date(timeIntervalSince1970: try required("time", "Unix seconds", \.doubleValue)), usage: priced,
            tags: tags, responseID: responseID)
    }
}

/// Why a line of `switchboard usage export`'s JSON Lines cannot be read as a record.
public struct LedgerLineError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public let description: String

    init(_ description: String) { self.description = description }
}
