import SwitchboardKit

/// What one attempt's stream has produced so far, shared between the task reading the stream and the watchdog
/// that enforces the first-token and whole-request timeouts.
///
/// Events are accumulated; with a sink (a streaming caller) they are held until the first content event and then
/// passed on live, so that a candidate failing before its first token can be failed over invisibly.
final class AttemptProgress: Sendable {
    private struct State {
        var accumulator: StreamAccumulator
        var held: [StreamEvent] = []
        var sawContent = false
        var delivered = false
        var text = ""
        var hasNonText = false
    }

    private let state: Locked<State>
    private let sink: (@Sendable (StreamEvent) async -> Void)?
    private let continuing: Bool

    /// Starts an attempt of `provider`'s `model`; `resuming` is the partial answer a continuation extends (its start
    /// event is then dropped and every event passes on at once, since the caller already has content).
    init(provider: String, model: String, sink: (@Sendable (StreamEvent) async -> Void)?, resuming: StreamAccumulator?)
    {
        state = Locked(
            State(
                accumulator: resuming ?? StreamAccumulator(provider: provider, model: model), delivered: resuming != nil
            ))
        self.sink = sink
        continuing = resuming != nil
    }

    /// Adds one event of the stream; with a sink, returns once the sink has taken the events it releases (a slow
    /// streaming caller slows the attempt's reading).
    func add(_ event: StreamEvent) async throws {
        if continuing, case .start = event { return }
        let release: [StreamEvent] = try state.withLock { state in
            try state.accumulator.add(event)
            switch event {
            case .textDelta(let text): state.text += text
            case .thinkingDelta, .toolCallStart, .toolCallDelta, .toolCallEnd: state.hasNonText = true
            default: break
            }
            if event.isContent { state.sawContent = true }
            guard sink != nil else { return [] }
            state.held.append(event)
            guard state.delivered || event.isContent else { return [] }
            state.delivered = true
            defer { state.held.removeAll() }
            return state.held
        }
        for event in release { await sink?(event) }
    }

    /// The assembled answer, passing on any events still held.
    func finish() async throws -> ChatResponse {
        let (response, release) = try state.withLock { state in
            let response = try state.accumulator.response()
            defer { state.held.removeAll() }
            return (response, state.held)
        }
        for event in release { await sink?(event) }
        return response
    }

    /// Whether a content event (text, thinking, tool call) has arrived.
    var sawContent: Bool { state.withLock { $0.sawContent } }

    /// Whether events of this attempt reached the caller.
    var delivered: Bool { state.withLock { $0.delivered } }

    /// The answer so far, when it is text only (what a continuation can extend).
    var resumePoint: ResumePoint? {
        state.withLock { state in
            state.hasNonText || state.text.isEmpty ? nil : ResumePoint(accumulator: state.accumulator, text: state.text)
        }
    }
}

/// A text answer cut off mid-stream, which the next candidate is asked to continue.
struct ResumePoint: Sendable {
    /// The events so far, to which the continuation's are added.
    var accumulator: StreamAccumulator
    /// The text so far.
    var text: String

    /// `request` with the partial answer as the assistant's turn and an instruction to continue it.
    func continuation(of request: ChatRequest) -> ChatRequest {
        var request = request
        request.messages += [
            .assistant(text),
            .user(
                "Your previous answer was cut off after the text above. Continue it from exactly where it stops, "
                    + "without repeating any of it and without any preamble."),
        ]
        return request
    }
}
