import Foundation

/// Finds what `swift build` wrote for the package under test: its plugin `.so` files and its executables.
///
/// This is the one build-directory lookup of the package and of the plugins made from its template: it starts at the
/// directory of the running test bundle and walks up, so it finds the build directory wherever it is — the default
/// `.build/<triple>/debug`, or a `--scratch-path` such as the sanitizer builds' `.build-thread` and `.build-address`.
public enum BuiltPlugin {
    /// The path of `lib<product>.so` in the build directory of the running test bundle (or a parent of it).
    ///
    /// `swift build` puts a package's dynamic libraries next to its test bundle, so a plugin's tests find the plugin
    /// they belong to wherever the build directory is (`--scratch-path` included).
    /// - Parameter product: the dynamic-library product's name, e.g. `AcmePlugin` for `libAcmePlugin.so`.
    /// - Returns: the absolute path of the shared object.
    /// - Throws: ``BuiltPluginError`` naming the file and what to run when it was not built.
    public static func path(product: String) throws -> String {
        let fileName = "lib\(product).so"
        return try buildDirectory(containing: fileName) + "/" + fileName
    }

    /// The build directory of the running test bundle: the first of its directory and that directory's parents that
    /// holds `fileName`.
    ///
    /// The test runner may be the test bundle itself or a helper inside the build directory, so the search walks up
    /// from the directory of `/proc/self/exe` (symbolic links resolved) until it finds `fileName`.
    /// - Parameter fileName: a file the build writes into its build directory, e.g. `libAcmePlugin.so`.
    /// - Returns: the absolute path of the directory holding `fileName`, without a trailing slash.
    /// - Throws: ``BuiltPluginError`` naming the file, where it was looked for and what to run when it was not built.
    public static func buildDirectory(containing fileName: String) throws -> String {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent(fileName).path) {
                return directory.path
            }
            directory = directory.deletingLastPathComponent()
        }
        throw BuiltPluginError(
            "\(fileName) was not found next to the test bundle (\(executable.deletingLastPathComponent().path)) or above "
                + "it; run `swift build` before `swift test`, so the plugin's shared object exists"
        )
    }
}

/// The plugin's shared object is not where the build puts it.
public struct BuiltPluginError: Error, CustomStringConvertible {
    /// What is missing and what to do.
    public var description: String

    init(_ description: String) { self.description = description }
}
