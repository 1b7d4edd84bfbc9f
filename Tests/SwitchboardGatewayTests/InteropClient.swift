import Foundation
import SwitchboardKit
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A client script of `Tests/Interop/` run with a python that has the official `openai` and `anthropic` SDKs
/// (`SWITCHBOARD_INTEROP_PYTHON`), and what it printed: one result per case.
struct InteropClient {
    /// The python named by `SWITCHBOARD_INTEROP_PYTHON`, or nil when the variable is unset or empty.
    static let python: String? = {
        guard let path = ProcessInfo.processInfo.environment["SWITCHBOARD_INTEROP_PYTHON"], !path.isEmpty else {
            return nil
        }
        return path
    }()

    /// Why the interop tests are skipped when ``python`` is nil, and how to run them.
    static let howToEnable: Comment = """
        the official-SDK interop tests need SWITCHBOARD_INTEROP_PYTHON, a python with the openai and anthropic SDKs: \
        python3 -m venv .venv-interop && .venv-interop/bin/pip install openai anthropic && \
        SWITCHBOARD_INTEROP_PYTHON=$PWD/.venv-interop/bin/python swift test --filter SDKInteropTests \
        (.ci/run does this in its plain run)
        """

    /// The script, such as `openai_client.py`.
    let script: String

    /// Runs the script's `cases` against `gateway` with gateway key `key`, killing it after `timeout` (a stalled
    /// client fails the test with its output instead of hanging it).
    /// - Returns: the script's results, by case.
    /// - Throws: ``GatewayTestError`` with the script's standard output and error when it does not end within
    ///   `timeout`, exits non-zero, or prints something other than one JSON object.
    func run(
        _ cases: [String], against gateway: ServedGateway, key: String, arguments: [String] = [],
        timeout: Duration = .seconds(45)
    ) async throws -> InteropResults {
        let python = try #require(Self.python, Self.howToEnable)
        let directory = gateway.directory + "/" + script + "-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let stdoutPath = directory + "/stdout", stderrPath = directory + "/stderr"
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments =
            [GatewayTestSupport.packageRoot + "/Tests/Interop/" + script, "--base-url", gateway.baseURL]
            + arguments + ["--cases", cases.joined(separator: ",")]
        // A clean environment: no proxy variables (httpx honours them, and would send 127.0.0.1 through a proxy), no
        // OPENAI_* or ANTHROPIC_* settings the SDKs would read, no user site-packages.
        process.environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": directory,
            "LANG": "C.UTF-8",
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONNOUSERSITE": "1",
            "SWITCHBOARD_INTEROP_KEY": key,
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        let (exited, exit) = AsyncStream.makeStream(of: Void.self)
        process.terminationHandler = { _ in exit.finish() }
        try process.run()

        let finished = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await _ in exited {}
                return !Task.isCancelled
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if !finished, process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let output = (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? ""
        let errors = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: directory)
        let transcript = "standard output:\n\(output)\nstandard error:\n\(errors)\ngateway log:\n\(gateway.log)"
        guard finished else {
            throw GatewayTestError("\(script) did not finish within \(timeout) and was killed\n\(transcript)")
        }
        guard process.terminationStatus == 0 else {
            throw GatewayTestError("\(script) exited with status \(process.terminationStatus)\n\(transcript)")
        }
        let line = output.split(separator: "\n").last.map(String.init) ?? ""
        guard let json = try? JSONParser.parse(line), json.objectValue != nil else {
            throw GatewayTestError("\(script) did not print one JSON object\n\(transcript)")
        }
        return InteropResults(script: script, json: json, transcript: transcript)
    }
}

/// What a client script printed: `{"<case>": {"ok": …} | {"error": …}}`.
struct InteropResults {
    let script: String
    let json: JSONValue
    /// The script's output and the gateway's log, for failure messages.
    let transcript: String

    /// What the SDK returned for `name`; records an issue with what it raised instead when it raised.
    func answer(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONValue {
        let result = try #require(json[name], "\(script) has no result for \(name)", sourceLocation: sourceLocation)
        if let error = result["error"] {
            let traceback = error["traceback"]?.stringValue.map { "\n" + $0 } ?? ""
            Issue.record(
                "\(script) \(name): the SDK raised \(Self.summary(error))\(traceback)", sourceLocation: sourceLocation)
        }
        return try #require(result["ok"], "\(script) \(name): no answer", sourceLocation: sourceLocation)
    }

    /// What the SDK raised for `name`; records an issue with what it returned instead when it did not raise.
    func error(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONValue {
        let result = try #require(json[name], "\(script) has no result for \(name)", sourceLocation: sourceLocation)
        if result["error"] == nil {
            Issue.record("\(script) \(name): the SDK raised nothing: \(result)", sourceLocation: sourceLocation)
        }
        return try #require(result["error"], "\(script) \(name): no error", sourceLocation: sourceLocation)
    }

    /// One line for what an SDK raised: `NotFoundError (404): message`.
    static func summary(_ error: JSONValue) -> String {
        let status = error["status_code"]?.intValue.map { "\($0)" } ?? "no status"
        return "\(error["exception"]?.stringValue ?? "?") (\(status)): \(error["message"]?.stringValue ?? "")"
    }
}
