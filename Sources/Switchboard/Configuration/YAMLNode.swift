/// One node of a parsed YAML document, with anchors, aliases and merge keys already resolved.
///
/// The reader produces plain values: an alias becomes a copy of the node it names, and a `<<`
/// merge key is replaced by the pairs it merges in. Every node keeps the ``Mark`` where it starts
/// so that configuration errors can point at the file, line and column.
struct YAMLNode: Sendable, Hashable {
    /// A position in the source text, 1-based.
    struct Mark: Sendable, Hashable, CustomStringConvertible {
        /// The line, starting at 1.
        var line: Int
        /// The column, starting at 1 (counted in characters).
        var column: Int

        /// Creates a mark.
        /// - Parameters:
        ///   - line: The line, starting at 1.
        ///   - column: The column, starting at 1.
        init(line: Int, column: Int) {
            self.line = line
            self.column = column
        }

        /// `LINE:COLUMN`.
        var description: String { "\(line):\(column)" }
    }

    /// How a scalar was written.
    enum ScalarStyle: Sendable, Hashable {
        /// Written without quotes (`plain`): typed by the YAML 1.2 core schema.
        case plain
        /// Quoted, a block scalar (`|`, `>`), or tagged `!!str`: always a string.
        case quoted
    }

    /// A key and its value in a mapping.
    struct Pair: Sendable, Hashable {
        /// The key node (always a scalar in documents this reader accepts).
        var key: YAMLNode
        /// The value node.
        var value: YAMLNode

        /// Creates a pair.
        /// - Parameters:
        ///   - key: The key node.
        ///   - value: The value node.
        init(key: YAMLNode, value: YAMLNode) {
            self.key = key
            self.value = value
        }
    }

    /// The shape and content of a node.
    enum Content: Sendable, Hashable {
        /// A scalar: its text and how it was written.
        case scalar(String, ScalarStyle)
        /// A sequence of nodes, in order.
        case sequence([YAMLNode])
        /// A mapping, with its pairs in source order.
        case mapping([Pair])
    }

    /// The content of the node.
    var content: Content
    /// Where the node starts.
    var mark: Mark

    /// Creates a node.
    /// - Parameters:
    ///   - content: The content.
    ///   - mark: Where the node starts.
    init(_ content: Content, mark: Mark) {
        self.content = content
        self.mark = mark
    }
}

extension YAMLNode {
    /// The scalar text, when this is a scalar.
    var scalar: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    /// The pairs, when this is a mapping.
    var pairs: [Pair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// The elements, when this is a sequence.
    var elements: [YAMLNode]? {
        if case .sequence(let elements) = content { return elements }
        return nil
    }

    /// Whether this is a plain scalar that the YAML 1.2 core schema reads as null (`~`, `null`, or nothing).
    var isNull: Bool {
        if case .scalar(let text, .plain) = content { return YAMLNode.isNullText(text) }
        return false
    }

    /// The value under `key` when this is a mapping (the first pair with that scalar key).
    subscript(key: String) -> YAMLNode? {
        pairs?.first { $0.key.scalar == key }?.value
    }

    static func isNullText(_ text: String) -> Bool {
        text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }
}
