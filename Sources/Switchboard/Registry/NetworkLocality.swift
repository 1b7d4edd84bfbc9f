import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Where a server is, judged from its address alone: on this machine, on a private network, or anywhere else.
///
/// The host decides with it, once, whether a provider instance is a local server (``isLocalServer(_:baseURL:)``):
/// such an instance offers only the models its server reports, never its plugin's catalog.
///
/// ```swift
/// NetworkLocality(host: "127.0.0.1")                  // .loopback
/// NetworkLocality(url: "http://192.168.1.20:8000/v1") // .privateNetwork
/// NetworkLocality(url: "https://api.openai.com/v1")   // .remote
/// ```
package enum NetworkLocality: String, Sendable, Hashable, CaseIterable {
    /// This machine: `localhost` (and `*.localhost`), 127.0.0.0/8, ::1.
    case loopback
    /// A private or link-local network: 10/8, 172.16/12, 192.168/16, 169.254/16, fc00::/7, fe80::/10.
    case privateNetwork = "private"
    /// Anything else, including names that would need DNS to tell.
    case remote

    /// Whether the address is on this machine or a private network.
    package var isLocal: Bool { self != .remote }

    /// Classifies a host name or IP literal (IPv6 with or without brackets, IPv4-mapped IPv6 by its IPv4 part).
    package init(host: String) {
        var host = host.lowercased()
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if let zone = host.firstIndex(of: "%") { host = String(host[..<zone]) }
        if host.hasSuffix(".") { host = String(host.dropLast()) }
        if host == "localhost" || host.hasSuffix(".localhost") {
            self = .loopback
        } else if let octets = Self.ipv4(host) {
            self = Self.classify(ipv4: octets)
        } else if let bytes = Self.ipv6(host) {
            self = Self.classify(ipv6: bytes)
        } else {
            self = .remote
        }
    }

    /// Classifies the host of `url` (`http://127.0.0.1:1234/v1`); nil when `url` has no host.
    package init?(url: String) {
        guard let host = URL(string: url)?.host, !host.isEmpty else { return nil }
        self.init(host: host)
    }

    /// Whether a provider instance is a local server for routing: its configuration says `local: true`, or its
    /// base URL's host is on this machine or a private network. An instance with no base URL at all (`echo`, a CLI
    /// provider) talks to no server and is not one.
    /// - Parameters:
    ///   - configuration: the instance's configuration entry.
    ///   - baseURL: the instance's `base_url` setting, or the plugin's default for it; nil when it has none.
    package static func isLocalServer(_ configuration: SwitchboardConfiguration.Provider, baseURL: String?) -> Bool {
        guard let baseURL else { return false }
        return configuration.local || (NetworkLocality(url: baseURL)?.isLocal ?? false)
    }

    private static func classify(ipv4 octets: [UInt8]) -> NetworkLocality {
        switch (octets[0], octets[1]) {
        case (127, _): .loopback
        case (10, _), (192, 168), (169, 254): .privateNetwork
        case (172, 16...31): .privateNetwork
        default: .remote
        }
    }

    private static func classify(ipv6 bytes: [UInt8]) -> NetworkLocality {
        if bytes[..<15].allSatisfy({ $0 == 0 }), bytes[15] == 1 { return .loopback }
        if bytes[..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff {
            return classify(ipv4: Array(bytes[12...]))
        }
        if bytes[0] & 0xfe == 0xfc { return .privateNetwork }  // fc00::/7, unique local
        if bytes[0] == 0xfe, bytes[1] & 0xc0 == 0x80 { return .privateNetwork }  // fe80::/10, link-local
        return .remote
    }

    /// The four octets of a dotted-quad IPv4 literal, or nil.
    private static func ipv4(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var octets: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let value = UInt8(part) else {
                return nil
            }
            octets.append(value)
        }
        return octets
    }

    /// The sixteen bytes of an IPv6 literal, or nil.
    private static func ipv6(_ text: String) -> [UInt8]? {
        guard text.contains(":") else { return nil }
        var address = in6_addr()
        guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }
}
