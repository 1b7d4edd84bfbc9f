#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file's device and inode: the same file reached by two paths (a symlink, a second directory) has one identity.
struct FileIdentity: Hashable, Sendable {
    let device: UInt64
    let inode: UInt64

    /// The identity of the file at `path` after following symlinks, or the `errno` text when it cannot be read.
    static func of(_ path: String) -> Result<FileIdentity, SystemFailure> {
        var status = stat()
        guard stat(path, &status) == 0 else { return .failure(SystemFailure.current()) }
        return .success(FileIdentity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino)))
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
