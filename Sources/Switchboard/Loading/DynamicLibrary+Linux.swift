#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Thin wrappers over the dynamic loader. There is deliberately no `dlclose`: unloading a library that contains
/// Swift code leaves dangling runtime metadata behind.
enum DynamicLibrary {
    /// Opens `path` with `RTLD_NOW | RTLD_LOCAL`, or returns `dlerror()`'s text.
    static func open(_ path: String) -> Result<UnsafeMutableRawPointer, LoaderMessage> {
        _ = dlerror()
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            return .failure(LoaderMessage(text: lastError() ?? "dlopen failed without a message"))
        }
        return .success(handle)
    }

    /// The address of `symbol` in `handle`, if it exports it.
    static func symbol(_ symbol: String, in handle: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer? {
        _ = dlerror()
        return dlsym(handle, symbol)
    }

    private static func lastError() -> String? {
        dlerror().map { String(cString: $0) }
    }

    /// Reads up to `count` bytes from the start of `path`.
    static func readPrefix(of path: String, count: Int) -> Result<[UInt8], SystemFailure> {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(SystemFailure.current()) }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: count)
        let read = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, count) }
        guard read >= 0 else { return .failure(SystemFailure.current()) }
        return .success(Array(bytes.prefix(read)))
    }
}

/// A message from the dynamic loader.
struct LoaderMessage: Error, Sendable {
    let text: String
}
