/// One file of the plugin template: its path inside the package and its text.
public struct TemplateFile: Sendable, Hashable {
    /// The path relative to the package root, e.g. `Sources/SkeletonPlugin/SkeletonPlugin.swift`.
    public var path: String
    /// The file's UTF-8 text.
    public var contents: String

    /// Creates a file.
    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}
