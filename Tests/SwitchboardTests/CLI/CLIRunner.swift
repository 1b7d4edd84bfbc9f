import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the built `switchboard` executable as a user runs it: in a given directory, with a fresh home, no
/// `SWITCHBOARD_*` or `*_API_KEY` variables from the test's own environment, and `NO_COLOR=1` unless told otherwise.
enum CLIRunner {
    /// What one run produced.
    struct Run {
        let status: Int32
        let output: String
        let errors: String
    }

    /// Runs `switchboard arguments` in `directory`, with standard input a pipe holding `input` (then closed).
    static func run(
        _ arguments: [String],
        in directory: String,
        environment extra: [String: String] = [:],
        input: String? = nil
    ) throws -> Run {
        let process = makeProcess(arguments, in: directory, environment: extra)
        let output = Pipe()
        let standardInput = Pipe()
        // Standard error goes to a file, so neither stream can fill up while the other is being read.
        let errorPath = directory + "/stderr-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: errorPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errorPath) }
        let errors = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = standardInput
        try process.run()
        try errors.close()
        if let input { standardInput.fileHandleForWriting.write(Data(input.utf8)) }
        try standardInput.fileHandleForWriting.close()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            output: String(decoding: outputData, as: UTF8.self),
            errors: try String(contentsOfFile: errorPath, encoding: .utf8)
        )
    }

    /// Runs `switchboard arguments` with standard output and standard error on a pseudo-terminal (so it believes it
    /// talks to a person) and `NO_COLOR` unset unless `environment` sets it; `output` holds both streams.
    static func runInTerminal(_ arguments: [String], in directory: String, environment extra: [String: String] = [:]) throws -> Run {
        let master = posix_openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, grantpt(master) == 0, unlockpt(master) == 0, let name = ptsname(master) else {
            throw CLIRunnerError("cannot open a pseudo-terminal")
        }
        defer { close(master) }
        let terminal = FileHandle(forUpdatingAtPath: String(cString: name))
        guard let terminal else { throw CLIRunnerError("cannot open \(String(cString: name))") }
        var environment = extra
        if environment["NO_COLOR"] == nil { environment["NO_COLOR"] = "" }
        let process = makeProcess(arguments, in: directory, environment: environment)
        if extra["NO_COLOR"] == nil { process.environment?.removeValue(forKey: "NO_COLOR") }
        process.standardOutput = terminal
        process.standardError = terminal
        process.standardInput = Pipe()
        try process.run()
        try terminal.close()
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(master, &buffer, buffer.count)
            if count <= 0 { break }
            bytes += buffer[..<count]
        }
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: bytes, as: UTF8.self), errors: "")
    }

    /// Runs `body` with a fresh directory holding an empty `home/`, removed afterwards.
    static func withDirectory(_ body: (String) throws -> Void) throws {
        let directory = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeDirectory(directory) }
        try FileManager.default.createDirectory(atPath: directory + "/home", withIntermediateDirectories: true)
        try body(directory)
    }

    /// Writes `yaml` to `directory/switchboard.yaml`, where the executable finds it.
    static func writeConfiguration(_ yaml: String, in directory: String) throws {
        try yaml.write(toFile: directory + "/switchboard.yaml", atomically: true, encoding: .utf8)
    }

    /// Parses `run`'s standard output as a JSON object.
    static func json(_ run: Run) throws -> [String: Any] {
        let document = try JSONSerialization.jsonObject(with: Data(run.output.utf8))
        return try #require(document as? [String: Any], "not a JSON object: \(run.output)")
    }

    private static func makeProcess(
        _ arguments: [String],
        in directory: String,
        environment extra: [String: String],
        noColor: String? = "1"
    ) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestSupport.buildDirectory + "/switchboard")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("SWITCHBOARD_") && !$0.key.hasSuffix("_API_KEY") && $0.key != "NO_COLOR"
        }
        environment["HOME"] = directory + "/home"
        environment["NO_COLOR"] = noColor
        environment.merge(extra) { _, new in new }
        process.environment = environment
        return process
    }
}

struct CLIRunnerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
