extension ConfigurationError {
    /// The candidate closest to `word` by edit distance, when it is close enough to be a likely typo.
    /// - Parameters:
    ///   - word: What was written.
    ///   - candidates: What would have been valid.
    /// - Returns: The best candidate, or `nil` when none is within a third of the word's length (at least 2).
    static func suggestion(for word: String, among candidates: some Sequence<String>) -> String? {
        let lowered = word.lowercased()
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, candidate.lowercased())
            if best == nil || distance < best!.distance { best = (candidate, distance) }
        }
        guard let best else { return nil }
        let threshold = max(2, word.count / 3)
        return best.distance <= threshold ? best.candidate : nil
    }

    /// ` Did you mean `x`?` or the empty string.
    static func didYouMean(_ word: String, among candidates: some Sequence<String>) -> String {
        suggestion(for: word, among: candidates).map { " Did you mean `\($0)`?" } ?? ""
    }

    /// Levenshtein distance between two strings, by Unicode scalars (bounded to 256 scalars each).
    static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs.unicodeScalars.prefix(256))
        let b = Array(rhs.unicodeScalars.prefix(256))
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
