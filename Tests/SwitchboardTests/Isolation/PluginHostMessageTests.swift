import SwitchboardKit
import Testing

@testable import Switchboard

/// Every frame of the host ↔ plugin-host protocol encodes to exactly the header and payload documented in
/// docs/security.md ("Process isolation", message catalogue) and decodes back to the same message.
@Suite struct PluginHostMessageTests {
    static let catalogue: [(PluginHostMessage, String, String)] = [
        (
            .create(name: "local", settings: ["base_url": "http://127.0.0.1:8080"]),
            #"{"op":"create","name":"local","settings":{"base_url":"http://127.0.0.1:8080"}}"#, ""
        ),
        (
            .start(id: 1, request: Array(#"{"model":"m","messages":[]}"#.utf8)),
            #"{"op":"start","id":1}"#, #"{"model":"m","messages":[]}"#
        ),
        (
            .embed(id: 4, request: Array(#"{"model":"e","inputs":["hi"]}"#.utf8)),
            #"{"op":"embed","id":4}"#, #"{"model":"e","inputs":["hi"]}"#
        ),
        (.listModels(id: 2), #"{"op":"list_models","id":2}"#, ""),
        (.checkHealth(id: 3), #"{"op":"check_health","id":3}"#, ""),
        (.cancel(id: 1), #"{"op":"cancel","id":1}"#, ""),
        (
            .httpHead(id: 7, status: 200, headers: [HTTPHeader("content-type", "text/event-stream")]),
            #"{"op":"http_head","id":7,"status":200,"headers":[["content-type","text/event-stream"]]}"#, ""
        ),
        (.httpBody(id: 7, bytes: Array("data: {}\n\n".utf8)), #"{"op":"http_body","id":7}"#, "data: {}\n\n"),
        (.httpEnd(id: 7, error: nil), #"{"op":"http_end","id":7}"#, ""),
        (
            .httpEnd(id: 7, error: ProviderError(.connection, "connection refused")),
            #"{"op":"http_end","id":7,"error":{"kind":"connection","message":"connection refused"}}"#, ""
        ),
        (.secret(id: 4, value: "sk"), #"{"op":"secret","id":4,"found":true}"#, "sk"),
        (.secret(id: 4, value: ""), #"{"op":"secret","id":4,"found":true}"#, ""),
        (.secret(id: 4, value: nil), #"{"op":"secret","id":4}"#, ""),
        (.created(error: nil), #"{"op":"created"}"#, ""),
        (
            .created(error: ProviderError(.invalidRequest, "missing base_url", provider: "local")),
            #"{"op":"created","error":{"kind":"invalid_request","message":"missing base_url","provider":"local"}}"#, ""
        ),
        (
            .event(id: 1, payload: Array(#"{"type":"text_delta","text":"Hi"}"#.utf8)),
            #"{"op":"event","id":1}"#, #"{"type":"text_delta","text":"Hi"}"#
        ),
        (.done(id: 1, error: nil), #"{"op":"done","id":1}"#, ""),
        (
            .done(id: 1, error: ProviderError(.rateLimited, "slow down", httpStatus: 429, retryAfter: 2.5)),
            #"{"op":"done","id":1,"error":{"kind":"rate_limited","message":"slow down","http_status":429,"retry_after":2.5}}"#,
            ""
        ),
        (
            .httpStart(
                id: 7,
                request: HTTPRequest(
                    method: "POST", url: "http://127.0.0.1:8080/v1/chat/completions",
                    headers: [HTTPHeader("content-type", "application/json")], body: Array("{}".utf8),
                    timeout: .seconds(30))),
            #"{"op":"http_start","id":7,"method":"POST","url":"http://127.0.0.1:8080/v1/chat/completions","headers":[["content-type","application/json"]],"timeout_ms":30000}"#,
            "{}"
        ),
        (.httpCancel(id: 7), #"{"op":"http_cancel","id":7}"#, ""),
        (.getSecret(id: 4, name: "OPENAI_API_KEY"), #"{"op":"get_secret","id":4,"name":"OPENAI_API_KEY"}"#, ""),
        (.pause(id: 1), #"{"op":"pause","id":1}"#, ""),
        (.resume(id: 1), #"{"op":"resume","id":1}"#, ""),
        (.httpPause(id: 7), #"{"op":"http_pause","id":7}"#, ""),
        (.httpResume(id: 7), #"{"op":"http_resume","id":7}"#, ""),
    ]

    static func decode(_ header: String, payload: String = "") throws -> PluginHostMessage? {
        try Array(header.utf8).withUnsafeBytes {
            try PluginHostMessage.decode(header: $0, payload: Array(payload.utf8))
        }
    }

    @Test(arguments: catalogue)
    func encodesToTheDocumentedHeaderAndPayloadAndBack(message: PluginHostMessage, header: String, payload: String)
        throws
    {
        let parts = message.frameParts()
        #expect(String(decoding: parts.header, as: UTF8.self) == header)
        #expect(String(decoding: parts.payload, as: UTF8.self) == payload)
        #expect(try Self.decode(header, payload: payload) == message)
    }

    @Test func theCatalogueCoversEveryOp() {
        let ops = Set(Self.catalogue.map(\.0.op))
        #expect(
            ops == [
                "create", "start", "embed", "list_models", "check_health", "cancel", "http_head", "http_body",
                "http_end",
                "secret", "created", "event", "done", "http_start", "http_cancel", "get_secret", "pause", "resume",
                "http_pause", "http_resume",
            ])
    }

    @Test func anUnknownOpIsSkippedNotAnError() throws {
        #expect(try Self.decode(#"{"op":"resize","id":1}"#) == nil)
    }

    @Test(arguments: [
        (#"{"id":1}"#, "a frame needs a string \"op\""),
        (#"{"op":"done"}"#, "done needs a non-negative integer \"id\""),
        (#"{"op":"done","id":-1}"#, "done needs a non-negative integer \"id\""),
        (#"{"op":"get_secret","id":1}"#, "get_secret needs a string \"name\""),
        (#"{"op":"http_start","id":1,"url":"http://x"}"#, "http_start needs a string \"method\""),
        (#"{"op":"http_head","id":1}"#, "http_head needs an integer \"status\""),
        (#"{"op":"done","id":1,"error":{"kind":"server"}}"#, "done has an \"error\" without a string"),
    ])
    func aMalformedFrameSaysWhatIsMissing(json: String, problem: String) {
        let error = #expect(throws: ProviderError.self) { try Self.decode(json) }
        #expect(error?.message.contains(problem) == true, "\(error?.message ?? "no error")")
    }
}
