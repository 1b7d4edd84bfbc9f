#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
import Foundation
import SwitchboardKit

/// Frames over a pair of file descriptors: the 4-byte big-endian length of a ``PluginHostMessage``'s JSON header, the
/// 4-byte big-endian length of its payload, the header, then the payload's raw bytes (docs/security.md, "Process
/// isolation"). Each frame is one write, serialized with the others and made through
/// ``ChildProcess/writeAll(_:to:)``, so a peer that died costs an EPIPE, never a SIGPIPE; reads happen on one
/// dedicated thread.
final class PluginHostChannel: Sendable {
    /// The largest header or payload either side accepts (a guard against a corrupt length, not a payload limit).
    static let maximumFrame = 64 * 1024 * 1024

    private let input: Int32
    private let output: Locked<Int32>
    private let deferred = DispatchQueue(label: "switchboard.plugin-host.deferred")

    /// A channel reading `input` and writing `output`; it owns and closes neither.
    init(input: Int32, output: Int32) {
        self.input = input
        self.output = Locked(output)
    }

    /// Sends one frame; returns false when the other side is gone.
    @discardableResult
    func send(_ message: PluginHostMessage) -> Bool {
        let (header, payload) = message.frameParts()
        var frame: [UInt8] = []
        frame.reserveCapacity(8 + header.count + payload.count)
        for length in [UInt32(header.count), UInt32(payload.count)] {
            frame += [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
        }
        frame += header
        frame += payload
        return output.withLock { descriptor in
            (try? ChildProcess.writeAll(frame, to: descriptor)) != nil
        }
    }

    /// Sends one frame from a queue of its own, in the order of the calls, and returns at once.
    ///
    /// For a frame sent from a reader thread, which must never wait on a full pipe: the peer may be waiting in the
    /// same way for this side to read, and both would wait forever. Flow control's frames (`pause`, `resume`,
    /// `http_pause`, `http_resume`) all go this way, so they keep their order among themselves.
    func sendDeferred(_ message: PluginHostMessage) {
        deferred.async { self.send(message) }
    }

    /// Reads frames on a new thread and hands each to `handle`; calls `closed` once, when the other side has gone
    /// (end of file, a read error or a malformed frame).
    func startReading(_ handle: @escaping @Sendable (PluginHostMessage) -> Void, closed: @escaping @Sendable () -> Void)
    {
        let input = input
        let thread = Thread {
            var reader = BufferedReader(descriptor: input)
            while let frame = Self.readFrame(&reader) {
                if let message = frame { handle(message) }
            }
            closed()
        }
        thread.name = "switchboard.plugin-host.reader"
        thread.start()
    }

    /// The next frame: nil when the channel is over (end of file, a read error, a malformed frame), `.some(nil)` for
    /// a frame with an `op` this version does not know, which is skipped.
    private static func readFrame(_ reader: inout BufferedReader) -> PluginHostMessage?? {
        guard let lengths = reader.take(8) else { return nil }
        let headerLength = Int(lengths[0]) << 24 | Int(lengths[1]) << 16 | Int(lengths[2]) << 8 | Int(lengths[3])
        let payloadLength = Int(lengths[4]) << 24 | Int(lengths[5]) << 16 | Int(lengths[6]) << 8 | Int(lengths[7])
        guard headerLength <= maximumFrame, payloadLength <= maximumFrame,
            let header = reader.take(headerLength), let payload = reader.take(payloadLength)
        else { return nil }
        do {
            return .some(try header.withUnsafeBytes { try PluginHostMessage.decode(header: $0, payload: payload) })
        } catch {
            return nil
        }
    }

    /// Reads a descriptor in blocks of up to 64 KiB, so frames that arrive together cost one `read` between them.
    private struct BufferedReader {
        let descriptor: Int32
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var start = 0
        var end = 0

        init(descriptor: Int32) { self.descriptor = descriptor }

        /// Exactly `count` bytes, or nil at end of file or on a read error.
        mutating func take(_ count: Int) -> [UInt8]? {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(count)
            while bytes.count < count {
                if start == end {
                    guard fill() else { return nil }
                }
                let taken = min(count - bytes.count, end - start)
                bytes += buffer[start..<start + taken]
                start += taken
            }
            return bytes
        }

        private mutating func fill() -> Bool {
            while true {
                let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else { return false }
                (start, end) = (0, got)
                return true
            }
        }
    }
}
