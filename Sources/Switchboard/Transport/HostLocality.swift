/// Whether a host is on this machine or on a private network: a loopback name or address (`localhost`,
/// `127.0.0.0/8`, `::1`), a private IPv4 range (10/8, 172.16/12, 192.168/16), link-local (169.254/16, `fe80::/10`) or
/// an IPv6 unique local address (`fc00::/7`).
///
/// A refused connection to such a host means no server listens there, so the request goes to the next candidate at
/// once instead of retrying the same deployment.
package enum HostLocality {
    /// Whether `host` (a name, an IPv4 address, or an IPv6 address with or without brackets) is local or private.
    package static func isLocal(_ host: String) -> Bool {
        var host = host.lowercased()
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == "localhost" || host.hasSuffix(".localhost") { return true }
        if let octets = ipv4(host) { return isPrivate(octets) }
        guard host.contains(":") else { return false }
        if host == "::1" { return true }
        if host.hasPrefix("::ffff:"), let octets = ipv4(String(host.dropFirst(7))) { return isPrivate(octets) }
        let first = host.split(separator: ":", omittingEmptySubsequences: false).first ?? ""
        guard let group = UInt16(first, radix: 16), first.count == 4 || !first.isEmpty else { return false }
        return group & 0xFE00 == 0xFC00 || group & 0xFFC0 == 0xFE80
    }

    private static func ipv4(_ host: String) -> [UInt8]? {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let octets = parts.compactMap { part in part.count <= 3 ? UInt8(part) : nil }
        return octets.count == 4 ? octets : nil
    }

    private static func isPrivate(_ octets: [UInt8]) -> Bool {
        switch (octets[0], octets[1]) {
        case (127, _), (10, _), (192, 168), (169, 254): true
        case (172, let second): (16...31).contains(second)
        default: false
        }
    }
}
