import Foundation
import SwitchboardKit
import Testing

@testable import Switchboard

/// Plugin discovery in the scanner process (`switchboard plugin-scan`): plugins written in C that crash, hang or exit
/// while loading are refused by name and the others load; the results are cached by file identity; and no file is
/// mapped into the host until an instance of it is created.
@Suite struct PluginScannerTests {
    /// A directory with a well-behaved C plugin and, optionally, one that misbehaves; a scanner with its own cache.
    struct Fixture {
        let directory: String
        let good: String
        let goodID: String
        let cache: String

        init(misbehaving: String? = nil) throws {
            directory = try TestSupport.makeTemporaryDirectory()
            try FileManager.default.createDirectory(atPath: directory + "/plugins", withIntermediateDirectories: true)
            goodID = TestSupport.uniqueID("good")
            good = try TestSupport.buildCPlugin(
                named: "\(goodID).so", in: directory + "/plugins", defines: ["PLUGIN_ID=\"\(goodID)\""])
            if let misbehaving {
                let id = TestSupport.uniqueID("bad")
                try TestSupport.buildCPlugin(
                    named: "\(id).so", in: directory + "/plugins",
                    defines: ["PLUGIN_ID=\"\(id)\"", "MISBEHAVE=\"\(misbehaving)\""])
            }
            cache = directory + "/cache/plugin-cache"
        }

        /// Scans the directory on a thread of its own: the scan waits for scanner processes, and the cooperative
        /// pool (two threads here) is left to the tests running beside this one.
        func scan(timeout: Duration = .seconds(5)) async -> PluginLoader.Scan {
            let loader = loader(timeout: timeout)
            return await withCheckedContinuation { continuation in
                Thread.detachNewThread { continuation.resume(returning: loader.scan()) }
            }
        }

        func loader(timeout: Duration = .seconds(5)) -> PluginLoader {
            PluginLoader(
                configuration: .init(
                    directories: [directory + "/plugins"], optionalDirectories: [],
                    scanner: PluginScanner(
                        executable: TestSupport.buildDirectory + "/switchboard", timeout: timeout, cachePath: cache)))
        }

        func remove() { TestSupport.removeDirectory(directory) }
    }

    @Test(arguments: [
        ("entry_segfault", "crashed_while_loading", "crashed while loading (SIGSEGV)"),
        ("manifest_segfault", "crashed_while_loading", "crashed while loading (SIGSEGV)"),
        ("manifest_exit", "crashed_while_loading", "exited with status 0 while loading, before answering"),
        ("entry_hang", "load_timed_out", "did not answer within 1 s"),
    ])
    func aPluginThatDiesOrHangsWhileLoadingIsRefusedByNameAndTheOthersLoad(
        misbehaviour: String, code: String, message: String
    ) async throws {
        let fixture = try Fixture(misbehaving: misbehaviour)
        defer { fixture.remove() }
        // A short bound for the hang; the default for the others (a process that exits under ThreadSanitizer
        // lingers a second in its exit handlers).
        let scan = await fixture.scan(timeout: code == "load_timed_out" ? .seconds(1) : .seconds(5))
        #expect(scan.loaded.map(\.id) == [fixture.goodID])
        let failure = try #require(scan.failures.first, "\(scan.failures)")
        #expect(scan.failures.count == 1)
        #expect(failure.code.rawValue == code)
        #expect(failure.path.hasSuffix(".so") && failure.path.contains("/bad-"))
        #expect(failure.description.contains(message), "\(failure)")
        // The bad file came first (its name sorts before the good one's), so a second scanner read the good one.
        #expect(scan.scannerProcesses == 2)
    }

    @Test func aWarmStartSpawnsNoScannerAndKeepsRefusalsUntilTheFileChanges() async throws {
        let fixture = try Fixture(misbehaving: "entry_segfault")
        defer { fixture.remove() }
        let cold = await fixture.scan()
        #expect(cold.scannerProcesses == 2)
        #expect(cold.cacheProblem == nil)
        let warm = await fixture.scan()
        #expect(warm.scannerProcesses == 0)
        #expect(warm.loaded.map(\.id) == [fixture.goodID])
        #expect(warm.failures.map(\.code) == [.crashedWhileLoading])

        // A changed file (here, only its modification time) is scanned again; the others still come from the cache.
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: fixture.good)
        let touched = await fixture.scan()
        #expect(touched.scannerProcesses == 1)
        #expect(touched.loaded.map(\.id) == [fixture.goodID])
    }

    @Test(arguments: [
        "not json at all",
        #"{"format":"someone-elses-cache/9","host":"x","entries":[]}"#,
        #"{"format":"switchboard-plugin-cache/1","host":"Swift 0.0; ABI 0.0","entries":[]}"#,
    ])
    func aCorruptOrForeignCacheIsIgnoredAndRebuilt(contents: String) async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try FileManager.default.createDirectory(
            atPath: (fixture.cache as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try contents.write(toFile: fixture.cache, atomically: true, encoding: .utf8)
        let scan = await fixture.scan()
        #expect(scan.loaded.map(\.id) == [fixture.goodID])
        #expect(scan.scannerProcesses == 1)
        let rebuilt = try String(contentsOfFile: fixture.cache, encoding: .utf8)
        #expect(rebuilt.contains(PluginScanCache.format))
        #expect(rebuilt.contains(fixture.good))
        let again = await fixture.scan()
        #expect(again.scannerProcesses == 0)
    }

    @Test func aScannedPluginIsMappedOnlyWhenAnInstanceIsCreated() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let plugin = try #require(await fixture.scan().loaded.first)
        #expect(!plugin.isOpen)
        #expect(plugin.manifest.models.map(\.id) == ["c-model"])
        let provider = try plugin.makeProvider(name: "c")
        #expect(plugin.isOpen)
        let response = try await provider.complete(ChatRequest(model: "c-model", messages: [.user("hi")]))
        #expect(response.text == "hello from C")
    }

    @Test func aFileThatChangedIntoAnotherPluginAfterItsScanIsNotOpened() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let plugin = try #require(await fixture.scan().loaded.first)
        try TestSupport.buildCPlugin(
            named: "\(fixture.goodID).so", in: fixture.directory + "/plugins", defines: ["PLUGIN_ID=\"impostor\""])
        let error = #expect(throws: PluginLoadError.self) { try plugin.makeProvider(name: "c") }
        #expect(error?.code == .invalidManifest)
        #expect(
            error?.message.contains("the file changed since it was scanned") == true, "\(String(describing: error))")
    }
}
