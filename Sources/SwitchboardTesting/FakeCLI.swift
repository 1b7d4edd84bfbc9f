import Foundation

#if canImport(Glibc)
    public import Glibc
#endif

/// A fake command-line tool for the tests of a plugin that runs one as a child process: a bash script in a fresh
/// temporary directory that records its arguments, stdin, working directory and PID there (`$dir` in the body names
/// the directory), then runs `body` — typically `cat` of a recorded transcript (``Fixture/path(_:file:)``).
public struct FakeCLI: Sendable {
    /// The temporary directory holding the script and what it records.
    public let directory: String
    /// The script's path, for the plugin's executable setting.
    public var path: String { directory + "/cli" }

    /// Writes the script.
    /// - Parameters:
    ///   - body: bash run after the recording lines.
    ///   - readingInput: whether the script reads stdin into `$dir/stdin` first; false leaves it unread.
    /// - Throws: when the directory or the script cannot be written.
    public init(_ body: String, readingInput: Bool = true) throws {
        directory = try Self.makeTemporaryDirectory()
        let script = """
            #!/bin/bash
            dir='\(directory)'
            echo $$ > "$dir/pid.partial" && mv "$dir/pid.partial" "$dir/pid"
            echo run >> "$dir/runs"
            printf '%s\\0' "$@" > "$dir/argv"
            pwd > "$dir/cwd"
            \(readingInput ? #"cat > "$dir/stdin""# : "")
            \(body)

            """
        try Self.writeExecutable(script, to: path)
    }

    /// Writes `text` to `path` as an executable, through a descriptor closed on exec, then renames it into place.
    ///
    /// A child that another thread spawns while the file is open for writing inherits the descriptor; without
    /// close-on-exec it keeps the file open for writing as long as it runs, and running the script then fails with
    /// "Text file busy" (ETXTBSY). Foundation's `write(toFile:atomically:)` does not set close-on-exec.
    private static func writeExecutable(_ text: String, to path: String) throws {
        let partial = path + ".partial"
        let descriptor = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        guard written == bytes.count else { throw POSIXError(.EIO) }
        guard rename(partial, path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    /// A fresh temporary directory, for the caller to remove (``removeDirectory(_:)``).
    public static func makeTemporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "switchboard-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Removes `path` and what it holds, if it exists.
    public static func removeDirectory(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The arguments the CLI received, in order.
    public func arguments() throws -> [String] {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: directory + "/argv"))
        return bytes.split(separator: 0, omittingEmptySubsequences: false).dropLast().map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    /// What the CLI read from stdin.
    public func stdin() throws -> String {
        try String(contentsOfFile: directory + "/stdin", encoding: .utf8)
    }

    /// The directory the CLI ran in.
    public func workingDirectory() throws -> String {
        try String(contentsOfFile: directory + "/cwd", encoding: .utf8).trimmingCharacters(in: .newlines)
    }

    /// How many times the script has been started.
    public func runs() -> Int {
        ((try? String(contentsOfFile: directory + "/runs", encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    /// The CLI's PID (of its latest run), once it has started.
    public func pid() -> pid_t? { Self.readPID(directory + "/pid") }

    /// The PID of the CLI's own child, for bodies that write it to `$dir/grandchild`.
    public func grandchild() -> pid_t? { Self.readPID(directory + "/grandchild") }

    /// Removes the script's directory.
    public func remove() { Self.removeDirectory(directory) }

    /// Whether `pid` is a live process (not gone, not a zombie waiting for a parent that is not ours).
    public static func isRunning(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return stat[stat.index(close, offsetBy: 2)] != "Z"
    }

    private static func readPID(_ file: String) -> pid_t? {
        (try? String(contentsOfFile: file, encoding: .utf8)).flatMap {
            pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}
