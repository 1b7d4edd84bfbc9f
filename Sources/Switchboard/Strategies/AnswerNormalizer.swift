import Foundation

/// The form in which an ensemble vote compares answers.
enum AnswerNormalizer {
    /// `text` trimmed, each run of whitespace collapsed to one space, case-folded, trailing punctuation stripped:
    /// `"  The answer is\n 42. "` and `"the ANSWER is 42"` are the same vote.
    static func normalize(_ text: String) -> String {
        var words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            .folding(options: [.caseInsensitive], locale: nil)
        while let last = words.unicodeScalars.last, CharacterSet.punctuationCharacters.contains(last) {
            words.unicodeScalars.removeLast()
            while words.last?.isWhitespace == true { words.removeLast() }
        }
        return words
    }
}
