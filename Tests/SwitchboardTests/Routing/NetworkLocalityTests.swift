import Switchboard
import Testing

@Suite("Network locality")
struct NetworkLocalityTests {
    @Test(
        arguments: [
            ("localhost", NetworkLocality.loopback), ("LOCALHOST", .loopback), ("api.localhost", .loopback),
            ("127.0.0.1", .loopback), ("127.255.10.3", .loopback), ("::1", .loopback), ("[::1]", .loopback),
            ("::ffff:127.0.0.1", .loopback), ("10.0.0.7", .privateNetwork), ("172.16.0.1", .privateNetwork),
            ("172.31.255.255", .privateNetwork), ("192.168.1.20", .privateNetwork), ("169.254.1.1", .privateNetwork),
            ("fd12:3456::1", .privateNetwork), ("[fc00::1]", .privateNetwork), ("fe80::1%eth0", .privateNetwork),
            ("172.15.0.1", .remote), ("172.32.0.1", .remote), ("192.169.0.1", .remote), ("8.8.8.8", .remote),
            ("2001:db8::1", .remote), ("api.openai.com", .remote), ("127.0.0.1.example.com", .remote),
            ("1270.0.0.1", .remote), ("", .remote),
        ])
    func hostsAreClassified(host: String, expected: NetworkLocality) {
        #expect(NetworkLocality(host: host) == expected, "\(host)")
    }

    @Test func urlsAreClassifiedByTheirHost() {
        #expect(NetworkLocality(url: "http://127.0.0.1:1234/v1") == .loopback)
        #expect(NetworkLocality(url: "http://[::1]:8000/v1") == .loopback)
        #expect(NetworkLocality(url: "http://192.168.0.9:8000") == .privateNetwork)
        #expect(NetworkLocality(url: "https://api.openai.com/v1") == .remote)
        #expect(NetworkLocality(url: "not a url") == nil)
    }

    @Test func anInstanceIsALocalServerWhenSaidOrWhenItsBaseURLIsLocal() {
        let said = SwitchboardConfiguration.Provider(name: "lan", plugin: "openai", local: true)
        let unsaid = SwitchboardConfiguration.Provider(name: "vllm", plugin: "openai")
        #expect(NetworkLocality.isLocalServer(said, baseURL: "https://gpu-box.example.com/v1"))
        #expect(NetworkLocality.isLocalServer(unsaid, baseURL: "http://10.1.2.3:8000/v1"))
        #expect(!NetworkLocality.isLocalServer(unsaid, baseURL: "https://api.openai.com/v1"))
        // No base URL, no server: `echo` and CLI providers keep their catalogs, `local: true` or not.
        #expect(!NetworkLocality.isLocalServer(said, baseURL: nil))
    }
}
