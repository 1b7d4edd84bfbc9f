import Foundation
import Switchboard
import SwitchboardKit
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Trusted plugin paths and pinned checksums, checked with real files, modes and owners.
@Suite struct PluginTrustPolicyTests {
    /// A directory holding one freshly compiled C plugin, with the modes a test sets.
    struct Installed {
        let directory: String
        let file: String
        let id: String

        init() throws {
            directory = try TestSupport.makeTemporaryDirectory()
            id = TestSupport.uniqueID("trusted")
            file = try TestSupport.buildCPlugin(named: "\(id).so", in: directory, defines: ["PLUGIN_ID=\"\(id)\""])
            chmod(directory, 0o755)
            chmod(file, 0o755)
        }

        func remove() { TestSupport.removeDirectory(directory) }
    }

    private func load(_ path: String, _ policy: PluginTrustPolicy) -> Result<LoadedPlugin, PluginLoadError> {
        PluginLoader(configuration: .init(optionalDirectories: [], trust: policy)).load(path)
    }

    @Test func aPrivateFileInAPrivateDirectoryLoads() throws {
        let installed = try Installed()
        defer { installed.remove() }
        let plugin = try load(installed.file, PluginTrustPolicy()).get()
        #expect(plugin.id == installed.id)
    }

    @Test func aWorldWritableFileIsRefusedWithItsModeAndTheFix() throws {
        let installed = try Installed()
        defer { installed.remove() }
        chmod(installed.file, 0o666)
        let error = try #require(load(installed.file, PluginTrustPolicy()).failure)
        #expect(error.code == .untrustedPath)
        #expect(error.path == installed.file)
        #expect(error.message.contains("writable by group and others"))
        #expect(error.message.contains("mode 0666"))
        #expect(error.message.contains("chmod go-w \(installed.file)"))
        #expect(error.message.contains("plugins.allow_untrusted_paths"))
    }

    @Test func aGroupWritableDirectoryIsRefusedAndNamed() throws {
        let installed = try Installed()
        defer { installed.remove() }
        chmod(installed.directory, 0o775)
        let error = try #require(load(installed.file, PluginTrustPolicy()).failure)
        #expect(error.code == .untrustedPath)
        #expect(error.message.contains("plugin directory \(installed.directory) is writable by group ("))
        #expect(error.message.contains("mode 0775"))
    }

    @Test func aSymlinkIsJudgedByTheFileItPointsTo() throws {
        let installed = try Installed()
        let elsewhere = try TestSupport.makeTemporaryDirectory()
        defer {
            installed.remove()
            TestSupport.removeDirectory(elsewhere)
        }
        chmod(installed.directory, 0o777)
        let link = elsewhere + "/link.so"
        #expect(symlink(installed.file, link) == 0)
        let error = try #require(load(link, PluginTrustPolicy()).failure)
        #expect(error.code == .untrustedPath)
        #expect(error.path == link)
        #expect(error.message.contains("plugin directory \(installed.directory) is writable by group and others"))
    }

    @Test func aFileOwnedByAnotherUserIsRefused() throws {
        let installed = try Installed()
        defer { installed.remove() }
        // Root may give the file away; anyone else tests the same rule by claiming to be another user.
        let stranger: UInt32 = 4321
        let policy: PluginTrustPolicy
        if getuid() == 0 {
            #expect(chown(installed.file, stranger, gid_t(getgid())) == 0)
            policy = PluginTrustPolicy()
        } else {
            policy = PluginTrustPolicy(currentUserID: stranger)
        }
        let error = try #require(load(installed.file, policy).failure)
        #expect(error.code == .untrustedPath)
        #expect(error.message.contains("is owned by uid"))
        #expect(error.message.contains("neither this user"))
    }

    @Test func aFileOwnedByRootIsTrustedWhateverTheCurrentUser() throws {
        let installed = try Installed()
        defer { installed.remove() }
        guard getuid() == 0 else { return }
        let plugin = try load(installed.file, PluginTrustPolicy(currentUserID: 4321)).get()
        #expect(plugin.id == installed.id)
    }

    @Test func allowUntrustedPathsLoadsAWorldWritableFile() throws {
        let installed = try Installed()
        defer { installed.remove() }
        chmod(installed.file, 0o666)
        chmod(installed.directory, 0o777)
        let plugin = try load(installed.file, PluginTrustPolicy(allowUntrustedPaths: true)).get()
        #expect(plugin.id == installed.id)
    }

    @Test func aMatchingChecksumLoadsByPluginIDOrFileName() throws {
        let installed = try Installed()
        defer { installed.remove() }
        let digest = try sha256sum(installed.file)
        #expect(
            try load(installed.file, PluginTrustPolicy(checksums: [installed.id: digest.uppercased()])).get().id
                == installed.id)
        #expect(
            try load(installed.file, PluginTrustPolicy(checksums: ["\(installed.id).so": digest])).get().id
                == installed.id)
    }

    @Test func aChecksumMismatchIsRefusedShowingBothDigests() throws {
        let installed = try Installed()
        defer { installed.remove() }
        let found = try sha256sum(installed.file)
        let pinned = String(repeating: "ab", count: 32)
        let error = try #require(load(installed.file, PluginTrustPolicy(checksums: [installed.id: pinned])).failure)
        #expect(error.code == .checksumMismatch)
        #expect(error.message.contains("expected SHA-256 \(pinned)"))
        #expect(error.message.contains("found \(found)"))
    }

    @Test func aChecksumIsCheckedEvenWhenTheFileIsAlreadyLoaded() throws {
        let installed = try Installed()
        defer { installed.remove() }
        _ = try load(installed.file, PluginTrustPolicy()).get()
        let error = try #require(
            load(installed.file, PluginTrustPolicy(checksums: [installed.id: String(repeating: "0", count: 64)]))
                .failure)
        #expect(error.code == .checksumMismatch)
    }

    @Test func aScanReportsTheRefusalWithTheReason() throws {
        let installed = try Installed()
        defer { installed.remove() }
        chmod(installed.file, 0o646)
        let scan = PluginLoader(configuration: .init(directories: [installed.directory], optionalDirectories: []))
            .scan()
        #expect(scan.loaded.isEmpty)
        let failure = try #require(scan.failures.first)
        #expect(failure.code == .untrustedPath)
        #expect(failure.description.contains("writable by others (mode 0646"))
    }

    /// The digest `sha256sum` prints, computed by the system tool so the test does not trust the code under test.
    private func sha256sum(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return String(text.prefix(64))
    }
}

extension Result {
    /// The failure, or nil on success.
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
