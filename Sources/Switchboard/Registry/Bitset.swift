/// A fixed-size set of model indices, 64 to a word: the registry's capability, tier, locality and provider indices.
struct Bitset: Sendable {
    private(set) var words: [UInt64]

    /// An empty set able to hold indices `0..<count`.
    init(count: Int) {
        words = Array(repeating: 0, count: (count + 63) / 64)
    }

    /// The set of `0..<count`.
    static func full(count: Int) -> Bitset {
        var set = Bitset(count: count)
        for index in 0..<count { set.insert(index) }
        return set
    }

    mutating func insert(_ index: Int) {
        words[index >> 6] |= 1 << UInt64(index & 63)
    }

    func contains(_ index: Int) -> Bool {
        words[index >> 6] & (1 << UInt64(index & 63)) != 0
    }

    mutating func formIntersection(_ other: Bitset) {
        for word in words.indices { words[word] &= other.words[word] }
    }

    mutating func formUnion(_ other: Bitset) {
        for word in words.indices { words[word] |= other.words[word] }
    }

    mutating func subtract(_ other: Bitset) {
        for word in words.indices { words[word] &= ~other.words[word] }
    }

    /// Calls `body` with each member, in increasing order.
    func forEach(_ body: (Int) -> Void) {
        for (wordIndex, word) in words.enumerated() {
            var remaining = word
            while remaining != 0 {
                body(wordIndex << 6 + remaining.trailingZeroBitCount)
                remaining &= remaining - 1
            }
        }
    }
}
