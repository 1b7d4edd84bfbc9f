import Foundation

/// Finds the plugin `.so` that `swift build` wrote for the package under test.
public enum BuiltPlugin {
    /// The path of `lib<product>.so` in the build directory of the running test bundle (or a parent of it).
    ///
    /// `swift build` puts a package's dynamic libraries next to its test bundle, so a plugin's tests find the plugin
    /// they belong to wherever the build directory is (`--scratch-path` included).
    /// - Parameter product: the dynamic-library product's name, e.g. `AcmePlugin` for `libAcmePlugin.so`.
    /// - Throws: ``BuiltPluginError`` naming the file and what to run when it was not built.
    public static func path(product: String) throws -> String {
        let fileName = "lib\(product).so"
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent(fileName).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
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
