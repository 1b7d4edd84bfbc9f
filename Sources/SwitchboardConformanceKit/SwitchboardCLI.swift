public import Foundation

/// The `switchboard` executable that runs the conformance checks: it links the host, so the plugin is loaded and
/// checked by the host's own loader and suite while the plugin's package builds nothing but SwitchboardKit and this kit.
///
/// It is looked for in order: the path in the `SWITCHBOARD_CLI` environment variable; the path `switchboard
/// new-provider` recorded in the scaffolded tests (the executable that wrote them); `switchboard` on `PATH`.
public struct SwitchboardCLI: Sendable {
    /// The environment variable naming the executable, which overrides every other place.
    public static let environmentVariable = "SWITCHBOARD_CLI"

    /// The path recorded when the package was scaffolded, if any.
    public var recordedPath: String?
    /// The environment the lookup reads (`SWITCHBOARD_CLI`, `PATH`).
    public var environment: [String: String]

    /// Creates a lookup.
    /// - Parameters:
    ///   - recordedPath: the executable `switchboard new-provider` recorded, tried after `SWITCHBOARD_CLI`.
    ///   - environment: the environment to read; the process's own by default.
    public init(recordedPath: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.recordedPath = recordedPath
        self.environment = environment
    }

    /// The executable's path.
    /// - Throws: ``ConformanceRunError`` saying where it looked and how to point at the executable.
    public func executable() throws -> String {
        if let path = environment[Self.environmentVariable], !path.isEmpty {
            guard Self.isExecutable(path) else {
                throw ConformanceRunError(
                    "\(Self.environmentVariable) is \(path), which is not an executable file; point it at the "
                        + "switchboard executable, e.g. <checkout>/.build/debug/switchboard")
            }
            return path
        }
        if let recordedPath, Self.isExecutable(recordedPath) { return recordedPath }
        let searchPath = environment["PATH"] ?? ""
        for directory in searchPath.split(separator: ":") where Self.isExecutable("\(directory)/switchboard") {
            return "\(directory)/switchboard"
        }
        let recorded =
            recordedPath.map { "the path recorded when this package was scaffolded (\($0)) is not an executable, " }
            ?? ""
        throw ConformanceRunError(
            "the switchboard executable that runs the conformance checks was not found: \(Self.environmentVariable) is "
                + "not set, \(recorded)and no switchboard is on PATH; build it in your Switchboard checkout "
                + "(`swift build --product switchboard`) and set \(Self.environmentVariable) to its path "
                + "(<checkout>/.build/debug/switchboard)")
    }

    /// Runs the executable with `arguments` and waits for it.
    /// - Returns: its exit status, standard output and standard error.
    /// - Throws: ``ConformanceRunError`` when it cannot be found or started.
    func run(_ arguments: [String]) async throws -> (status: Int32, output: Data, errors: String) {
        let executable = try executable()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "switchboard-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outputURL = directory.appendingPathComponent("stdout")
        let errorsURL = directory.appendingPathComponent("stderr")
        try Data().write(to: outputURL)
        try Data().write(to: errorsURL)
        let output = try FileHandle(forWritingTo: outputURL)
        let errors = try FileHandle(forWritingTo: errorsURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = output
        process.standardError = errors
        let status = try await withCheckedThrowingContinuation {
            (continuation: CheckedContinuation<Int32, any Error>) in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(
                    throwing: ConformanceRunError("cannot start \(executable): \(error.localizedDescription)"))
            }
        }
        try? output.close()
        try? errors.close()
        return (
            status, (try? Data(contentsOf: outputURL)) ?? Data(),
            String(decoding: (try? Data(contentsOf: errorsURL)) ?? Data(), as: UTF8.self)
        )
    }

    private static func isExecutable(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }
}
