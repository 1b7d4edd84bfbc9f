import Synchronization
import SwitchboardKit

/// How many streamed answers each gateway key has open, against its `max_concurrent_streams`.
///
/// ``acquire(_:limit:)`` hands out a ``Slot`` that gives its place back when it is released or, whichever comes
/// first, when the last reference to it goes away — so a stream whose response is dropped before its body ran (a
/// client that left early) cannot keep a place forever.
final class StreamSlots: Sendable {
    private let open = Locked<[String: Int]>([:])

    /// One open stream's place.
    final class Slot: Sendable {
        private let slots: StreamSlots
        private let key: String
        private let held = Atomic<Bool>(true)

        fileprivate init(slots: StreamSlots, key: String) {
            self.slots = slots
            self.key = key
        }

        /// Gives the place back; later calls do nothing.
        func release() {
            if held.exchange(false, ordering: .acquiringAndReleasing) { slots.give(back: key) }
        }

        deinit { release() }
    }

    /// A place for one more stream of `key`, or nil when `key` already has `limit` open.
    /// - Parameters:
    ///   - key: the key's name; the empty string for clients of a gateway without keys.
    ///   - limit: the most open at once.
    func acquire(_ key: String, limit: Int) -> Slot? {
        let granted = open.withLock { open in
            guard open[key, default: 0] < limit else { return false }
            open[key, default: 0] += 1
            return true
        }
        return granted ? Slot(slots: self, key: key) : nil
    }

    private func give(back key: String) {
        open.withLock { open in
            let remaining = open[key, default: 1] - 1
            open[key] = remaining > 0 ? remaining : nil
        }
    }
}
