/// The best `limit` scored entries seen so far, best first, in the registry's ranking order: higher score, then
/// higher provider priority, then smaller `provider/model` id.
///
/// Offering an entry that does not beat the current last member costs one comparison, so keeping the best few of
/// ten thousand is a single pass.
struct TopList {
    /// The members, best first.
    private(set) var members: [(index: Int, total: Double)] = []
    private let limit: Int
    private let priority: [Int]
    private let idRank: [Int32]
    /// The score of the last member (the list is full) or -infinity.
    private var lowest = -Double.infinity

    /// - Parameters:
    ///   - priority: each entry's provider priority.
    ///   - idRank: each entry's position in `provider/model` id order.
    init(limit: Int, priority: [Int], idRank: [Int32]) {
        self.limit = limit
        self.priority = priority
        self.idRank = idRank
        members.reserveCapacity(min(limit, 64) + 1)
    }

    /// Keeps entry `index` with score `total` if it is among the best `limit`.
    ///
    /// Inlined into the scoring loop: once the list is full, an entry scoring below the last member is turned away
    /// with one comparison and no call.
    @inline(__always)
    mutating func offer(_ index: Int, _ total: Double) {
        if members.count == limit, !(total >= lowest) { return }
        insert(index, total)
    }

    @inline(never)
    private mutating func insert(_ index: Int, _ total: Double) {
        guard limit > 0 else { return }
        if members.count == limit, let last = members.last, !ranksBefore((index, total), last) { return }
        var position = members.count
        while position > 0, ranksBefore((index, total), members[position - 1]) { position -= 1 }
        members.insert((index, total), at: position)
        if members.count > limit { members.removeLast() }
        lowest = members.last?.total ?? -.infinity
    }

    private func ranksBefore(_ lhs: (index: Int, total: Double), _ rhs: (index: Int, total: Double)) -> Bool {
        if lhs.total != rhs.total { return lhs.total > rhs.total }
        if priority[lhs.index] != priority[rhs.index] { return priority[lhs.index] > priority[rhs.index] }
        return idRank[lhs.index] < idRank[rhs.index]
    }
}
