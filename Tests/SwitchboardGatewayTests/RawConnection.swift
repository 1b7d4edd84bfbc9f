#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// A plain TCP connection to 127.0.0.1, for clients no HTTP library would be: slow ones.
struct RawConnection: Sendable {
    private let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw GatewayTestError("socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw GatewayTestError("connect() to port \(port) failed: errno \(errno)") }
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw GatewayTestError("send() wrote \(sent) of \(bytes.count) bytes") }
    }

    /// Reads until the peer closes the connection or `limit` passes; returns what arrived and whether it closed.
    ///
    /// The blocking reads run on a thread of their own, so they never hold one of the cooperative pool's threads
    /// that the gateway under test needs to answer.
    func readUntilClosed(limit: Duration) async -> (bytes: [UInt8], closed: Bool) {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: blockingRead(limit: limit)) }
        }
    }

    private func blockingRead(limit: Duration) -> (bytes: [UInt8], closed: Bool) {
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let deadline = ContinuousClock.now + limit
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while ContinuousClock.now < deadline {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count == 0 { return (received, true) }
            if count > 0 {
                received += buffer[0..<count]
            } else if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR {
                return (received, true)
            }
        }
        return (received, false)
    }

    /// Up to `count` bytes, waiting for at least one; empty at the end of the stream. Blocks: call it from
    /// ``onThread(_:)``.
    func read(upTo count: Int) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        let received = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, count, 0) }
        return received > 0 ? Array(buffer[..<received]) : []
    }

    /// Runs `body` on a thread of its own, for blocking reads that must not hold a thread of the cooperative pool.
    func onThread<T: Sendable>(_ body: @escaping @Sendable (RawConnection) -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: body(self)) }
        }
    }

    func close() { _ = Glibc.close(descriptor) }
}
