/// The one rule book for what is secret: setting names, the settings a plugin's manifest declares `secret: true`,
/// credential headers, environment maps, and the parts of a URL that carry credentials.
///
/// Every place that shows a configuration, a log line, an error or an answer asks this type; nothing else decides.
/// The name rules are static and pure (plugins use them too); an instance adds what the installed plugins' manifests
/// declare.
///
/// The rules:
/// - A **setting name** is secret when it contains `secret`, `password` or `passwd`, when one of its words (split at
///   `_`, `-`, `.` and camelCase) is `passphrase`, `credential(s)`, `authorization`, `cookie` or `apikey`, or when
///   its last word is `token` (or ends in it), `key`, `auth` or `signature` (`api_key`, `x-api-key`, `auth_token`,
///   `private_key`). A name ending in `_env` names the variable that holds a secret, not the secret, and is shown
///   (`api_key_env`). Counts and timings such as `max_tokens` and `first_token_ms` are not secret.
/// - A **setting the plugin's manifest declares `secret: true`** is secret, with everything nested inside it.
/// - A **header** is a credential when it is `Authorization`, `Proxy-Authorization`, `Cookie`, `Set-Cookie`, or its
///   name contains `key`, `token`, `secret`, `auth`, `password`, `session`, `signature`, `credential` or `cookie`
///   (`x-api-key`, `api-key`, `x-goog-api-key`, `x-auth-token`); a value in a `headers` map named so is secret.
/// - **Every value of an environment map** (a map named `env` or `environment`) is secret, whatever its name:
///   such maps exist to pass credentials to a child process (`ANTHROPIC_API_KEY`, `AWS_SECRET_ACCESS_KEY`,
///   `GITHUB_TOKEN`), and credentials also hide under names no rule can foresee (`SENTRY_DSN`, `DATABASE_URL`). The
///   variables' names stay visible.
/// - A **variable** (`${VAR}`) is secret when its name contains `KEY`, `TOKEN`, `SECRET`, `PASSWORD`, `PASSWD`,
///   `CREDENTIAL`, `AUTH`, `COOKIE` or `DSN`; a value read from one is secret wherever it lands.
/// - In a **URL**, the userinfo's password (or the whole userinfo when it has no password, as in
///   `https://TOKEN@host`) and the values of key-like query or fragment parameters (`key`, `api_key`, `token`,
///   `access_token`, `sig`, `signature`, `X-Amz-Signature`, `password`, …, and every secret setting name) are secret;
///   the scheme, host, port and path are not.
public struct SecretPolicy: Sendable, Hashable {
    /// The text that stands for a secret in free text: log lines, error messages, URLs.
    public static let redacted = "[redacted]"

    /// Plugin id → the names of the top-level settings its manifest declares `secret: true`.
    package var declaredSecretSettings: [String: Set<String>]

    /// A policy that knows what the given plugins declare secret.
    /// - Parameter declaredSecretSettings: plugin id → names of its settings declared `secret: true`.
    public init(declaredSecretSettings: [String: Set<String>] = [:]) {
        self.declaredSecretSettings = declaredSecretSettings
    }

    /// A policy that knows the secret settings every manifest in `manifests` declares.
    public init(manifests: some Sequence<PluginManifest>) {
        var declared: [String: Set<String>] = [:]
        for manifest in manifests {
            declared[manifest.id, default: []].formUnion(manifest.settings.filter(\.secret).map(\.name))
        }
        self.init(declaredSecretSettings: declared)
    }

    /// Names of settings maps whose values are HTTP headers.
    package static let headerMapNames: Set<String> = ["headers", "extra_headers", "default_headers"]
    /// Names of settings maps whose values are environment variables (every value secret).
    package static let environmentMapNames: Set<String> = ["env", "environment"]

    /// Whether the setting at `path` (its keys from the provider's `settings`, e.g. `["env", "ANTHROPIC_API_KEY"]`
    /// or `["headers", "Authorization"]`) of an instance of `plugin` is secret.
    ///
    /// True when the manifest of `plugin` declares `path[0]` secret, when any key on the path has a secret name,
    /// when a key under a headers map names a credential header, or when a key sits under an environment map.
    /// - Parameters:
    ///   - path: the keys from `settings` down to the value; list positions are left out.
    ///   - plugin: the plugin id of the instance, when known.
    package func isSecretSetting(_ path: [String], plugin: String?) -> Bool {
        guard let first = path.first else { return false }
        if let plugin, declaredSecretSettings[plugin]?.contains(first) == true { return true }
        for (index, key) in path.enumerated() {
            if Self.isSecretName(key) { return true }
            guard index > 0 else { continue }
            let parent = path[index - 1].lowercased()
            if Self.environmentMapNames.contains(parent) { return true }
            if Self.headerMapNames.contains(parent), Self.isCredentialHeader(key) { return true }
        }
        return false
    }

    /// Whether a setting or field name names a secret (see the type's rules): `api_key`, `auth_token`,
    /// `client_secret`, `password`, `x-api-key`; not `max_tokens`, `api_key_env`, `base_url`.
    package static func isSecretName(_ name: String) -> Bool {
        let lowered = name.lowercased()
        if lowered.hasSuffix("_env") || lowered.hasSuffix("-env") { return false }
        if lowered.contains("secret") || lowered.contains("password") || lowered.contains("passwd") { return true }
        let words = Self.words(of: name)
        if words.contains(where: secretWords.contains) { return true }
        guard let last = words.last else { return false }
        return secretLastWords.contains(last) || last.hasSuffix("token") && last != "tokens"
    }

    /// Words that make a name secret wherever they appear in it.
    private static let secretWords: Set<String> = [
        "secret", "secrets", "password", "passwd", "passphrase", "credential", "credentials", "authorization",
        "cookie", "cookies", "apikey",
    ]

    /// Words that make a name secret when it ends with them (`auth_token`, but not `first_token_ms`).
    private static let secretLastWords: Set<String> = ["token", "key", "auth", "signature"]

    /// Whether a header carries credentials: `Authorization`, `Proxy-Authorization`, `x-api-key`, `api-key`,
    /// `x-goog-api-key`, `Cookie`, or any name containing `key`, `token`, `secret`, `auth`, `password`, `session`,
    /// `signature`, `credential` or `cookie`.
    package static func isCredentialHeader(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return ["key", "token", "secret", "auth", "password", "session", "signature", "credential", "cookie"]
            .contains { lowered.contains($0) }
    }

    /// Whether a URL query (or fragment) parameter carries a credential: `key`, `api_key`, `apikey`, `token`,
    /// `access_token`, `sig`, `signature`, `password`, `code`, the `X-Amz-` signing parameters, or any secret name.
    package static func isSecretQueryParameter(_ name: String) -> Bool {
        let lowered = String(name.lowercased().map { $0 == "-" ? "_" : $0 })
        if secretQueryParameters.contains(lowered) { return true }
        return isSecretName(lowered)
    }

    private static let secretQueryParameters: Set<String> = [
        "key", "api_key", "apikey", "token", "access_token", "refresh_token", "id_token", "sig", "signature",
        "password", "pass", "pwd", "code", "auth", "secret", "client_secret", "x_amz_signature", "x_amz_credential",
        "x_amz_security_token", "x_goog_signature", "x_goog_credential",
    ]

    /// Whether an environment variable's name says it holds a secret: it contains `KEY`, `TOKEN`, `SECRET`,
    /// `PASSWORD`, `PASSWD`, `CREDENTIAL`, `AUTH`, `COOKIE` or `DSN` (in any case).
    package static func isSecretVariable(_ name: String) -> Bool {
        let upper = name.uppercased()
        return ["KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL", "AUTH", "COOKIE", "DSN"]
            .contains { upper.contains($0) }
    }

    /// The lowercased words of a name, split at `_`, `-`, `.`, spaces and lower-to-upper case changes.
    static func words(of name: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousWasLower = false
        for character in name {
            if character == "_" || character == "-" || character == "." || character == " " {
                if !current.isEmpty { words.append(current) }
                current = ""
                previousWasLower = false
                continue
            }
            if character.isUppercase, previousWasLower, !current.isEmpty {
                words.append(current)
                current = ""
            }
            current += character.lowercased()
            previousWasLower = character.isLowercase || character.isNumber
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}
