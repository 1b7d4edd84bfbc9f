import SwitchboardKit
import Testing

/// Settings declared once (`Setting`, `HTTPSettings`): the manifest's descriptors and the values and errors the
/// same declaration reads.
@Suite("Declared settings")
struct DeclaredSettingTests {
    static let region = Setting.string("region", "The region to call", default: "eu")
        .checked { ["eu", "us"].contains($0) ? nil : "must be eu or us; found \"\($0)\"" }
    static let retries = Setting.positiveInteger("retries", "How often to retry", default: 2, unit: "retries")

    private func context(_ settings: JSONValue, variables: [String: String] = [:]) -> ProviderContext {
        ProviderContext(
            name: "acme", settings: settings,
            host: HostServices(transport: ScriptedTransport(chunks: []), secret: { variables[$0] }))
    }

    @Test func aCheckedSettingReadsItsDefaultAndRefusesAValueItsCheckFindsWrong() throws {
        #expect(try context([:])[Self.region] == "eu")
        #expect(try context(["region": "us"])[Self.region] == "us")
        #expect {
            try context(["region": "mars"])[Self.region]
        } throws: { error in
            (error as? ProviderError)?.message == #"setting "region" of provider "acme" must be eu or us; found "mars""#
        }
        #expect(Self.region.descriptors.map(\.name) == ["region"])
        #expect(Self.region.descriptors.first?.defaultValue == "eu")
    }

    @Test(
        arguments: [
            (JSONValue.number(0), "found 0.0"), (.number(2.5), "found 2.5"), (.string("3"), "found a string"),
        ])
    func aPositiveIntegerRefusesAnythingElseNamingTheSettingAndTheValue(value: JSONValue, found: String) {
        #expect {
            try context(["retries": value])[Self.retries]
        } throws: { error in
            (error as? ProviderError)?.message
                == #"setting "retries" of provider "acme" must be a positive whole number of retries; "# + found
        }
    }

    @Test func aPositiveIntegerIsItsDefaultWhenAbsentOrNull() throws {
        #expect(try context([:])[Self.retries] == 2)
        #expect(try context(["retries": nil])[Self.retries] == 2)
        #expect(try context(["retries": 5])[Self.retries] == 5)
        #expect(Self.retries.descriptors.first?.type == "integer")
    }

    @Test func aPassthroughSettingIsSentAsGivenOrRefusedWithWhatItMustBe() throws {
        let order = Setting.passthrough(
            "order", type: "array", "Sent as given", expected: "an array of strings"
        ) { $0.arrayValue?.allSatisfy { $0.stringValue != nil } == true }
        #expect(try context(["order": ["a", "b"]])[order] == ["a", "b"])
        #expect(try context([:])[order] == nil)
        #expect {
            try context(["order": ""])[order]
        } throws: { error in
            (error as? ProviderError)?.message
                == #"setting "order" of provider "acme" must be an array of strings; found an empty string"#
        }
    }

    @Test func httpSettingsTryEachKeyVariableInOrderAndSayWhatAnInstanceWithoutAKeyDoes() throws {
        let settings = HTTPSettings(
            baseURL: "https://api.acme.example", apiKeyVariables: "ACME_KEY", "ACME_OTHER_KEY",
            keyRequirement: .required)
        #expect(
            settings.descriptors.map(\.name) == ["base_url", "api_key", "api_key_env", "headers", "timeout_seconds"])
        let keyDescription = settings.descriptors[1].description
        #expect(keyDescription.hasSuffix("else ACME_KEY, else ACME_OTHER_KEY; without a key the instance is refused"))
        #expect(try context([:], variables: ["ACME_OTHER_KEY": "k2"])[settings.apiKey] == "k2")
        #expect(try context([:], variables: ["ACME_KEY": "k1", "ACME_OTHER_KEY": "k2"])[settings.apiKey] == "k1")
        #expect(
            settings.missingKey(provider: "acme").message
                == #"provider "acme" has no API key: set "api_key", name a variable in "api_key_env", "#
                + "or set ACME_KEY or ACME_OTHER_KEY")
    }
}
