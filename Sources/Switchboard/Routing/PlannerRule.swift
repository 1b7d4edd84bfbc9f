public import SwitchboardKit

/// The planner rule a routing decision applied: which one, from where, and what it says.
public struct PlannerRule: Sendable, Equatable {
    /// Where a rule comes from.
    public enum Origin: String, Sendable, Hashable {
        /// `routing.rules` of the configuration.
        case configuration
        /// ``builtIn``, used when the configuration has no rules.
        case builtIn = "built-in"
    }

    /// Where it comes from.
    package var origin: Origin
    /// Its position in its list, from 1.
    public var number: Int
    /// The rule.
    public var rule: SwitchboardConfiguration.Rule

    /// Creates a reference to a rule.
    public init(origin: Origin, number: Int, rule: SwitchboardConfiguration.Rule) {
        self.origin = origin
        self.number = number
        self.rule = rule
    }

    /// The rules used when the configuration has none, first match wins:
    /// 1. task `code_review` and risk `high` → tier `advanced`, locality `cloud`;
    /// 2. risk `high` → tier `advanced`;
    /// 3. area `security` → tier `advanced`;
    /// 4. complexity `high` → tier `advanced`, capability `reasoning`;
    /// 5. task `reasoning` → tier `standard`;
    /// 6. task `code_review` → tier `standard`.
    package static let builtIn: [SwitchboardConfiguration.Rule] = [
        .init(when: .init(task: .codeReview, risk: .high), require: .init(tier: .advanced, locality: .cloud)),
        .init(when: .init(risk: .high), require: .init(tier: .advanced)),
        .init(when: .init(area: "security"), require: .init(tier: .advanced)),
        .init(when: .init(complexity: .high), require: .init(tier: .advanced, capabilities: [.reasoning])),
        .init(when: .init(task: .reasoning), require: .init(tier: .standard)),
        .init(when: .init(task: .codeReview), require: .init(tier: .standard)),
    ]

    /// `built-in rule 1: task code_review, risk high → tier advanced, locality cloud`.
    public var description: String {
        let when = rule.when
        var condition: [String] = []
        if let task = when.task { condition.append("task \(task.rawValue)") }
        if let risk = when.risk { condition.append("risk \(risk.rawValue)") }
        if let area = when.area { condition.append("area \(area)") }
        if let complexity = when.complexity { condition.append("complexity \(complexity.rawValue)") }
        let require = rule.require
        var result: [String] = []
        if let tier = require.tier { result.append("tier \(tier.rawValue)") }
        if !require.capabilities.isEmpty {
            result.append("capabilities \(require.capabilities.map(\.rawValue).joined(separator: "+"))")
        }
        if let locality = require.locality { result.append("locality \(locality.rawValue)") }
        if let cost = require.maxCost { result.append("max cost $\(cost)") }
        if let window = require.minContextWindow { result.append("context ≥ \(window)") }
        if let provider = require.provider { result.append("provider \(provider)") }
        if let model = require.model { result.append("model \(model)") }
        let conditionText = condition.isEmpty ? "always" : condition.joined(separator: ", ")
        return
            "\(origin.rawValue) rule \(number): \(conditionText) → \(result.isEmpty ? "nothing" : result.joined(separator: ", "))"
    }
}
