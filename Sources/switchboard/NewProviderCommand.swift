import ArgumentParser
import Foundation
import SwitchboardScaffold

/// `switchboard new-provider NAME`: a new provider plugin package, made from the plugin template.
struct NewProviderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new-provider",
        abstract: "Create a provider plugin package from the plugin template.",
        discussion: """
            Copies the plugin template (compiled into this executable) into a new directory, naming the types, the \
            plugin id, the product and the files after NAME, and prints the commands that build it, test it and \
            install it. docs/writing-a-provider.md walks through the rest.
            """
    )

    @Argument(help: "The provider's name: ASCII letters and digits, words joined by '-' or '_' (e.g. acme-cloud).")
    var name: String

    @Option(help: "The package directory to create; it must not exist (default: ./<Name>Plugin).")
    var output: String?

    @Option(
        help:
            "Where the package gets Switchboard: a checkout's path, or a git URL used at its main branch (default: the checkout this switchboard was built in)."
    )
    var switchboard: String?

    func run() throws {
        let workingDirectory = FileManager.default.currentDirectoryPath
        let scaffold: ProviderScaffold
        do throws(ScaffoldError) {
            let source =
                if let switchboard { try SwitchboardSource(switchboard, relativeTo: workingDirectory) } else {
                    try Self.builtCheckout()
                }
            scaffold = ProviderScaffold(
                name: try ProviderName(name), switchboard: source, switchboardExecutable: Self.runningExecutable)
        } catch {
            throw ValidationError(error.message)
        }
        let directory = URL(
            fileURLWithPath: output ?? scaffold.packageName,
            relativeTo: URL(fileURLWithPath: workingDirectory, isDirectory: true)
        ).standardizedFileURL.path
        do {
            try scaffold.write(to: directory)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        let package = Self.shellQuoted(directory)
        print("Created \(scaffold.packageName), plugin id \"\(scaffold.name.id)\", in \(directory).")
        print("Next: build it, run its conformance tests, and install it into the plugins directory:")
        print("  swift build --package-path \(package)")
        print("  swift test --package-path \(package)")
        print(
            "  switchboard plugins install \(Self.shellQuoted(directory + "/.build/debug/" + scaffold.productFileName))"
        )
    }

    /// The checkout this executable was built in.
    /// - Throws: ``ScaffoldError`` when it was not built in one (an installed binary), asking for `--switchboard`.
    /// This executable's path, symbolic links resolved.
    private static var runningExecutable: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
    }

    private static func builtCheckout() throws(ScaffoldError) -> SwitchboardSource {
        let executable = runningExecutable
        guard let checkout = SwitchboardSource.checkout(containing: executable) else {
            throw ScaffoldError(
                "this switchboard (\(executable)) was not built in a Switchboard checkout, so say where the new package "
                    + "gets Switchboard from: --switchboard PATH (a checkout) or --switchboard URL (a git repository)"
            )
        }
        return checkout
    }

    /// `text` as one shell word.
    private static func shellQuoted(_ text: String) -> String {
        let plain = text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/._-+:@%".contains($0)) }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
