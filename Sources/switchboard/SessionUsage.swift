import Foundation
import Switchboard
import SwitchboardKit

/// Token and cost totals over the answers of one session (`chat`'s `/usage`). Costs are the host's
/// (``StrategyResult/costUSD``, priced by its ``PriceBook`` and recorded in the ledger); nothing here prices.
struct SessionUsage: Sendable {
    /// Totals for one `provider/model`.
    struct Line: Sendable {
        var requests = 0
        var inputTokens = 0
        var outputTokens = 0
        var cost: Double = 0
        var unpriced = 0

        mutating func add(_ usage: Usage, cost: Double?) {
            requests += 1
            inputTokens += usage.inputTokens
            outputTokens += usage.outputTokens
            if let cost { self.cost += cost } else { unpriced += 1 }
        }
    }

    /// The session's totals.
    private(set) var total = Line()
    /// Totals by `provider/model`.
    private(set) var byModel: [String: Line] = [:]

    /// The cost of `result` in US dollars as the host priced it: every attempt of the request together, as the
    /// ledger records them; nil when the host knows no price for the model that answered.
    static func cost(of result: StrategyResult) -> Double? {
        if result.usage?.source == .unpriced { return nil }
        return result.costUSD
    }

    /// Adds one answer.
    mutating func add(_ result: StrategyResult) {
        let cost = Self.cost(of: result)
        total.add(result.response.usage, cost: cost)
        byModel["\(result.response.provider)/\(result.response.model)", default: Line()].add(
            result.response.usage, cost: cost)
    }

    /// The totals as text: one line for the session, then one per model.
    func lines() -> [String] {
        guard total.requests > 0 else { return ["No answers yet this session."] }
        return ["Session: " + Self.describe(total)]
            + byModel.sorted { $0.key < $1.key }.map { "  \($0.key): " + Self.describe($0.value) }
    }

    /// `1 request, 12 input tokens, 40 output tokens, $0.0012`.
    static func describe(_ line: Line) -> String {
        var text =
            "\(line.requests) request\(line.requests == 1 ? "" : "s"), \(line.inputTokens) input tokens, "
            + "\(line.outputTokens) output tokens, \(dollars(line.cost))"
        if line.unpriced > 0 { text += " (+ \(line.unpriced) unpriced)" }
        return text
    }

    /// `$0.0012`: US dollars to four decimal places.
    static func dollars(_ value: Double) -> String {
        String(format: "$%.4f", value)
    }
}
