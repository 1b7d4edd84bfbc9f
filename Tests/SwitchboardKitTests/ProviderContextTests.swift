import SwitchboardKit
import Testing

@Suite("Provider context")
struct ProviderContextTests {
    static let secretValue = "sk-live-0123456789abcdef"

    /// The variable names the host was asked for, in order.
    final class SecretLookups: Sendable {
        private let names = Locked<[String]>([])
        func record(_ name: String) { names.withLock { $0.append(name) } }
        var asked: [String] { names.withLock { $0 } }
    }

    static func context(
        _ settings: JSONValue,
        variables: [String: String] = [:],
        lookups: SecretLookups = SecretLookups()
    ) -> ProviderContext {
        let host = HostServices(
            transport: ScriptedTransport(chunks: []),
            secret: { name in
                lookups.record(name)
                return variables[name]
            })
        return ProviderContext(name: "lmstudio", settings: settings, host: host)
    }

    // MARK: string

    @Test("string returns the value, or the default when absent or null")
    func stringSetting() throws {
        let context = Self.context(["base_url": "http://localhost:1234/v1", "empty": "", "nothing": nil])
        #expect(try context.string("base_url") == "http://localhost:1234/v1")
        #expect(try context.string("base_url", default: "x") == "http://localhost:1234/v1")
        #expect(try context.string("empty", default: "x") == "")
        #expect(try context.string("missing") == nil)
        #expect(try context.string("missing", default: "fallback") == "fallback")
        #expect(try context.string("nothing", default: "fallback") == "fallback")
    }

    static let nonStrings: [(JSONValue, String)] = [
        (42, "a number"), (true, "a boolean"), (["a"], "an array"), (["k": "v"], "an object"),
    ]

    @Test("string rejects another kind, naming the setting and the provider", arguments: nonStrings)
    func stringWrongKind(value: JSONValue, kind: String) throws {
        let error = try #require(throws: ProviderError.self) {
            try Self.context(["base_url": value]).string("base_url")
        }
        #expect(error.kind == .invalidRequest)
        #expect(error.provider == "lmstudio")
        #expect(error.message == "setting \"base_url\" of provider \"lmstudio\" must be a string; found \(kind)")
    }

    // MARK: number

    @Test("number returns the value, or the default when absent or null")
    func numberSetting() throws {
        let context = Self.context(["timeout": 30, "ratio": 0.25, "nothing": nil])
        #expect(try context.number("timeout") == 30)
        #expect(try context.number("ratio", default: 1) == 0.25)
        #expect(try context.number("missing") == nil)
        #expect(try context.number("missing", default: 60) == 60)
        #expect(try context.number("nothing", default: 60) == 60)
    }

    static let nonNumbers: [(JSONValue, String)] = [
        ("30", "a string"), (false, "a boolean"), ([30], "an array"), (["seconds": 30], "an object"),
    ]

    @Test("number rejects another kind, naming the setting and the provider", arguments: nonNumbers)
    func numberWrongKind(value: JSONValue, kind: String) throws {
        let error = try #require(throws: ProviderError.self) { try Self.context(["timeout": value]).number("timeout") }
        #expect(error.kind == .invalidRequest)
        #expect(error.provider == "lmstudio")
        #expect(error.message == "setting \"timeout\" of provider \"lmstudio\" must be a number; found \(kind)")
    }

    // MARK: stringMap

    @Test("stringMap returns the object's strings, or empty when absent or null")
    func stringMapSetting() throws {
        let context = Self.context(["headers": ["X-Org": "acme", "X-Team": ""], "nothing": nil])
        #expect(try context.stringMap("headers") == ["X-Org": "acme", "X-Team": ""])
        #expect(try context.stringMap("missing") == [:])
        #expect(try context.stringMap("nothing") == [:])
    }

    static let nonObjects: [(JSONValue, String)] = [("x", "a string"), (1, "a number"), (["a"], "an array")]

    @Test("stringMap rejects a non-object", arguments: nonObjects)
    func stringMapNotObject(value: JSONValue, kind: String) throws {
        let error = try #require(throws: ProviderError.self) {
            try Self.context(["headers": value]).stringMap("headers")
        }
        #expect(error.kind == .invalidRequest)
        #expect(
            error.message == "setting \"headers\" of provider \"lmstudio\" must be an object of strings; found \(kind)")
    }

    @Test("stringMap names the entry that is not a string")
    func stringMapEntry() throws {
        let error = try #require(throws: ProviderError.self) {
            try Self.context(["headers": ["X-Org": "acme", "X-Retries": 3]]).stringMap("headers")
        }
        #expect(error.kind == .invalidRequest)
        #expect(error.provider == "lmstudio")
        #expect(
            error.message == "setting \"headers.X-Retries\" of provider \"lmstudio\" must be a string; found a number")
    }

    // MARK: Values never leak

    static let leakCases: [(String, JSONValue, @Sendable (ProviderContext) throws -> Void)] = [
        ("string of an array", ["api_key": [.string(secretValue)]], { _ = try $0.string("api_key") }),
        ("string of an object", ["api_key": ["value": .string(secretValue)]], { _ = try $0.string("api_key") }),
        ("number of a string", ["api_key": .string(secretValue)], { _ = try $0.number("api_key") }),
        ("stringMap of a string", ["headers": .string("Bearer " + secretValue)], { _ = try $0.stringMap("headers") }),
        (
            "stringMap entry of an array", ["headers": ["Authorization": [.string("Bearer " + secretValue)]]],
            { _ = try $0.stringMap("headers") }
        ),
        (
            "secret of an array", ["api_key": [.string(secretValue)]],
            { _ = try $0.secret("api_key", fallbackVariable: nil) }
        ),
        ("secret of a number", ["api_key": 123_456_789], { _ = try $0.secret("api_key", fallbackVariable: nil) }),
        (
            "secret variable of an array", ["api_key_env": [.string(secretValue)]],
            { _ = try $0.secret("api_key", fallbackVariable: nil) }
        ),
    ]

    @Test("an error never includes the setting's value", arguments: leakCases.indices)
    func valueNeverInError(index: Int) throws {
        let (label, settings, access) = Self.leakCases[index]
        let error = try #require(throws: ProviderError.self, "\(label)") { try access(Self.context(settings)) }
        #expect(!error.message.contains(Self.secretValue), "\(label)")
        #expect(!error.message.contains("123456789"), "\(label)")
        #expect(!error.description.contains(Self.secretValue), "\(label)")
        #expect(error.message.contains("lmstudio"), "\(label)")
    }

    // MARK: secret

    @Test("an explicit key wins over its variable and the fallback")
    func secretExplicit() throws {
        let lookups = SecretLookups()
        let context = Self.context(
            ["api_key": "sk-explicit", "api_key_env": "MY_KEY"],
            variables: ["MY_KEY": "sk-from-my-key", "OPENAI_API_KEY": "sk-fallback"],
            lookups: lookups
        )
        #expect(try context.secret("api_key", fallbackVariable: "OPENAI_API_KEY") == "sk-explicit")
        #expect(lookups.asked.isEmpty)
    }

    @Test(
        "<key>_env names the variable the host looks up, before the fallback",
        arguments: [
            ["api_key_env": "MY_KEY"] as JSONValue, ["api_key": "", "api_key_env": "MY_KEY"],
            ["api_key": nil, "api_key_env": "MY_KEY"],
        ])
    func secretVariable(settings: JSONValue) throws {
        let lookups = SecretLookups()
        let context = Self.context(
            settings, variables: ["MY_KEY": "sk-from-my-key", "OPENAI_API_KEY": "sk-fallback"], lookups: lookups)
        #expect(try context.secret("api_key", fallbackVariable: "OPENAI_API_KEY") == "sk-from-my-key")
        #expect(lookups.asked == ["MY_KEY"])
    }

    @Test("an explicit <key>_env is authoritative: an unset variable is not replaced by the fallback")
    func secretVariableUnset() throws {
        let lookups = SecretLookups()
        let context = Self.context(
            ["api_key_env": "UNSET_KEY"], variables: ["OPENAI_API_KEY": "sk-fallback"], lookups: lookups)
        #expect(try context.secret("api_key", fallbackVariable: "OPENAI_API_KEY") == nil)
        #expect(lookups.asked == ["UNSET_KEY"])
    }

    @Test("the fallback variable is used when neither the key nor <key>_env is set")
    func secretFallback() throws {
        let lookups = SecretLookups()
        let context = Self.context(["api_key": ""], variables: ["OPENAI_API_KEY": "sk-fallback"], lookups: lookups)
        #expect(try context.secret("api_key", fallbackVariable: "OPENAI_API_KEY") == "sk-fallback")
        #expect(lookups.asked == ["OPENAI_API_KEY"])
        #expect(try Self.context([:]).secret("api_key", fallbackVariable: "OPENAI_API_KEY") == nil)
    }

    @Test("without a fallback variable and nothing set, the secret is nil and the host is not asked")
    func secretNothing() throws {
        let lookups = SecretLookups()
        #expect(try Self.context([:], lookups: lookups).secret("api_key", fallbackVariable: nil) == nil)
        #expect(lookups.asked.isEmpty)
    }

    // MARK: Host services

    @Test("the context's HTTP client names the instance")
    func httpClientProvider() async throws {
        let transport = ScriptedTransport.failing(with: ProviderError(.connection, "refused"))
        let context = ProviderContext(name: "lmstudio", host: HostServices(transport: transport))
        #expect(context.httpClient().provider == "lmstudio")
        #expect(context.settings == [:])
        await #expect(throws: ProviderError(.connection, "refused", provider: "lmstudio")) {
            _ = try await context.httpClient().data(HTTPRequest(method: "GET", url: "http://localhost"))
        }
    }

    @Test("host services pass log lines through and default to no secrets")
    func hostServices() {
        let lines = Locked<[String]>([])
        let services = HostServices(
            transport: ScriptedTransport(chunks: []),
            log: { level, message in
                lines.withLock { $0.append("\(level.rawValue) \(message)") }
            })
        services.log(.warning, "careful")
        services.log(.trace, "detail")
        #expect(lines.withLock { $0 } == ["4 careful", "0 detail"])
        #expect(services.secret("HOME") == nil)
    }
}
