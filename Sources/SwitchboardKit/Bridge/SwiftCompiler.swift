/// The Swift compiler this code was built with, as `MAJOR.MINOR`.
///
/// The loader cannot notice a plugin built by another compiler (Linux has no Swift ABI stability), so every plugin
/// reports this string in its table and the host compares it with its own.
package enum SwiftCompiler {
    /// `MAJOR.MINOR` of the compiler that built this module.
    public static let version: String = {
        #if compiler(>=7.0)
            "7.0"
        #elseif compiler(>=6.4)
            "6.4"
        #elseif compiler(>=6.3)
            "6.3"
        #elseif compiler(>=6.2)
            "6.2"
        #elseif compiler(>=6.1)
            "6.1"
        #else
            "6.0"
        #endif
    }()
}
