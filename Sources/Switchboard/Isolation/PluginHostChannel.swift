#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
import Foundation
import SwitchboardKit

/// Length-prefixed JSON frames over a pair of file descriptors: a 4-byte big-endian length, then a
/// ``PluginHostMessage``'s JSON body (written and read with the fast JSON path). Writes are serialized and go through
/// ``ChildProcess/writeAll(_:to:)``, so a peer that died costs an EPIPE, never a SIGPIPE; reads happen on one
/// dedicated thread.
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
        let body = message.jsonBytes()
        let length = UInt32(body.count)
        let frame =
            [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)] + body
        return output.withLock { descriptor in
            (try? ChildProcess.writeAll(frame, to: descriptor)) != nil
        }
    }

    /// Reads frames on a new thread and hands each to `handle`; calls `closed` once, when the other side has gone
    /// (end of file, a read error or a malformed frame).
    func startReading(_ handle: @escaping @Sendable (PluginHostMessage) -> Void, closed: @escaping @Sendable () -> Void)
    {
        let input = input
        let thread = Thread {
            while let frame = Self.readFrame(input) {
                if let message = frame { handle(message) }
            }
            closed()
        }
        thread.name = "switchboard.plugin-host.reader"
        thread.start()
    }

    /// The next frame: nil when the channel is over (end of file, a read error, a malformed frame), `.some(nil)` for
    /// a frame with an `op` this version does not know, which is skipped.
    private static func readFrame(_ descriptor: Int32) -> PluginHostMessage?? {
        guard let header = readExactly(descriptor, 4) else { return nil }
        let length = Int(header[0]) << 24 | Int(header[1]) << 16 | Int(header[2]) << 8 | Int(header[3])
        guard length <= maximumFrame, let body = readExactly(descriptor, length) else { return nil }
        do {
            return .some(try body.withUnsafeBytes { try PluginHostMessage.decode(jsonBytes: $0) })
        } catch {
            return nil
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
}
