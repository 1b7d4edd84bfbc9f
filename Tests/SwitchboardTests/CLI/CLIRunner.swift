import Foundation

/// Runs a command-line program the way a user does and collects what it printed.
enum CLIRunner {
    /// What one run printed, and how it ended.
    struct Run {
        let status: Int32
        let output: String
        let errors: String
    }

    /// The built `switchboard` executable.
    static var switchboard: String { TestSupport.buildDirectory + "/switchboard" }

    /// Runs `executable arguments` in `directory` with `environment` (a full environment), writing `input` to its
    /// standard input, and waits for it to exit.
    static func run(
        _ executable: String,
        _ arguments: [String],
        in directory: String,
        environment: [String: String],
        input: String? = nil
    ) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        // Output goes to files, not pipes, so a child that prints a lot (a compiler) never blocks on a full pipe.
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
        if let input { standardInput.fileHandleForWriting.write(Data(input.utf8)) }
        try standardInput.fileHandleForWriting.close()
        process.waitUntilExit()
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
}
