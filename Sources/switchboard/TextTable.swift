import Foundation

/// A plain-text table: columns padded to their widest cell, two spaces apart, the last column unpadded.
struct TextTable {
    /// The column titles.
    var headers: [String]
    /// The cells, one array per row, as many as `headers`.
    var rows: [[String]] = []

    /// The lines of the table; `paint` may colour a cell (given its row, column and text) after it is padded, so
    /// escape codes never upset the alignment.
    func render(paint: (_ row: Int, _ column: Int, _ text: String) -> String = { _, _, text in text }) -> [String] {
        let widths = headers.indices.map { column in
            ([headers[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String], row: Int?) -> String {
            cells.enumerated().map { column, text in
                let padded =
                    column == cells.count - 1
                    ? text : text.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                return row.map { paint($0, column, padded) } ?? padded
            }
            .joined(separator: "  ")
        }
        return [line(headers, row: nil)] + rows.enumerated().map { line($0.element, row: $0.offset) }
    }
}
