import SwitchboardKit

/// How a ``StrategyExecutor`` runs a request over the router's ranked candidates.
///
/// The cases mirror ``SwitchboardConfiguration/Strategy`` and add what only host code can give: the validator of a
/// cascade, the width of a race, the mode of an ensemble. `docs/strategies.md` describes each one.
public enum ExecutionStrategy: Sendable {
    /// The first candidate, then down the list on a failure worth falling through (see ``FallThroughPolicy``).
    case auto
    /// Only the candidates whose model runs locally, in order, falling through.
    case localOnly
    /// Only the candidates whose model runs in the cloud, in order, falling through.
    case cloudOnly
    /// Local candidates first, then cloud ones (a stable reorder), falling through.
    case localFirst
    /// Cloud candidates first, then local ones (a stable reorder), falling through.
    case cloudFirst
    /// The cheapest capable tier first (tier ascending, then estimated cost); escalates to the next candidate on a
    /// failure worth falling through, or when `validator` rejects the answer.
    case cascade(validator: ResponseValidator? = nil)
    /// Races the first `width` candidates; the first success wins and the others are cancelled.
    case parallel(width: Int = 2)
    /// Asks several candidates and combines their answers.
    case ensemble(EnsembleMode)

    /// The strategy as the configuration names it.
    public var name: SwitchboardConfiguration.Strategy {
        switch self {
        case .auto: .auto
        case .localOnly: .localOnly
        case .cloudOnly: .cloudOnly
        case .localFirst: .localFirst
        case .cloudFirst: .cloudFirst
        case .cascade: .cascade
        case .parallel: .parallel
        case .ensemble: .ensemble
        }
    }

    /// The strategy a configuration names, with the defaults host code did not override: a cascade without a
    /// validator, a race of two, a vote of three.
    public init(_ strategy: SwitchboardConfiguration.Strategy) {
        switch strategy {
        case .auto: self = .auto
        case .localOnly: self = .localOnly
        case .cloudOnly: self = .cloudOnly
        case .localFirst: self = .localFirst
        case .cloudFirst: self = .cloudFirst
        case .cascade: self = .cascade()
        case .parallel: self = .parallel()
        case .ensemble: self = .ensemble(.vote())
        }
    }

    /// The candidates in the order this strategy tries them, without those it excludes.
    /// - Throws: ``StrategyError`` when no candidate is left, naming what was excluded and why.
    func arrange(_ candidates: [RouteCandidate]) throws -> [RouteCandidate] {
        guard !candidates.isEmpty else {
            throw StrategyError(
                strategy: name, attempts: [], message: "\(name.rawValue): the router proposed no candidates")
        }
        switch self {
        case .localOnly, .cloudOnly:
            let wantLocal = if case .localOnly = self { true } else { false }
            let kept = candidates.filter { $0.model.local == wantLocal }
            guard !kept.isEmpty else {
                let excluded = candidates.map { "\($0.id) (\($0.model.local ? "local" : "cloud"))" }
                throw StrategyError(
                    strategy: name,
                    attempts: [],
                    message:
                        "\(name.rawValue): no \(wantLocal ? "local" : "cloud") candidate; excluded \(excluded.joined(separator: ", "))"
                )
            }
            return kept
        case .localFirst:
            return candidates.filter(\.model.local) + candidates.filter { !$0.model.local }
        case .cloudFirst:
            return candidates.filter { !$0.model.local } + candidates.filter(\.model.local)
        case .cascade:
            return candidates.enumerated().sorted { lhs, rhs in
                let (left, right) = (lhs.element, rhs.element)
                if left.model.tier != right.model.tier { return left.model.tier < right.model.tier }
                let (leftCost, rightCost) = (left.estimatedCost ?? .infinity, right.estimatedCost ?? .infinity)
                if leftCost != rightCost { return leftCost < rightCost }
                return lhs.offset < rhs.offset
            }.map(\.element)
        case .auto, .parallel, .ensemble:
            return candidates
        }
    }
}
