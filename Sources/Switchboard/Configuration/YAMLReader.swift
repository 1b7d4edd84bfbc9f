internal import CYAML

/// Reads one YAML document into a ``YAMLNode`` tree through the system libyaml (event API).
///
/// The reader is strict and bounded, because configuration files come from users:
/// - the input must be UTF-8, no larger than ``Limits/maxFileSize``, and hold exactly one non-empty document;
/// - anchors and aliases are resolved into plain values, counting every node an alias expands to,
///   so an alias bomb ("billion laughs") fails after ``Limits/maxNodes`` nodes instead of exhausting memory;
/// - nesting deeper than ``Limits/maxDepth`` is an error;
/// - merge keys (`<<: *defaults` or `<<: [*a, *b]`) are applied, explicit keys winning;
/// - the same key twice in one mapping is an error naming both positions;
/// - mapping keys must be scalars.
struct YAMLReader: Sendable {
    /// Bounds on what the reader accepts.
    typealias Limits = ConfigurationLoader.Limits

    /// The bounds this reader enforces.
    var limits: Limits
    /// The language a syntax error names: `YAML`, or `JSON` for a `.json` file (JSON is YAML's subset, so the same
    /// parser reads it).
    var language: String

    /// Creates a reader.
    /// - Parameters:
    ///   - limits: The bounds to enforce.
    ///   - language: The language a syntax error names.
    init(limits: Limits = .default, language: String = "YAML") {
        self.limits = limits
        self.language = language
    }

    /// Parses one YAML document.
    /// - Parameters:
    ///   - text: The YAML text.
    ///   - file: The file name to put in errors, if any.
    /// - Returns: The root node, with aliases and merge keys resolved.
    /// - Throws: ``ConfigurationError`` (`.syntax`, `.limits`, `.encoding`, `.duplicate`).
    func parse(_ text: String, file: String? = nil) throws -> YAMLNode {
        try parse(bytes: Array(text.utf8), file: file)
    }

    /// Parses one YAML document from raw bytes, which must be UTF-8.
    /// - Parameters:
    ///   - bytes: The file contents.
    ///   - file: The file name to put in errors, if any.
    /// - Returns: The root node, with aliases and merge keys resolved.
    /// - Throws: ``ConfigurationError`` (`.syntax`, `.limits`, `.encoding`, `.duplicate`).
    func parse(bytes: [UInt8], file: String? = nil) throws -> YAMLNode {
        if bytes.count > limits.maxFileSize {
            throw ConfigurationError(
                code: .limits,
                message: "file is \(YAMLReader.formatSize(bytes.count)), larger than the "
                    + "\(YAMLReader.formatSize(limits.maxFileSize)) limit for configuration files; "
                    + "check that this is the right file",
                file: file
            )
        }
        if let bad = YAMLReader.firstInvalidUTF8(in: bytes) {
            throw ConfigurationError(
                code: .encoding,
                message: "file is not valid UTF-8: byte 0x\(String(bad.byte, radix: 16, uppercase: true)) "
                    + "at offset \(bad.offset) cannot start or continue a UTF-8 character; save the file as UTF-8",
                file: file, line: bad.line, column: bad.column
            )
        }
        if bytes.isEmpty {
            throw YAMLReader.emptyFile(file)
        }
        var builder = Builder(limits: limits, file: file, language: language)
        try bytes.withUnsafeBufferPointer { buffer in
            try builder.run(buffer, bytes: bytes)
        }
        guard let root = builder.root, !root.isNull else { throw YAMLReader.emptyFile(file) }
        return root
    }

    static func emptyFile(_ file: String?) -> ConfigurationError {
        ConfigurationError(
            code: .syntax,
            message: "file is empty: expected a YAML mapping such as `version: 1`; "
                + "run `switchboard init` to write a commented default configuration",
            file: file, line: 1, column: 1
        )
    }

    static func formatSize(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 20 {
            let tenths = (bytes * 10) >> 20
            return "\(tenths / 10).\(tenths % 10) MiB (\(bytes) bytes)"
        }
        return "\(bytes) bytes"
    }
}

extension YAMLReader {
    /// Turns the libyaml event stream into a tree, resolving aliases and merge keys under the limits.
    private struct Builder {
        struct Frame {
            var isMapping: Bool
            var mark: YAMLNode.Mark
            var anchor: String?
            var path: String
            var items: [YAMLNode] = []
            var countAtStart: Int
            var childHeight: Int = 0
        }

        struct Anchored {
            var node: YAMLNode
            var count: Int
            var height: Int
        }

        let limits: Limits
        let file: String?
        var stack: [Frame] = []
        var anchors: [String: Anchored] = [:]
        var nodeCount = 0
        var usedAliases = false
        var documents = 0
        var root: YAMLNode?

        let language: String

        init(limits: Limits, file: String?, language: String) {
            self.limits = limits
            self.file = file
            self.language = language
        }

        func error(_ code: ConfigurationError.Code, _ message: String, _ mark: YAMLNode.Mark?, _ path: String? = nil)
            -> ConfigurationError
        {
            ConfigurationError(code, message, file: file, mark: mark, keyPath: path?.isEmpty == true ? nil : path)
        }

        /// The key path of the next child of the innermost open collection.
        var childPath: String {
            guard let top = stack.last else { return "" }
            if top.isMapping {
                let key = top.items.count % 2 == 1 ? (top.items.last?.scalar ?? "?") : "?"
                return top.path.isEmpty ? key : top.path + "." + key
            }
            return top.path + "[\(top.items.count)]"
        }

        mutating func run(_ buffer: UnsafeBufferPointer<UInt8>, bytes: [UInt8]) throws {
            let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
            defer { parser.deallocate() }
            guard yaml_parser_initialize(parser) == 1 else {
                throw error(.io, "libyaml could not allocate a parser", nil)
            }
            defer { yaml_parser_delete(parser) }
            yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(parser, &event) == 1 else {
                    throw syntaxError(parser.pointee, bytes: bytes)
                }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return }
                try handle(event)
            }
        }

        func syntaxError(_ parser: yaml_parser_t, bytes: [UInt8]) -> ConfigurationError {
            let problem = parser.problem.map { String(cString: $0) } ?? "unknown libyaml error"
            var message = problem
            var mark = YAMLNode.Mark(line: parser.problem_mark.line + 1, column: parser.problem_mark.column + 1)
            if parser.error == YAML_READER_ERROR {
                let position = YAMLReader.position(ofOffset: parser.problem_offset, in: bytes)
                mark = YAMLNode.Mark(line: position.line, column: position.column)
                message += " (byte 0x\(String(UInt32(bitPattern: parser.problem_value), radix: 16, uppercase: true)))"
            }
            if let context = parser.context.map({ String(cString: $0) }) {
                message +=
                    " \(context) that starts at "
                    + "\(parser.context_mark.line + 1):\(parser.context_mark.column + 1)"
            }
            return error(
                .syntax, "\(language) syntax error: \(message); fix the \(language) at this position", mark)
        }

        mutating func handle(_ event: yaml_event_t) throws {
            let mark = YAMLNode.Mark(line: event.start_mark.line + 1, column: event.start_mark.column + 1)
            switch event.type {
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    throw error(
                        .syntax,
                        "a second YAML document starts here; a configuration file holds exactly one document, "
                            + "so remove the `---` separator and merge the documents, or use `profiles`",
                        mark)
                }
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let text = String(
                    decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                let tag = scalar.tag.map { String(cString: $0) }
                let isString = tag == "tag:yaml.org,2002:str" || tag == "!"
                let style: YAMLNode.ScalarStyle =
                    scalar.style == YAML_PLAIN_SCALAR_STYLE && !isString ? .plain : .quoted
                try count(1, at: mark)
                try add(
                    YAMLNode(.scalar(text, style), mark: mark), anchor: anchorName(scalar.anchor), height: 1, count: 1)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                let anchor = anchorName(isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor)
                if stack.count + 1 > limits.maxDepth {
                    throw error(
                        .limits,
                        "nesting is deeper than \(limits.maxDepth) levels; configuration files are shallow, "
                            + "so check for unbalanced brackets", mark, childPath)
                }
                if isMapping, let top = stack.last, top.isMapping, top.items.count % 2 == 0 {
                    throw error(.syntax, "mapping keys must be plain strings, found a mapping used as a key", mark)
                }
                try count(1, at: mark)
                stack.append(
                    Frame(
                        isMapping: isMapping, mark: mark, anchor: anchor, path: childPath, countAtStart: nodeCount - 1))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                let frame = stack.removeLast()
                let node: YAMLNode
                if frame.isMapping {
                    node = YAMLNode(.mapping(try pairs(of: frame)), mark: frame.mark)
                } else {
                    node = YAMLNode(.sequence(frame.items), mark: frame.mark)
                }
                try add(
                    node, anchor: frame.anchor, height: frame.childHeight + 1, count: nodeCount - frame.countAtStart)
            case YAML_ALIAS_EVENT:
                let name = anchorName(event.data.alias.anchor) ?? ""
                guard let anchored = anchors[name] else {
                    throw error(
                        .syntax,
                        "alias `*\(name)` refers to an anchor that is not defined before it; define `&\(name)` first",
                        mark, childPath)
                }
                usedAliases = true
                if stack.count + anchored.height > limits.maxDepth {
                    throw error(
                        .limits,
                        "alias `*\(name)` expands to nesting deeper than \(limits.maxDepth) levels", mark, childPath)
                }
                try count(anchored.count, at: mark)
                try add(anchored.node, anchor: nil, height: anchored.height, count: anchored.count)
            default:
                break
            }
        }

        func anchorName(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            pointer.map { String(cString: $0) }
        }

        mutating func count(_ nodes: Int, at mark: YAMLNode.Mark) throws {
            let (sum, overflow) = nodeCount.addingReportingOverflow(nodes)
            nodeCount = overflow ? Int.max : sum
            if nodeCount > limits.maxNodes {
                if usedAliases {
                    throw error(
                        .limits,
                        "alias expansion exceeds \(limits.maxNodes) nodes (possible alias bomb); "
                            + "aliases here repeat too much data, so write the values out or reduce the aliases",
                        mark, childPath)
                }
                throw error(
                    .limits, "document has more than \(limits.maxNodes) nodes, too many for a configuration file", mark)
            }
        }

        mutating func add(_ node: YAMLNode, anchor: String?, height: Int, count: Int) throws {
            if let anchor { anchors[anchor] = Anchored(node: node, count: count, height: height) }
            guard !stack.isEmpty else {
                root = node
                return
            }
            let last = stack.count - 1
            if stack[last].isMapping, stack[last].items.count % 2 == 0, node.scalar == nil {
                throw error(
                    .syntax, "mapping keys must be plain strings, found a list or mapping used as a key", node.mark)
            }
            stack[last].items.append(node)
            stack[last].childHeight = max(stack[last].childHeight, height)
        }

        /// Pairs up a mapping's items, checks for duplicate keys and applies merge keys.
        func pairs(of frame: Frame) throws -> [YAMLNode.Pair] {
            var explicit: [YAMLNode.Pair] = []
            var merges: [(index: Int, value: YAMLNode)] = []
            var seen: [String: YAMLNode.Mark] = [:]
            var index = 0
            while index + 1 < frame.items.count {
                let key = frame.items[index]
                let value = frame.items[index + 1]
                index += 2
                if case .scalar("<<", .plain) = key.content {
                    merges.append((explicit.count, value))
                    continue
                }
                let name = key.scalar ?? ""
                if let first = seen[name] {
                    let path = frame.path.isEmpty ? name : frame.path + "." + name
                    throw error(
                        .duplicate,
                        "duplicate key `\(name)`: it appears at line \(first.line) column \(first.column) "
                            + "and again at line \(key.mark.line) column \(key.mark.column) of the same mapping; "
                            + "remove or rename one of them",
                        key.mark, path)
                }
                seen[name] = key.mark
                explicit.append(YAMLNode.Pair(key: key, value: value))
            }
            guard !merges.isEmpty else { return explicit }
            var merged: [YAMLNode.Pair] = []
            for merge in merges {
                let sources: [YAMLNode]
                switch merge.value.content {
                case .mapping: sources = [merge.value]
                case .sequence(let elements): sources = elements
                case .scalar:
                    sources = [merge.value]
                }
                for source in sources {
                    guard let sourcePairs = source.pairs else {
                        throw error(
                            .type,
                            "merge key `<<` expects a mapping or a list of mappings (such as `*defaults` or "
                                + "`[*a, *b]`), found \(source.elements != nil ? "a list" : "a scalar")",
                            source.mark, frame.path)
                    }
                    for pair in sourcePairs {
                        let name = pair.key.scalar ?? ""
                        guard seen[name] == nil else { continue }
                        seen[name] = pair.key.mark
                        merged.append(pair)
                    }
                }
            }
            return explicit + merged
        }
    }
}
