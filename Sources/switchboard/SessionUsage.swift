import Foundation
import Switchboard
import SwitchboardKit

/// Token and cost totals over the answers of one session (`chat`'s `/usage`), priced from the catalog of the model
/// that answered; a local model costs nothing.
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

    /// The cost of `result` in US dollars: the answering model's catalog price, zero for a local model, nil when the
    /// model has no price.
    static func cost(of result: StrategyResult) -> Double? {
        let model = result.candidate.model
        if let pricing = model.pricing { return pricing.cost(of: result.response.usage) }
        return model.local ? 0 : nil
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
