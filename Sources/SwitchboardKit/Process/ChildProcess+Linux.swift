#if canImport(Glibc)
    import Glibc

    /// The two GNU extensions ``ChildProcess`` needs. Swift's Glibc module is built without `_GNU_SOURCE`, so they are
    /// looked up once by name; glibc has had both since 2.9 and 2.29.
    enum LinuxExtensions {
        private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
        private typealias AddChangeDirectory =
            @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

        private static let pipe2Function: Pipe2? = lookUp("pipe2")
        private static let addChangeDirectoryFunction: AddChangeDirectory? = lookUp(
            "posix_spawn_file_actions_addchdir_np")

        private static func lookUp<Function>(_ name: String) -> Function? {
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
            return unsafeBitCast(symbol, to: Function.self)
        }

        /// `pipe2(2)`: a pipe whose ends get `flags` (`O_CLOEXEC`) atomically, so a child spawned by another thread at
        /// the same moment cannot inherit them.
        static func pipe2(_ ends: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32 {
            guard let pipe2Function else {
                errno = ENOSYS
                return -1
            }
            return pipe2Function(ends, flags)
        }

        /// `posix_spawn_file_actions_addchdir_np(3)`: the child changes to `directory` before it runs the program.
        static func addChangeDirectory(
            _ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ directory: String
        ) -> Int32 {
            guard let addChangeDirectoryFunction else { return ENOSYS }
            return addChangeDirectoryFunction(actions, directory)
        }
    }
#endif
