import ArgumentParser
import Foundation

/// The text a command reads from standard input when none is passed as an argument (`complete`'s prompt, `embed`'s
/// text).
enum StandardInputText {
    /// Standard input to its end, trimmed; a user at a terminal is told how to end it.
    /// - Parameter what: what the text is, as the hint and the error name it ("prompt", "text").
    /// - Throws: `ValidationError` when there is nothing but whitespace.
    static func read(_ what: String) throws -> String {
        if FileHandleOutput.isTerminal(0) { printError("Reading the \(what) from standard input; end it with Ctrl-D.") }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw ValidationError("no \(what): pass one as an argument or on standard input") }
        return text
    }
}
