import Foundation
import SwitchboardTesting

#if canImport(Glibc)
    import Glibc
#endif

/// The built `switchboard serve` running as a child process on 127.0.0.1 and a free port, for clients that are not
/// in this process (the official SDKs).
final class ServedGateway {
    let process: Process
    /// The port it listens on.
    let port: Int
    /// The scratch directory holding its configuration, its standard error and its HOME.
    let directory: String

    /// `http://127.0.0.1:PORT`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// What it wrote to standard error so far: its start-up line and one line per request.
    var log: String {
        (try? String(contentsOfFile: directory + "/serve.log", encoding: .utf8)) ?? ""
    }

    private init(process: Process, port: Int, directory: String) {
        self.process = process
        self.port = port
        self.directory = directory
    }

    /// Writes `configuration` to a file in a new scratch directory and runs `switchboard serve --port 0` over it with
    /// `environment` added to a copy of this process's (without its `SWITCHBOARD_*` and `*_API_KEY` variables);
    /// returns once the gateway says where it listens.
    /// - Throws: ``GatewayTestError`` with its standard error when it exits or stays silent for 30 seconds.
    static func start(_ configuration: String, environment: [String: String] = [:]) async throws -> ServedGateway {
        let directory = NSTemporaryDirectory() + "switchboard-served-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let configurationPath = directory + "/switchboard.yaml"
        try configuration.write(toFile: configurationPath, atomically: true, encoding: .utf8)
        let logPath = directory + "/serve.log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: GatewayTestSupport.buildDirectory + "/switchboard")
        process.arguments = ["serve", "--config", configurationPath, "--host", "127.0.0.1", "--port", "0"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var inherited = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("SWITCHBOARD_") && !$0.key.hasSuffix("_API_KEY")
        }
        inherited["HOME"] = directory
        process.environment = inherited.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        try process.run()

        // Readiness, not timing: wait for the line that names the port, giving up if the process ends or the line
        // never comes (1,500 looks 20 ms apart: a stalled test process does not use them up).
        var looks = 0
        while true {
            looks += 1
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let line = log.split(separator: "\n").first(where: { $0.contains("listening on http://") }),
                let port = line.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) })
            {
                return ServedGateway(process: process, port: port, directory: directory)
            }
            if !process.isRunning || looks > 1_500 {
                if process.isRunning { process.terminate() }
                try await onOwnThread { process.waitUntilExit() }
                let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
                try? FileManager.default.removeItem(atPath: directory)
                throw GatewayTestError(
                    "switchboard serve did not start (exit status \(process.terminationStatus)):\n\(log)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Stops the gateway (SIGTERM, then SIGKILL if it lingers past its shutdown timeout) and removes its directory.
    ///
    /// Returns at once: the waiting happens on a thread of its own, so a test's `defer` never holds a thread of the
    /// cooperative pool (which the tests running beside it need) while the gateway shuts down.
    func stop() {
        let process = process
        let directory = directory
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        Thread.detachNewThread {
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning && Date() < deadline { usleep(10_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            try? FileManager.default.removeItem(atPath: directory)
        }
    }
}
