import Logging
import SwitchboardKit

/// The event sinks the host has lent to plugins and not had back yet, by the number each sink carries as its
/// `context`.
///
/// A context is `plugin << 40 | serial`: the plugin's index in ``plugins`` (so a call with a stale context can still
/// name the plugin) and a serial number that is never reused. A call whose context is not in the table is ignored;
/// it is logged once per plugin and kind (``Violation``), so a plugin that misbehaves on every request costs one
/// warning line, not one per request.
final class PluginSinkTable: Sendable {
    /// What a plugin did wrong.
    enum Violation: String, Sendable {
        /// `on_event` after the request's `on_done`.
        case eventAfterDone = "called on_event after on_done"
        /// `on_done` a second time.
        case doneTwice = "called on_done twice"
        /// A sink context the host never issued.
        case unknownContext = "called a sink with a context the host never issued"
    }

    /// The table every sink in this process uses.
    static let shared = PluginSinkTable(logger: Logger(label: "switchboard.plugin"))

    private struct State {
        var nextSerial: UInt64 = 1
        var receivers: [UInt64: PluginEventReceiver] = [:]
        var plugins: [String] = []
        var pluginIndex: [String: UInt64] = [:]
        var warned: Set<String> = []
    }

    private static let serialBits: UInt64 = 40
    private let state = Locked(State())
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    /// Enters `receiver` and returns the context its sink carries.
    func register(_ receiver: PluginEventReceiver) -> UnsafeMutableRawPointer {
        let number = state.withLock { state -> UInt64 in
            let plugin: UInt64
            if let index = state.pluginIndex[receiver.pluginPath] {
                plugin = index
            } else {
                plugin = UInt64(state.plugins.count)
                state.plugins.append(receiver.pluginPath)
                state.pluginIndex[receiver.pluginPath] = plugin
            }
            let serial = state.nextSerial
            state.nextSerial += 1
            state.receivers[plugin << Self.serialBits | serial] = receiver
            return plugin << Self.serialBits | serial
        }
        // A number, never dereferenced; it is never 0, because serials start at 1.
        return UnsafeMutableRawPointer(bitPattern: UInt(number))!
    }

    /// The receiver behind `context` for an `on_event`, or nil (and a warning) when the request is over or unknown.
    func receiver(_ context: UnsafeMutableRawPointer?) -> PluginEventReceiver? {
        lookUp(context, remove: false)
    }

    /// Removes and returns the receiver behind `context` for its `on_done`, or nil (and a warning) when it is gone.
    func remove(_ context: UnsafeMutableRawPointer?) -> PluginEventReceiver? {
        lookUp(context, remove: true)
    }

    /// The number of sinks lent and not yet ended.
    var activeCount: Int { state.withLock { $0.receivers.count } }

    private func lookUp(_ context: UnsafeMutableRawPointer?, remove: Bool) -> PluginEventReceiver? {
        let number = UInt64(UInt(bitPattern: context))
        let (receiver, warning) = state.withLock { state -> (PluginEventReceiver?, String?) in
            let found = remove ? state.receivers.removeValue(forKey: number) : state.receivers[number]
            if let found { return (found, nil) }
            let pluginIndex = Int(number >> Self.serialBits)
            let serial = number & (1 << Self.serialBits - 1)
            let plugin = pluginIndex < state.plugins.count ? state.plugins[pluginIndex] : nil
            let violation: Violation =
                plugin == nil || serial == 0 || serial >= state.nextSerial
                ? .unknownContext : remove ? .doneTwice : .eventAfterDone
            let key = "\(plugin ?? "") \(violation.rawValue)"
            guard state.warned.insert(key).inserted else { return (nil, nil) }
            return (
                nil,
                (plugin.map { "plugin \($0)" } ?? "a plugin") + " \(violation.rawValue); the call was ignored "
                    + "(docs/plugin-abi.md, \"Exactly once\"); later calls like it are ignored without a warning"
            )
        }
        if let warning { logger.warning("\(warning)") }
        return receiver
    }
}
