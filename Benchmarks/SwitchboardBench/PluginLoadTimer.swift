import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Times `PluginLoader.load` of one plugin file, each time in a fresh `switchboard-bench --load-once` process.
///
/// A cold load first evicts the file from the page cache (`posix_fadvise(POSIX_FADV_DONTNEED)`; nothing else maps it
/// between runs), so `dlopen` reads it from disk; a warm load finds it cached by the run before.
struct PluginLoadTimer {
    /// This benchmark executable, which serves `--load-once`.
    let executable: String
    /// The plugin's `.so`.
    let path: String

    /// `count` load times in nanoseconds, sorted.
    func samples(_ count: Int, evictingFirst: Bool) throws -> [Double] {
        var samples: [Double] = []
        for _ in 0..<count {
            if evictingFirst { evict() }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["--load-once", path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            if let value = Double(output.trimmingCharacters(in: .whitespacesAndNewlines)) { samples.append(value) }
        }
        return samples.sorted()
    }

    /// Drops the file's pages from the page cache.
    private func evict() {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return }
        fdatasync(descriptor)
        _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED)
        close(descriptor)
    }
}
