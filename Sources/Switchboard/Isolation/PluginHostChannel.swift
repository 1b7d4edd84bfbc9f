#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
import Foundation
import SwitchboardKit

/// Length-prefixed JSON frames over a pair of file descriptors: a 4-byte big-endian length, then a
/// ``PluginHostMessage``. Writes are serialized; reads happen on one dedicated thread.
final class PluginHostChannel: Sendable {
    /// The largest frame either side accepts (a guard against a corrupt length, not a payload limit).
    static let maximumFrame = 64 * 1024 * 1024

    private let input: Int32
    private let output: Locked<Int32>

    /// A channel reading `input` and writing `output`; it owns and closes neither.
    init(input: Int32, output: Int32) {
        self.input = input
        self.output = Locked(output)
    }

    /// Sends one frame; returns false when the other side is gone.
    @discardableResult
    func send(_ message: PluginHostMessage) -> Bool {
        guard let body = try? JSONCoding.encode(message) else { return false }
        let length = UInt32(body.count)
        let frame = [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)] + body
        return output.withLock { descriptor in
            frame.withUnsafeBytes { Self.writeAll(descriptor, $0) }
        }
    }

    /// Reads frames on a new thread and hands each to `handle`; calls `closed` once, when the other side has gone
    /// (end of file, a read error or a malformed frame).
    func startReading(_ handle: @escaping @Sendable (PluginHostMessage) -> Void, closed: @escaping @Sendable () -> Void) {
        let input = input
        let thread = Thread {
            while let message = Self.readFrame(input) { handle(message) }
            closed()
        }
        thread.name = "switchboard.plugin-host.reader"
        thread.start()
    }

    private static func readFrame(_ descriptor: Int32) -> PluginHostMessage? {
        guard let header = readExactly(descriptor, 4) else { return nil }
        let length = Int(header[0]) << 24 | Int(header[1]) << 16 | Int(header[2]) << 8 | Int(header[3])
        guard length <= maximumFrame, let body = readExactly(descriptor, length) else { return nil }
        return body.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                try? JSONCoding.decode(PluginHostMessage.self, from: $0.baseAddress, count: $0.count)
            }
        }
    }

    private static func readExactly(_ descriptor: Int32, _ count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let got = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + offset, count - offset) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { return nil }
            offset += got
        }
        return bytes
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let wrote = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if wrote < 0 && errno == EINTR { continue }
            guard wrote > 0 else { return false }
            offset += wrote
        }
        return true
    }
}
