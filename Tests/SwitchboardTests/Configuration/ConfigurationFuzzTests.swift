import Foundation
import Switchboard
import Testing

/// A small deterministic generator (SplitMix64), so failures reproduce.
struct ConfigurationFuzzGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Configuration fuzzing")
struct ConfigurationFuzzTests {
    @Test("2000 seeded mutations of the full example either decode or throw ConfigurationError, quickly")
    func mutations() throws {
        var random = ConfigurationFuzzGenerator(state: 0x5157_4348_424F_4152)
        let original = Array(ConfigurationFixtures.fullExample.utf8)
        let interesting = Array("{}[]:,-&*!|>'\"%@`#<$\n \t\\?".utf8) + [0x00, 0xC3, 0xFF]
        let loader = ConfigurationLoader(
            environment: ConfigurationFixtures.environment, currentDirectory: "/", homeDirectory: "/home/u")
        let start = ContinuousClock.now
        var decoded = 0
        var rejected = 0
        for iteration in 0..<2000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                guard !bytes.isEmpty else { break }
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<6, using: &random) {
                case 0: bytes[index] = interesting.randomElement(using: &random)!
                case 1: bytes[index] = UInt8.random(in: 0...255, using: &random)
                case 2: bytes.remove(at: index)
                case 3: bytes.insert(interesting.randomElement(using: &random)!, at: index)
                case 4: bytes.removeSubrange(index...)
                default:
                    let end = min(bytes.count, index + Int.random(in: 1...40, using: &random))
                    bytes.insert(contentsOf: bytes[index..<end], at: Int.random(in: 0..<bytes.count, using: &random))
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                _ = try loader.decode(yaml: text, name: "fuzz-\(iteration).yaml")
                decoded += 1
            } catch let error as ConfigurationError {
                #expect(!error.description.isEmpty)
                rejected += 1
            } catch {
                Issue.record("iteration \(iteration): unexpected error \(error)")
            }
        }
        #expect(decoded + rejected == 2000)
        #expect(decoded > 0 && rejected > 0)
        #expect(ContinuousClock.now - start < .seconds(60))
    }
}
