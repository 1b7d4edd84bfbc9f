import Foundation
import SwitchboardKit

/// The exact-match response cache: answers keyed by the normalised request (provider, model, messages, tools, tool
/// choice, sampling parameters, stop sequences, response format, thinking — everything but `metadata` and `tags`),
/// kept for a time to live, in memory or in the ledger's database.
final class ResponseCache: Sendable {
    private struct Entry: Sendable {
        var response: ChatResponse
        var expires: Date
    }

    /// The answers of the memory store.
    private let memory = Locked<[String: Entry]>([:])
    /// The ledger of the `ledger` store; nil for the memory store.
    private let ledger: UsageLedger?
    private let ttl: TimeInterval
    private let maxEntries: Int

    /// A cache with `settings`; the `ledger` store keeps answers in `ledger`.
    init(_ settings: SwitchboardConfiguration.UsageTracking.ResponseCache, ledger: UsageLedger?) {
        self.ledger = settings.store == .ledger ? ledger : nil
        ttl = TimeInterval(settings.ttlSeconds)
        maxEntries = settings.maxEntries
    }

    /// The key of `request` sent to `provider`: the provider's name and the request's JSON with sorted keys, without
    /// its `metadata` and `tags` (which do not change the answer).
    static func key(for request: ChatRequest, provider: String) -> String? {
        var normalised = request
        normalised.metadata = [:]
        normalised.tags = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let json = try? encoder.encode(normalised) else { return nil }
        return provider + "\n" + String(decoding: json, as: UTF8.self)
    }

    /// The unexpired answer under `key`.
    /// - Throws: ``UsageLedgerError`` when the ledger store cannot be read.
    func lookup(_ key: String, now: Date) async throws -> ChatResponse? {
        if let ledger {
            // While the ledger cannot be used, every request is a miss (the outage is logged once, not per request).
            guard ledger.outage.current == nil, let json = try await ledger.cachedResponse(key: key, now: now) else {
                return nil
            }
            return try? JSONDecoder().decode(ChatResponse.self, from: Data(json.utf8))
        }
        return memory.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard entry.expires > now else {
                entries[key] = nil
                return nil
            }
            return entry.response
        }
    }

    /// Keeps `response` under `key` for the time to live; the memory store first drops expired answers and, when
    /// full, the one closest to expiry.
    /// - Throws: ``UsageLedgerError`` when the ledger store cannot be written.
    func store(_ response: ChatResponse, key: String, now: Date) async throws {
        let expires = now.addingTimeInterval(ttl)
        if let ledger {
            guard ledger.outage.current == nil else { return }
            let json = String(decoding: try JSONEncoder().encode(response), as: UTF8.self)
            try await ledger.storeResponse(json, key: key, expires: expires, now: now)
            return
        }
        memory.withLock { entries in
            if entries[key] == nil, entries.count >= maxEntries {
                entries = entries.filter { $0.value.expires > now }
                if entries.count >= maxEntries, let oldest = entries.min(by: { $0.value.expires < $1.value.expires }) {
                    entries[oldest.key] = nil
                }
            }
            entries[key] = Entry(response: response, expires: expires)
        }
    }
}
