import Foundation
@testable import Switchboard
import SwitchboardKit
import Testing

@Suite("YAML reader")
struct YAMLReaderTests {
    @Test("a syntax error carries libyaml's reason and its file:line:column")
    func syntaxError() throws {
        let error = try #require(
            ConfigurationFixtures.error("version: 1\nproviders:\n  openai:\n    plugin: [openai\n  bad: x\n"))
        #expect(error.code == .syntax)
        #expect(error.description.hasPrefix("config.yaml:5:"))
        #expect(error.message.contains("YAML syntax error"))
        #expect(error.message.contains("while parsing a flow sequence"))
    }

    @Test("a mapping value in the wrong place reports libyaml's problem")
    func mappingValueNotAllowed() throws {
        let error = try #require(ConfigurationFixtures.error("version: 1\nrouting: strategy: auto\n"))
        #expect(
            error.description
                == "config.yaml:2:18: YAML syntax error: mapping values are not allowed in this context; fix the YAML at this position"
        )
    }

    @Test("an empty file is an error")
    func emptyFile() throws {
        for text in ["", "# only a comment\n", "---\n", "\n\n"] {
            let error = try #require(ConfigurationFixtures.error(text))
            #expect(error.code == .syntax)
            #expect(error.description.hasPrefix("config.yaml:1:1: file is empty"))
        }
    }

    @Test("an empty file on disk names the file")
    func emptyFileOnDisk() throws {
        let directory = try ConfigurationTemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("switchboard.yaml", "")
        let loader = ConfigurationLoader(
            environment: [:], currentDirectory: directory.path, homeDirectory: directory.path)
        let error = try #require(throws: ConfigurationError.self) { try loader.load(file: file) }
        #expect(error.description.hasPrefix("\(file):1:1: file is empty"))
    }

    @Test("non-UTF-8 input is rejected with the position of the first bad byte")
    func nonUTF8() throws {
        let directory = try ConfigurationTemporaryDirectory()
        defer { directory.remove() }
        let bytes = Array("version: 1\nplugins:\n  disable: [ab".utf8) + [0xFF, 0xFE] + Array("]\n".utf8)
        let file = try directory.write("switchboard.yaml", bytes: bytes)
        let loader = ConfigurationLoader(
            environment: [:], currentDirectory: directory.path, homeDirectory: directory.path)
        let error = try #require(throws: ConfigurationError.self) { try loader.load(file: file) }
        #expect(error.code == .encoding)
        #expect(error.description.hasPrefix("\(file):3:15: file is not valid UTF-8: byte 0xFF at offset 34"))
    }

    @Test("a 10 MB file hits the size limit before it is read")
    func sizeLimit() throws {
        let directory = try ConfigurationTemporaryDirectory()
        defer { directory.remove() }
        let line = "# " + String(repeating: "x", count: 1021) + "\n"
        let text = "version: 1\n" + String(repeating: line, count: 10 * 1024)
        let file = try directory.write("big.yaml", text)
        let loader = ConfigurationLoader(
            environment: [:], currentDirectory: directory.path, homeDirectory: directory.path)
        let error = try #require(throws: ConfigurationError.self) { try loader.load(file: file) }
        #expect(error.code == .limits)
        #expect(error.description.hasPrefix("\(file): file is 10.0 MiB ("))
        #expect(error.message.contains("larger than the 4 MiB limit"))
        // The reader enforces the same limit on bytes handed to it directly.
        let direct = try #require(throws: ConfigurationError.self) { try YAMLReader().parse(text, file: "big.yaml") }
        #expect(direct.message.contains("larger than the 4 MiB limit"))
    }

    @Test("deep nesting is refused")
    func deepNesting() throws {
        let text =
            "version: 1\nplugins:\n  directories: " + String(repeating: "[", count: 200)
            + String(repeating: "]", count: 200) + "\n"
        let error = try #require(ConfigurationFixtures.error(text))
        #expect(error.code == .limits)
        #expect(error.description.hasPrefix("config.yaml:3:"))
        #expect(error.message.contains("nesting is deeper than 64 levels"))
        // 60 levels are fine for the reader.
        let fine = "a: " + String(repeating: "[", count: 60) + String(repeating: "]", count: 60)
        _ = try YAMLReader().parse(fine)
    }

    @Test("an alias bomb fails fast")
    func aliasBomb() throws {
        var text = "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
        for (index, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].enumerated() {
            let previous = index == 0 ? "a" : ["b", "c", "d", "e", "f", "g", "h"][index - 1]
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        let error = try #require(ConfigurationFixtures.error(text))
        #expect(error.code == .limits)
        #expect(error.message.hasPrefix("alias expansion exceeds 100000 nodes (possible alias bomb)"))
        #expect(error.description.hasPrefix("config.yaml:5:36: e[7]: alias expansion exceeds"))
    }

    @Test("anchors, aliases and merge keys resolve into plain values")
    func anchorsAndMerges() throws {
        let text = """
            defaults: &defaults
              plugin: openai
              local: false
              priority: 1
            local: &local
              local: true
            x:
              <<: *defaults
              priority: 9
            y:
              <<: [*local, *defaults]
            z: *defaults
            """
        let root = try YAMLReader().parse(text, file: "a.yaml")
        #expect(root["x"]?.jsonValue == ["plugin": "openai", "local": false, "priority": 9])
        #expect(root["y"]?.jsonValue == ["plugin": "openai", "local": true, "priority": 1])
        #expect(root["z"]?.jsonValue == root["defaults"]?.jsonValue)
        #expect(root["x"]?["priority"]?.mark == YAMLNode.Mark(line: 9, column: 13))
        #expect(root["x"]?.pairs?.map { $0.key.scalar } == ["priority", "plugin", "local"])
    }

    @Test("anchors and merge keys work in a configuration")
    func mergeInConfiguration() throws {
        let text = """
            version: 1
            providers:
              a: &base {plugin: openai, local: true, priority: 3, settings: {base_url: "http://x"}}
              b:
                <<: *base
                priority: 7
            """
        let configuration = try ConfigurationFixtures.load(text)
        let b = try #require(configuration.provider(named: "b"))
        #expect(b.plugin == "openai")
        #expect(b.local)
        #expect(b.priority == 7)
        #expect(b.settings == ["base_url": "http://x"])
    }

    @Test("an undefined alias is an error")
    func undefinedAlias() throws {
        let error = try #require(ConfigurationFixtures.error("version: 1\nproviders: *nothing\n"))
        #expect(
            error.description
                == "config.yaml:2:12: providers: alias `*nothing` refers to an anchor that is not defined before it; define `&nothing` first"
        )
    }

    @Test("several documents are an error")
    func multipleDocuments() throws {
        let error = try #require(ConfigurationFixtures.error("version: 1\n---\nversion: 1\n"))
        #expect(error.code == .syntax)
        #expect(error.description.hasPrefix("config.yaml:2:1: a second YAML document starts here"))
    }

    @Test("scalars are typed by the YAML 1.2 core schema; quoted ones stay strings")
    func coreSchema() throws {
        let root = try YAMLReader().parse(
            "a: [true, False, ~, null, 12, -3, 0x1F, 0o17, 2.5, 1e3, .inf, yes, on, '12', \"true\", 1.2.3]")
        #expect(
            root["a"]?.jsonValue == [
                true, false, nil, nil, 12, -3, 31, 15, 2.5, 1000, .number(.infinity), "yes", "on", "12", "true",
                "1.2.3",
            ])
    }
}
