import Foundation

extension String {
    /// RFC 3986's unreserved characters: ASCII letters and digits, `-`, `.`, `_` and `~`.
    private static let unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"

    /// The text with every character but RFC 3986's unreserved ones (and those in `kept`, e.g. `/` in a path)
    /// percent-encoded as UTF-8: a query value, or a path segment, that reaches the server as it was given.
    package func percentEncoded(keeping kept: String = "") -> String {
        addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: Self.unreserved + kept)) ?? self
    }
}
