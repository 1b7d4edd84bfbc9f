/// An incremental splitter for newline-delimited JSON (NDJSON / JSON Lines), as Ollama streams it.
///
/// Feed it bytes in chunks of any size; it returns each complete, non-blank line without its line ending.
public struct JSONLinesParser: Sendable {
    private var buffer: [UInt8] = []
    /// The longest line accepted, in bytes.
    public let maximumLineLength: Int

    /// Creates a splitter.
    public init(maximumLineLength: Int = 8 * 1024 * 1024) {
        self.maximumLineLength = maximumLineLength
    }

    /// Consumes `bytes` and returns the lines they complete.
    /// - Throws: ``ProviderError`` (`server`) when a line grows past ``maximumLineLength``.
    public mutating func push(_ bytes: some Sequence<UInt8>) throws -> [[UInt8]] {
        var lines: [[UInt8]] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                appendLine(to: &lines)
            } else {
                buffer.append(byte)
                // A trailing CR belongs to a CRLF line ending, not to the line.
                if buffer.count > maximumLineLength + (byte == UInt8(ascii: "\r") ? 1 : 0) {
                    throw ProviderError(.server, "an NDJSON line exceeds \(maximumLineLength) bytes")
                }
            }
        }
        return lines
    }

    /// Returns the last line when the stream ended without a final newline.
    public mutating func finish() -> [UInt8]? {
        var lines: [[UInt8]] = []
        appendLine(to: &lines)
        return lines.first
    }

    private mutating func appendLine(to lines: inout [[UInt8]]) {
        var line = buffer
        buffer.removeAll(keepingCapacity: true)
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        if line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) {
            lines.append(line)
        }
    }
}
