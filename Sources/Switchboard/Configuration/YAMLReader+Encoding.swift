extension YAMLReader {
    /// The first byte that breaks UTF-8, with its 1-based line and column (in characters).
    static func firstInvalidUTF8(in bytes: [UInt8]) -> (offset: Int, byte: UInt8, line: Int, column: Int)? {
        var index = 0
        var line = 1
        var column = 1
        while index < bytes.count {
            let lead = bytes[index]
            let width: Int
            var minimum: UInt32 = 0
            var scalar: UInt32
            switch lead {
            case 0x00...0x7F: width = 1; scalar = UInt32(lead)
            case 0xC2...0xDF: width = 2; scalar = UInt32(lead & 0x1F); minimum = 0x80
            case 0xE0...0xEF: width = 3; scalar = UInt32(lead & 0x0F); minimum = 0x800
            case 0xF0...0xF4: width = 4; scalar = UInt32(lead & 0x07); minimum = 0x10000
            default: return (index, lead, line, column)
            }
            for offset in 1..<width {
                guard index + offset < bytes.count, bytes[index + offset] & 0xC0 == 0x80 else {
                    let bad = index + offset < bytes.count ? bytes[index + offset] : lead
                    return (index, bad == lead ? lead : bad, line, column)
                }
                scalar = scalar << 6 | UInt32(bytes[index + offset] & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) {
                return (index, lead, line, column)
            }
            if lead == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += width
        }
        return nil
    }

    /// The 1-based line and column of a byte offset in UTF-8 text.
    static func position(ofOffset offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in bytes.prefix(max(0, offset)) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}
