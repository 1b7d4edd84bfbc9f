import Foundation
import SwitchboardTesting
import Testing

/// Runs the built `switchboard` executable as a user runs it: in a given directory, with a fresh home, no
/// `SWITCHBOARD_*` or `*_API_KEY` variables from the test's own environment, and `NO_COLOR=1` unless told otherwise.
enum CLIRunner {
    /// What one run produced.
    struct Run {
        let status: Int32
        let output: String
        let errors: String
    }

    /// Runs `switchboard arguments` in `directory`, with standard input a pipe holding `input` (then closed). The
    /// waits run on a thread of their own (``onOwnThread(_:)``), never on the cooperative pool.
    static func run(
        _ arguments: [String],
        in directory: String,
        environment extra: [String: String] = [:],
        input: String? = nil
    ) async throws -> Run {
        let process = makeProcess(arguments, in: directory, environment: extra)
        let output = Pipe()
        let standardInput = Pipe()
        // Standard error goes to a file, so neither stream can fill up while the other is being read.
        let errorPath = directory + "/stderr-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: errorPath, contents: nil) else {
            throw CLIRunnerError("cannot create \(errorPath)")
        }
        defer { try? FileManager.default.removeItem(atPath: errorPath) }
        let errors = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = standardInput
        try process.run()
        try errors.close()
        let outputData = try await onOwnThread {
            if let input { standardInput.fileHandleForWriting.write(Data(input.utf8)) }
            try standardInput.fileHandleForWriting.close()
            let outputData = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return outputData
        }
        return Run(
            status: process.terminationStatus,
            output: String(decoding: outputData, as: UTF8.self),
            errors: try String(contentsOfFile: errorPath, encoding: .utf8)
        )
    }

    /// The built `switchboard` executable.
    static var switchboard: String { TestSupport.buildDirectory + "/switchboard" }

    /// Runs any `executable arguments` in `directory` with `environment` (a full environment), writing `input` to its
    /// standard input, and waits for it to exit. Both streams go to files, not pipes, so a child that prints a lot
    /// (a compiler) never blocks on a full pipe.
    static func run(
        _ executable: String,
        _ arguments: [String],
        in directory: String,
        environment: [String: String],
        input: String? = nil
    ) async throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        let capture = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeDirectory(capture) }
        _ = FileManager.default.createFile(atPath: capture + "/out", contents: nil)
        _ = FileManager.default.createFile(atPath: capture + "/err", contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: capture + "/out"))
        let errors = try FileHandle(forWritingTo: URL(fileURLWithPath: capture + "/err"))
        let standardInput = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = standardInput
        try process.run()
        try await onOwnThread {
            if let input { standardInput.fileHandleForWriting.write(Data(input.utf8)) }
            try standardInput.fileHandleForWriting.close()
            process.waitUntilExit()
        }
        try output.close()
        try errors.close()
        return Run(
            status: process.terminationStatus,
            output: try String(contentsOfFile: capture + "/out", encoding: .utf8),
            errors: try String(contentsOfFile: capture + "/err", encoding: .utf8)
        )
    }

    /// The process environment without Switchboard's variables and API keys, with `HOME` at `home` and `NO_COLOR`.
    static func cleanEnvironment(home: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("SWITCHBOARD_") && !$0.key.hasSuffix("_API_KEY")
        }
        environment["HOME"] = home
        environment["NO_COLOR"] = "1"
        return environment
    }

    /// Runs `switchboard arguments` with standard output and standard error on a pseudo-terminal (so it believes it
    /// talks to a person), through util-linux `script`, with `NO_COLOR` unset unless `environment` sets it; `output`
    /// holds both streams.
    static func runInTerminal(_ arguments: [String], in directory: String, environment extra: [String: String] = [:])
        async throws -> Run
    {
        let command = ([TestSupport.buildDirectory + "/switchboard"] + arguments)
            .map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
            .joined(separator: " ")
        let process = makeProcess(
            ["-qefc", command, "/dev/null"], in: directory, environment: extra, noColor: extra["NO_COLOR"])
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = try await onOwnThread {
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return data
        }
        return Run(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self), errors: "")
    }

    /// Runs `body` with a fresh directory holding an empty `home/`, removed afterwards.
    static func withDirectory(_ body: (String) async throws -> Void) async throws {
        let directory = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeDirectory(directory) }
        try FileManager.default.createDirectory(atPath: directory + "/home", withIntermediateDirectories: true)
        try await body(directory)
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
