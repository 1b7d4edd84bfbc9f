import ArgumentParser
import Foundation
import Switchboard

/// `switchboard init`: writes the commented default configuration.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented default configuration file.",
        discussion: """
            Never overwrites an existing file unless --force is given. `switchboard config check` validates the \
            result.

            \(ExitCode.helpText) Exit 1 here means the file exists or cannot be written.
            """
    )

    @Argument(help: "Where to write it.")
    var path = "switchboard.yaml"

    @Flag(help: "Overwrite an existing file.")
    var force = false

    func run() throws {
        if FileManager.default.fileExists(atPath: path) && !force {
            printError("error: \(path) already exists; pass --force to overwrite it")
            throw ExitCode.failure
        }
        do {
            try ConfigurationTemplate.yaml(sections: ConfigurationSection.cli).write(
                toFile: path, atomically: true, encoding: .utf8)
        } catch {
            printError("error: cannot write \(path): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        print("wrote \(path)")
    }
}
