import SwitchboardKit
import Testing

@Suite("secret policy")
struct SecretPolicyTests {
    // MARK: Setting names

    @Test(
        "setting names that hold secrets",
        arguments: [
            "api_key", "apiKey", "APIKey", "x-api-key", "auth_token", "access_token", "client_secret", "password",
            "db_password", "private_key", "authorization", "auth", "cookie", "credentials", "refresh_token",
            "accessToken", "passphrase", "request_signature",
        ])
    func secretNames(name: String) {
        #expect(SecretPolicy.isSecretName(name), "\(name) should be secret")
    }

    @Test(
        "setting names that do not hold secrets",
        arguments: [
            "base_url", "max_tokens", "max_output_tokens", "first_token_ms", "model", "api_key_env", "auth_token_env",
            "timeout_seconds", "headers", "env", "author", "keys_count", "tokenizer",
        ])
    func plainNames(name: String) {
        #expect(!SecretPolicy.isSecretName(name), "\(name) should not be secret")
    }

    // MARK: Setting paths

    @Test("a setting the manifest declares secret is secret with everything nested in it")
    func manifestDeclared() {
        let manifest = PluginManifest(
            id: "vault", name: "Vault", version: "1",
            settings: [SettingDescriptor(name: "connection", type: "object", description: "", secret: true)])
        let policy = SecretPolicy(manifests: [manifest])
        #expect(policy.declaredSecretSettings == ["vault": ["connection"]])
        #expect(policy.isSecretSetting(["connection"], plugin: "vault"))
        #expect(policy.isSecretSetting(["connection", "nested", "deeper"], plugin: "vault"))
        // Another plugin's setting of the same name is not secret by that declaration.
        #expect(!policy.isSecretSetting(["connection", "nested"], plugin: "other"))
        #expect(!policy.isSecretSetting(["model"], plugin: "vault"))
        #expect(!policy.isSecretSetting([], plugin: "vault"))
    }

    @Test("every value of an environment map is secret; its names are not")
    func environmentMaps() {
        let policy = SecretPolicy()
        for name in [
            "ANTHROPIC_API_KEY", "OPENAI_API_KEY", "AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN", "SENTRY_DSN", "LANG",
        ] {
            #expect(policy.isSecretSetting(["env", name], plugin: "claude-code"), "env.\(name)")
            #expect(policy.isSecretSetting(["environment", name], plugin: nil), "environment.\(name)")
        }
        #expect(!policy.isSecretSetting(["env"], plugin: nil))
    }

    @Test("credential headers are secret; other headers are not")
    func headers() {
        let policy = SecretPolicy()
        for name in [
            "Authorization", "Proxy-Authorization", "x-api-key", "api-key", "x-goog-api-key", "Cookie", "X-Auth-Token",
            "x-session-id", "Ocp-Apim-Subscription-Key",
        ] {
            #expect(SecretPolicy.isCredentialHeader(name), "\(name)")
            #expect(policy.isSecretSetting(["headers", name], plugin: "openai"), "headers.\(name)")
        }
        for name in ["content-type", "x-title", "anthropic-version", "user-agent", "HTTP-Referer"] {
            #expect(!SecretPolicy.isCredentialHeader(name), "\(name)")
            #expect(!policy.isSecretSetting(["headers", name], plugin: "openai"), "headers.\(name)")
        }
    }

    @Test("secret names are secret at any depth")
    func nestedNames() {
        let policy = SecretPolicy()
        #expect(policy.isSecretSetting(["auth", "user"], plugin: nil))
        #expect(policy.isSecretSetting(["proxy", "password"], plugin: nil))
        #expect(!policy.isSecretSetting(["proxy", "host"], plugin: nil))
    }

    @Test(
        "variables that hold secrets",
        arguments: [
            ("OPENAI_API_KEY", true), ("GITHUB_TOKEN", true), ("AWS_SECRET_ACCESS_KEY", true), ("PGPASSWORD", true),
            ("SENTRY_DSN", true), ("NPM_AUTH", true), ("HOME", false), ("OPENAI_BASE_URL", false),
        ])
    func variables(name: String, secret: Bool) {
        #expect(SecretPolicy.isSecretVariable(name) == secret, "\(name)")
    }

    // MARK: URLs

    @Test(
        "URL credentials are redacted, the rest kept",
        arguments: [
            ("https://user:pa55word@example.com/v1", "https://user:[redacted]@example.com/v1"),
            ("https://ghp_TOKEN@github.com/org/repo.git", "https://[redacted]@github.com/org/repo.git"),
            (
                "https://generativelanguage.googleapis.com/v1beta/models/x:streamGenerateContent?alt=sse&key=AIzaSECRET",
                "https://generativelanguage.googleapis.com/v1beta/models/x:streamGenerateContent?alt=sse&key=[redacted]"
            ),
            (
                "https://blob.example/c?sv=2020&sig=abc%2Fdef&se=2030",
                "https://blob.example/c?sv=2020&sig=[redacted]&se=2030"
            ),
            (
                "https://s3.example/o?X-Amz-Credential=AKIA&X-Amz-Signature=ffff&x-id=GetObject",
                "https://s3.example/o?X-Amz-Credential=[redacted]&X-Amz-Signature=[redacted]&x-id=GetObject"
            ),
            (
                "https://app.example/cb#access_token=tok&state=1",
                "https://app.example/cb#access_token=[redacted]&state=1"
            ),
            ("postgres://sb:hunter2@db:5432/ledger", "postgres://sb:[redacted]@db:5432/ledger"),
            ("/v1/models?api_key=abc&limit=5", "/v1/models?api_key=[redacted]&limit=5"),
            ("http://127.0.0.1:8080/v1", "http://127.0.0.1:8080/v1"),
            ("https://example.com/a#section", "https://example.com/a#section"),
        ])
    func urls(url: String, expected: String) {
        #expect(SecretPolicy.redactingURL(url) == expected)
    }

    @Test("a custom mask replaces each secret")
    func customMask() {
        #expect(SecretPolicy.redactingURL("http://u:p@h/?token=t", mask: "***") == "http://u:***@h/?token=***")
    }

    @Test(
        "malformed URLs neither crash nor leak",
        arguments: [
            "://", "http://", "http://@", "http://:@", "http://u:@h", "http://u:LEAK@", "?", "?=", "?key", "?key=",
            "?key=LEAK&", "&&&", "http://[::1]:LEAK@", "ht tp://u:LEAK@h", "http://u:LEAK@h?key=LEAK#token=LEAK",
            "http://u:LEAK@h:notaport/%zz?%zz=1&key=LEAK", "\u{0}http://u:LEAK@h", "http://u:LEAK@h/é?clé=1&key=LEAK",
        ])
    func malformed(url: String) {
        let redacted = SecretPolicy.redactingURL(url)
        #expect(!redacted.contains("LEAK"), "\(url) became \(redacted)")
        #expect(!SecretPolicy.redactingURLs(in: "before \(url) after").contains("LEAK"))
    }

    @Test("URLs and bearer tokens in free text are redacted")
    func freeText() {
        let text = #"request to "https://u:pw@api.example/v1?key=k1" failed; Authorization: Bearer sk-live-123 (retry)"#
        #expect(
            SecretPolicy.redactingURLs(in: text)
                == #"request to "https://u:[redacted]@api.example/v1?key=[redacted]" failed; Authorization: Bearer [redacted] (retry)"#
        )
        #expect(SecretPolicy.redactingURLs(in: "nothing to see here") == "nothing to see here")
        #expect(SecretPolicy.redactingURLs(in: "is this a question? yes") == "is this a question? yes")
        #expect(SecretPolicy.redactingURLs(in: "Basic dXNlcjpwYXNz\nnext") == "Basic [redacted]\nnext")
    }

    @Test("known secret values are redacted wherever they appear")
    func values() {
        #expect(
            SecretPolicy.redacting("key sk-1 and sk-1 again", secrets: ["sk-1", ""])
                == "key [redacted] and [redacted] again")
        #expect(HTTPErrorMapping.redacting("at http://u:pw@h/", secrets: []) == "at http://u:[redacted]@h/")
    }
}
