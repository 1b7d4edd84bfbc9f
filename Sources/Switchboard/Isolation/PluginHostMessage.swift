import SwitchboardKit

/// One frame between the host and a `switchboard plugin-host` child (docs/security.md, "Process isolation", has the
/// wire format and the exact header of every case).
///
/// Requests and events cross as the JSON bytes the host encoded and the plugin wrote, and HTTP bodies as their bytes:
/// the child relays them without decoding, and the host decodes an event once, where it is consumed, as it does for an
/// in-process plugin.
///
/// `id` names the request (`start`, `embed`, `list_models`, `check_health`), the HTTP exchange or the secret lookup a frame
/// belongs to; the instance's creation (`create` / `created`) has none.
enum PluginHostMessage: Sendable, Hashable {
    // Host → child.
    /// Create the provider instance `name` with `settings`; answered by ``created(error:)``.
    case create(name: String, settings: JSONValue)
    /// Stream the answer to `request` (a ChatRequest's JSON bytes); answered by ``event(id:payload:)``s, then
    /// ``done(id:error:)``.
    case start(id: UInt64, request: [UInt8])
    /// Embed `request` (an EmbeddingRequest's JSON bytes); answered by one ``event(id:payload:)`` (an `embeddings`
    /// event), then ``done(id:error:)``.
    case embed(id: UInt64, request: [UInt8])
    /// List the instance's models; answered by one ``event(id:payload:)`` (a `models` event), then ``done(id:error:)``.
    case listModels(id: UInt64)
    /// Check the instance's health; answered by one ``event(id:payload:)`` (a `health` event), then ``done(id:error:)``.
    case checkHealth(id: UInt64)
    /// Cancel request `id`; its ``done(id:error:)`` still follows.
    case cancel(id: UInt64)
    /// The response head of HTTP exchange `id`.
    case httpHead(id: UInt64, status: Int, headers: [HTTPHeader])
    /// A chunk of the response body of HTTP exchange `id`.
    case httpBody(id: UInt64, bytes: [UInt8])
    /// The end of HTTP exchange `id`, with its failure when it failed; always the exchange's last frame.
    case httpEnd(id: UInt64, error: ProviderError?)
    /// The answer to ``getSecret(id:name:)``: the value, or nil when it is not set.
    case secret(id: UInt64, value: String?)
    /// Request `id`'s events are this far ahead of its consumer: ask the plugin to pause (ABI 1.2 flow control).
    case pause(id: UInt64)
    /// The consumer has taken request `id`'s events: resume the plugin if it paused.
    case resume(id: UInt64)

    // Child → host.
    /// The instance was created, or `error` says why not.
    case created(error: ProviderError?)
    /// One answer to request `id`, the JSON bytes the plugin delivered: a stream event, an `embeddings`, a `models` or
    /// a `health` event.
    case event(id: UInt64, payload: [UInt8])
    /// Request `id` is over, with its failure when it failed.
    case done(id: UInt64, error: ProviderError?)
    /// Run `request` on the host's transport as HTTP exchange `id`; answered by ``httpHead(id:status:headers:)``,
    /// ``httpBody(id:bytes:)``s and ``httpEnd(id:error:)``.
    case httpStart(id: UInt64, request: HTTPRequest)
    /// Cancel HTTP exchange `id`; its ``httpEnd(id:error:)`` still follows.
    case httpCancel(id: UInt64)
    /// Look up the secret `name` (an environment variable's name) in the host.
    case getSecret(id: UInt64, name: String)
    /// The plugin paused the body of HTTP exchange `id`: send no more of it until ``httpResume(id:)``.
    case httpPause(id: UInt64)
    /// The plugin has taken the body of HTTP exchange `id`: go on sending it.
    case httpResume(id: UInt64)

    /// The frame's `op`, as on the wire.
    var op: String {
        switch self {
        case .create: "create"
        case .start: "start"
        case .embed: "embed"
        case .listModels: "list_models"
        case .checkHealth: "check_health"
        case .cancel: "cancel"
        case .httpHead: "http_head"
        case .httpBody: "http_body"
        case .httpEnd: "http_end"
        case .secret: "secret"
        case .created: "created"
        case .event: "event"
        case .done: "done"
        case .httpStart: "http_start"
        case .httpCancel: "http_cancel"
        case .getSecret: "get_secret"
        case .pause: "pause"
        case .resume: "resume"
        case .httpPause: "http_pause"
        case .httpResume: "http_resume"
        }
    }
}
