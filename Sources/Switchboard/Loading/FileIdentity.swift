#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file's device and inode, with its size and modification time: the same file reached by two paths (a symlink, a
/// second directory) has one identity, and a file rewritten in place, or a new file that reuses a deleted one's
/// inode, has another.
struct FileIdentity: Hashable, Sendable, Codable {
    let device: UInt64
    let inode: UInt64
    let size: Int64
    let modified: Int64

    /// The identity of the file at `path` after following symlinks, or the `errno` text when it cannot be read.
    static func of(_ path: String) -> Result<FileIdentity, SystemFailure> {
        var status = stat()
        guard stat(path, &status) == 0 else { return .failure(SystemFailure.current()) }
        return .success(
            FileIdentity(
                device: UInt64(status.st_dev), inode: UInt64(status.st_ino), size: Int64(status.st_size),
                modified: Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)))
    }
}

/// The text of the current `errno`.
struct SystemFailure: Error, Sendable {
    let code: Int32
    let text: String

    static func current() -> SystemFailure {
        let code = errno
        return SystemFailure(code: code, text: String(cString: strerror(code)))
    }
}
