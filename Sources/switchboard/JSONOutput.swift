import Foundation
import SwitchboardKit

/// The one way commands print `--json` documents: pretty-printed, keys sorted, slashes unescaped.
enum JSONOutput {
    /// `document` as text.
    static func render(_ document: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }

    /// Prints `document` to standard output.
    static func print(_ document: JSONValue) throws {
        Swift.print(try render(document))
    }
}
