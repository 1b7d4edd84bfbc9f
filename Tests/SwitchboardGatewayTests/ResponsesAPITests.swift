import Foundation
import NIOHTTP1
import Switchboard
import SwitchboardKit
import Testing

/// `POST /v1/responses`: OpenAI's Responses API mapped onto the same request, strategies and errors as the chat
/// endpoints, over the real Echo plugin and in-process providers that record what reached them or follow a script.
@Suite("gateway: Responses API")
struct ResponsesAPITests {
    static let echoOnly = "providers:\n  echo: {plugin: echo, local: true}\n"

    /// Runs `body` against a gateway with the Echo plugin and `provider` registered in-process.
    static func with(
        _ provider: any Provider, extra: String = "", _ body: @Sendable (RoutedGateway) async throws -> Void
    ) async throws {
        try await RoutedGateway.with(
            try GatewayTestSupport.configuration(echoOnly + extra), prepare: { $0.registry.register(provider) }, body)
    }

    static let weatherTool =
        #"{"type":"function","name":"get_weather","description":"The weather in a city","parameters":{"type":"object","properties":{"location":{"type":"string"}}}}"#

    @Test func decodesAStringInputWithInstructionsAndTheSettings() async throws {
        let recorder = RecordingProvider(name: "recorder", answer: "recorded")
        try await Self.with(recorder) { gateway in
            let answer = try await gateway.send(
                "/v1/responses",
                json: """
                    {"model":"recorder/recorder","input":"Hello there","instructions":"Be brief.",
                     "tools":[\(Self.weatherTool)],"tool_choice":{"type":"function","name":"get_weather"},
                     "text":{"format":{"type":"json_schema","name":"weather","schema":{"type":"object"},"strict":true}},
                     "reasoning":{"effort":"low"},"max_output_tokens":300,"temperature":0.2,"top_p":0.9,
                     "metadata":{"team":"search"},"user":"user-7","store":false}
                    """)
            #expect(answer.status == 200, "\(answer.body)")
            let request = try #require(recorder.requests.first)
            #expect(request.messages == [.system("Be brief."), .user("Hello there")])
            #expect(request.tools.map(\.name) == ["get_weather"])
            #expect(request.tools.first?.description == "The weather in a city")
            #expect(request.toolChoice == .tool("get_weather"))
            #expect(request.responseFormat == .jsonSchema(name: "weather", schema: ["type": "object"], strict: true))
            #expect(request.thinking == ThinkingOptions(effort: "low"))
            #expect(request.maxOutputTokens == 300)
            #expect(request.temperature == 0.2)
            #expect(request.topP == 0.9)
            #expect(request.metadata == ["team": "search", "user": "user-7"])
        }
    }

    @Test func decodesInputItemsIntoTurns() async throws {
        let recorder = RecordingProvider(name: "recorder", answer: "recorded")
        try await Self.with(recorder) { gateway in
            let answer = try await gateway.send(
                "/v1/responses",
                json: """
                    {"model":"recorder/recorder","text":{"format":{"type":"json_object"}},"input":[
                      {"role":"developer","content":"Use tools."},
                      {"type":"message","role":"user","content":[{"type":"input_text","text":"Weather in Paris?"},
                        {"type":"input_image","image_url":"data:image/png;base64,iVBORw0K","detail":"auto"}]},
                      {"type":"reasoning","id":"rs_1","summary":[],"content":[{"type":"reasoning_text","text":"Call it."}],
                       "encrypted_content":"sig-1"},
                      {"type":"message","id":"msg_1","role":"assistant","status":"completed",
                       "content":[{"type":"output_text","text":"Checking.","annotations":[]}]},
                      {"type":"function_call","id":"fc_1","call_id":"call_1","name":"get_weather",
                       "arguments":"{\\"location\\":\\"Paris\\"}","status":"completed"},
                      {"type":"function_call_output","call_id":"call_1","output":"18 C and sunny"},
                      {"type":"function_call_output","call_id":"call_2","output":[{"type":"input_text","text":"none"}]}
                    ]}
                    """)
            #expect(answer.status == 200, "\(answer.body)")
            let request = try #require(recorder.requests.first)
            #expect(
                request.messages == [
                    .system("Use tools."),
                    Message(
                        role: .user,
                        content: [
                            .text("Weather in Paris?"), .image(.base64(data: "iVBORw0K", mediaType: "image/png")),
                        ]),
                    Message(
                        role: .assistant,
                        content: [
                            .thinking(Thinking(text: "Call it.", signature: "sig-1")), .text("Checking."),
                            .toolCall(ToolCall(id: "call_1", name: "get_weather", arguments: #"{"location":"Paris"}"#)),
                        ]),
                    Message(
                        role: .tool, content: [.toolResult(ToolResult(toolCallId: "call_1", content: "18 C and sunny"))]
                    ),
                    Message(role: .tool, content: [.toolResult(ToolResult(toolCallId: "call_2", content: "none"))]),
                ])
            #expect(request.responseFormat == .jsonObject)
        }
    }

    @Test func answersInTheResponseShapeWithEachKindOfOutputItem() async throws {
        let provider = ScriptedEventsProvider(
            name: "scripted",
            events: [
                .start(id: "up-1", model: "scripted"), .thinkingDelta(text: "Think.", signature: "sig-9"),
                .textDelta("Let me check."), .toolCallStart(index: 0, id: "call_7", name: "get_weather"),
                .toolCallDelta(index: 0, arguments: #"{"location":"Paris"}"#), .toolCallEnd(index: 0),
                .usage(Usage(inputUncached: 10, inputCacheRead: 4, outputText: 6, outputReasoning: 2)),
                .finish(.toolCalls),
            ])
        try await Self.with(provider) { gateway in
            let answer = try await gateway.send(
                "/v1/responses",
                json:
                    #"{"model":"scripted/scripted","input":"Weather?","metadata":{"run":"42"},"tools":[\#(Self.weatherTool)]}"#
            )
            #expect(answer.status == 200, "\(answer.body)")
            #expect(answer.headers.first(name: "x-switchboard-provider") == "scripted")
            let json = try answer.json
            let id = try #require(json["id"]?.stringValue)
            #expect(id.hasPrefix("resp_"))
            let request = String(id.dropFirst("resp_".count))
            #expect(json["object"] == "response")
            #expect(json["status"] == "completed")
            #expect(json["model"] == "scripted")
            #expect(json["error"] == .null)
            #expect(json["incomplete_details"] == .null)
            #expect(json["metadata"] == ["run": "42"])
            #expect(json["store"] == false)
            #expect(json["tool_choice"] == "auto")
            #expect(json["tools", 0, "name"] == "get_weather")
            #expect(json["created_at"]?.intValue.map { $0 > 0 } == true)
            #expect(
                json["output"] == [
                    [
                        "id": .string("rs_\(request)_0"), "type": "reasoning", "status": "completed", "summary": [],
                        "content": [["type": "reasoning_text", "text": "Think."]], "encrypted_content": "sig-9",
                    ],
                    [
                        "id": .string("msg_\(request)_1"), "type": "message", "role": "assistant",
                        "status": "completed",
                        "content": [
                            ["type": "output_text", "text": "Let me check.", "annotations": [], "logprobs": []]
                        ],
                    ],
                    [
                        "id": .string("fc_\(request)_2"), "type": "function_call", "status": "completed",
                        "call_id": "call_7", "name": "get_weather", "arguments": #"{"location":"Paris"}"#,
                    ],
                ])
            #expect(
                json["usage"] == [
                    "input_tokens": 14, "input_tokens_details": ["cached_tokens": 4, "cache_write_tokens": 0],
                    "output_tokens": 8, "output_tokens_details": ["reasoning_tokens": 2], "total_tokens": 22,
                ])
        }
    }

    @Test func aCutShortAnswerIsIncomplete() async throws {
        let provider = ScriptedEventsProvider(
            name: "scripted", events: [.start(id: nil, model: "scripted"), .textDelta("Once upon"), .finish(.length)])
        try await Self.with(provider) { gateway in
            let answer = try await gateway.send(
                "/v1/responses", json: #"{"model":"scripted/scripted","input":"A story","max_output_tokens":2}"#)
            #expect(try answer.json["status"] == "incomplete")
            #expect(try answer.json["incomplete_details"] == ["reason": "max_output_tokens"])
            #expect(try answer.json["max_output_tokens"] == 2)
            let streamed = try await gateway.send(
                "/v1/responses",
                json: #"{"model":"scripted/scripted","input":"A story","max_output_tokens":2,"stream":true}"#)
            #expect(streamed.eventNames.last == "response.incomplete")
            #expect(streamed.eventObjects.last?["response", "incomplete_details", "reason"] == "max_output_tokens")
        }
    }

    @Test func streamsTextAsTheResponsesEventSequence() async throws {
        try await RoutedGateway.with(try GatewayTestSupport.configuration(Self.echoOnly)) { gateway in
            let answer = try await gateway.send(
                "/v1/responses",
                json: #"{"model":"echo/echo","input":"one two three","stream":true,"metadata":{"trace":"t-1"}}"#)
            #expect(answer.status == 200, "\(answer.body)")
            #expect(answer.headers.first(name: "content-type") == "text/event-stream")
            let events = answer.eventObjects
            let names = answer.eventNames
            #expect(
                names == [
                    "response.created", "response.in_progress", "response.output_item.added",
                    "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
                    "response.output_text.delta", "response.output_text.done", "response.content_part.done",
                    "response.output_item.done", "response.completed",
                ])
            #expect(events.compactMap { $0["type"]?.stringValue } == names)
            #expect(events.compactMap { $0["sequence_number"]?.intValue } == Array(0..<names.count))
            #expect(!answer.body.contains("[DONE]"))

            let created = try #require(events.first?["response"])
            #expect(created["status"] == "in_progress")
            #expect(created["output"] == [])
            #expect(created["metadata"] == ["trace": "t-1"])
            let id = try #require(created["id"]?.stringValue)
            let itemID = "msg_" + id.dropFirst("resp_".count) + "_0"
            #expect(
                events[2]["item"] == [
                    "id": .string(itemID), "type": "message", "role": "assistant", "status": "in_progress",
                    "content": [],
                ])
            #expect(events[3]["part"] == ["type": "output_text", "text": "", "annotations": [], "logprobs": []])
            let deltas = events.filter { $0["type"] == "response.output_text.delta" }
            #expect(deltas.allSatisfy { $0["item_id"]?.stringValue == itemID && $0["output_index"] == 0 })
            #expect(deltas.compactMap { $0["delta"]?.stringValue }.joined() == "one two three")
            #expect(events[7]["text"] == "one two three")
            #expect(events[9]["item", "status"] == "completed")
            #expect(events[9]["item", "content", 0, "text"] == "one two three")

            let completed = try #require(events.last?["response"])
            #expect(completed["id"]?.stringValue == id)
            #expect(completed["status"] == "completed")
            #expect(completed["output"] == [try #require(events[9]["item"])])
            #expect(completed["usage", "output_tokens"] == 3)
            #expect(
                completed["usage", "total_tokens"]?.intValue
                    == completed["usage", "input_tokens"]?.intValue.map { $0 + 3 })
        }
    }

    @Test func streamsAFunctionCallAsItsArgumentEvents() async throws {
        let provider = ScriptedEventsProvider(
            name: "scripted",
            events: [
                .start(id: nil, model: "scripted"), .toolCallStart(index: 0, id: "call_7", name: "get_weather"),
                .toolCallDelta(index: 0, arguments: #"{"location":"#),
                .toolCallDelta(index: 0, arguments: #""Paris"}"#),
                .toolCallEnd(index: 0), .usage(Usage(inputUncached: 20, outputText: 9)), .finish(.toolCalls),
            ])
        try await Self.with(provider) { gateway in
            let answer = try await gateway.send(
                "/v1/responses",
                json: #"{"model":"scripted/scripted","input":"Weather?","stream":true,"tools":[\#(Self.weatherTool)]}"#)
            #expect(answer.status == 200, "\(answer.body)")
            #expect(
                answer.eventNames == [
                    "response.created", "response.in_progress", "response.output_item.added",
                    "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                    "response.function_call_arguments.done", "response.output_item.done", "response.completed",
                ])
            let events = answer.eventObjects
            #expect(events.compactMap { $0["sequence_number"]?.intValue } == Array(0..<8))
            #expect(events[2]["item", "type"] == "function_call")
            #expect(events[2]["item", "status"] == "in_progress")
            #expect(events[2]["item", "call_id"] == "call_7")
            #expect(events[2]["item", "name"] == "get_weather")
            #expect(events[2]["item", "arguments"] == "")
            let itemID = try #require(events[2]["item", "id"]?.stringValue)
            #expect(itemID.hasPrefix("fc_"))
            #expect(events[3]["item_id"]?.stringValue == itemID)
            #expect(events[3]["delta"] == #"{"location":"#)
            #expect(events[5]["arguments"] == #"{"location":"Paris"}"#)
            #expect(events[5]["name"] == "get_weather")
            #expect(events[6]["item", "status"] == "completed")
            #expect(events[6]["item", "arguments"] == #"{"location":"Paris"}"#)
            #expect(events[7]["response", "output"] == [try #require(events[6]["item"])])
            #expect(events[7]["response", "usage", "input_tokens"] == 20)
            #expect(events[7]["response", "usage", "output_tokens"] == 9)
        }
    }

    @Test func streamsThinkingAsAReasoningItem() async throws {
        let provider = ScriptedEventsProvider(
            name: "scripted",
            events: [
                .start(id: nil, model: "scripted"), .thinkingDelta(text: "Hmm.", signature: nil),
                .thinkingDelta(text: "", signature: "sig-3"), .textDelta("Yes."), .finish(.stop),
            ])
        try await Self.with(provider) { gateway in
            let answer = try await gateway.send(
                "/v1/responses", json: #"{"model":"scripted/scripted","input":"Sure?","stream":true}"#)
            #expect(
                answer.eventNames == [
                    "response.created", "response.in_progress", "response.output_item.added",
                    "response.content_part.added", "response.reasoning_text.delta", "response.reasoning_text.done",
                    "response.content_part.done", "response.output_item.done", "response.output_item.added",
                    "response.content_part.added", "response.output_text.delta", "response.output_text.done",
                    "response.content_part.done", "response.output_item.done", "response.completed",
                ])
            let output = answer.eventObjects.last?["response", "output"]
            #expect(output?[0, "type"] == "reasoning")
            #expect(output?[0, "content"] == [["type": "reasoning_text", "text": "Hmm."]])
            #expect(output?[0, "encrypted_content"] == "sig-3")
            #expect(output?[1, "content", 0, "text"] == "Yes.")
        }
    }

    @Test(arguments: [
        (#""previous_response_id":"resp_123""#, "previous_response_id", "cannot continue a stored response"),
        (#""store":true"#, "store", "cannot store the response; send `store: false` or leave it out"),
        (#""conversation":"conv_123""#, "conversation", "cannot continue a stored conversation"),
        (#""background":true"#, "background", "cannot run a response in the background"),
    ])
    func statefulFeaturesAreRefusedAsTheGatewayIsStateless(field: String, param: String, message: String)
        async throws
    {
        try await RoutedGateway.with(try GatewayTestSupport.configuration(Self.echoOnly)) { gateway in
            let answer = try await gateway.send(
                "/v1/responses", json: #"{"model":"echo/echo","input":"hi",\#(field)}"#)
            #expect(answer.status == 400)
            let error = try answer.json["error"]
            #expect(error?["type"] == "invalid_request_error")
            #expect(error?["param"]?.stringValue == param)
            let text = error?["message"]?.stringValue ?? ""
            #expect(text.contains("this gateway is stateless and keeps no responses or conversations"), "\(text)")
            #expect(text.contains(message), "\(text)")
        }
    }

    @Test func storeFalseIsAccepted() async throws {
        try await RoutedGateway.with(try GatewayTestSupport.configuration(Self.echoOnly)) { gateway in
            let answer = try await gateway.send(
                "/v1/responses", json: #"{"model":"echo/echo","input":"kept nowhere","store":false}"#)
            #expect(answer.status == 200, "\(answer.body)")
            #expect(try answer.json["output", 0, "content", 0, "text"] == "kept nowhere")
            #expect(try answer.json["store"] == false)
        }
    }

    @Test(arguments: [
        (#"{"model":"echo/echo"}"#, "missing required field `input`", "input"),
        (#"{"model":"echo/echo","input":[]}"#, "`input` is empty", "input"),
        (
            #"{"model":"echo/echo","input":[{"type":"web_search_call","id":"ws_1"}]}"#,
            "`input[0].type`: unknown input item type \"web_search_call\"", "input[0].type"
        ),
        (
            #"{"model":"echo/echo","input":[{"type":"item_reference","id":"msg_1"}]}"#,
            "cannot resolve an `item_reference`", "input[0].type"
        ),
        (
            #"{"model":"echo/echo","input":[{"role":"user","content":[{"type":"input_file","file_id":"f"}]}]}"#,
            "`input[0].content[0].type`: input_file parts are not supported", "input[0].content[0].type"
        ),
        (
            #"{"model":"echo/echo","input":"x","tools":[{"type":"web_search"}]}"#,
            "`tools[0].type`: web_search tools are not supported", "tools[0].type"
        ),
        (
            #"{"model":"echo/echo","input":"x","text":{"format":{"type":"yaml"}}}"#,
            "`text.format.type`: unknown text.format type \"yaml\"", "text.format.type"
        ),
        (
            #"{"model":"echo/echo","input":"x","max_output_tokens":0}"#,
            "`max_output_tokens` must be at least 1", "max_output_tokens"
        ),
        (
            #"{"model":"echo/echo","input":[{"type":"function_call_output","output":"x"}]}"#,
            "missing required field `call_id` in `input[0]`", "input[0].call_id"
        ),
    ])
    func malformedRequestsAre400WithTheFieldAtFault(body: String, message: String, param: String) async throws {
        try await RoutedGateway.with(try GatewayTestSupport.configuration(Self.echoOnly)) { gateway in
            let answer = try await gateway.send("/v1/responses", json: body)
            #expect(answer.status == 400, "\(answer.body)")
            #expect(try answer.json["error", "type"] == "invalid_request_error")
            #expect(try answer.json["error", "param"]?.stringValue == param)
            #expect(try answer.json["error", "message"]?.stringValue?.contains(message) == true, "\(answer.body)")
        }
    }

    /// A server error (streamed), then a rate limit with Retry-After (last: the host then holds the deployment for the
    /// wait).
    @Test func anUpstreamErrorBeforeTheAnswerIsAnErrorResponseInOpenAIShape() async throws {
        let configuration = Self.echoOnly + "routing:\n  retry: {max_attempts: 1}\n"
        try await RoutedGateway.with(try GatewayTestSupport.configuration(configuration)) { gateway in
            let broken = try await gateway.send(
                "/v1/responses",
                json: #"{"model":"echo/echo","input":"x","stream":true,"metadata":{"echo.error":"server"}}"#)
            #expect(broken.status == 502, "\(broken.body)")
            #expect(broken.headers.first(name: "content-type") == "application/json")
            #expect(try broken.json["error", "type"] == "server_error")
            #expect(
                try broken.json["error", "message"]?.stringValue?.contains("echo was asked to fail with server")
                    == true,
                "\(broken.body)")

            let limited = try await gateway.send(
                "/v1/responses",
                json:
                    #"{"model":"echo/echo","input":"x","metadata":{"echo.error":"rate_limited","echo.retry_after":"7"}}"#
            )
            #expect(limited.status == 429, "\(limited.body)")
            #expect(limited.headers.first(name: "retry-after") == "7")
            #expect(try limited.json["error", "type"] == "rate_limit_error")
            #expect(try limited.json["error", "code"] == "rate_limit_exceeded")
            #expect(
                try limited.json["error", "message"]?.stringValue?.contains("echo was asked to fail with rate_limited")
                    == true, "\(limited.body)")
        }
    }

    @Test func aFailureAfterTheAnswerBeganEndsTheStreamWithResponseFailed() async throws {
        let provider = ScriptedEventsProvider(
            name: "scripted", events: [.start(id: nil, model: "scripted"), .textDelta("Half an ans")],
            failure: ProviderError(.server, "the upstream dropped the stream", provider: "scripted", httpStatus: 502))
        try await Self.with(provider, extra: "routing:\n  retry: {max_attempts: 1}\n") { gateway in
            let answer = try await gateway.send(
                "/v1/responses", json: #"{"model":"scripted/scripted","input":"x","stream":true}"#)
            #expect(answer.status == 200)
            #expect(
                answer.eventNames == [
                    "response.created", "response.in_progress", "response.output_item.added",
                    "response.content_part.added", "response.output_text.delta", "response.failed",
                ])
            let failed = try #require(answer.eventObjects.last)
            #expect(failed["sequence_number"] == 5)
            #expect(failed["response", "status"] == "failed")
            #expect(failed["response", "error", "code"] == "server_error")
            #expect(
                failed["response", "error", "message"]?.stringValue?.contains("the upstream dropped the stream")
                    == true,
                "\(failed)")
            #expect(failed["response", "output", 0, "status"] == "in_progress")
        }
    }

    /// Keys, per-key models and the request limits hold as for the chat endpoints, naming the Responses fields.
    @Test func keysModelsAndLimitsHoldAsForChat() async throws {
        let recorder = RecordingProvider(name: "recorder", answer: "recorded")
        let extra = """
            gateway:
              max_messages: 2
              max_output_tokens: 100
              keys:
                - {name: ci, key: "sk-gw-responses-0001", models: [recorder/*]}
            """
        try await Self.with(recorder, extra: extra) { gateway in
            let body = #"{"model":"recorder/recorder","input":"hi"}"#
            let missing = try await gateway.send("/v1/responses", json: body)
            #expect(missing.status == 401)
            #expect(try missing.json["error", "type"] == "authentication_error")

            let key = [("authorization", "Bearer sk-gw-responses-0001")]
            let answered = try await gateway.send("/v1/responses", json: body, headers: key)
            #expect(answered.status == 200, "\(answered.body)")
            #expect(recorder.requests.last?.tags == ["key:ci"])

            let otherModel = try await gateway.send(
                "/v1/responses", json: #"{"model":"echo/echo","input":"hi"}"#, headers: key)
            #expect(otherModel.status == 403)
            #expect(try otherModel.json["error", "code"] == "model_not_allowed")

            let tooLong = try await gateway.send(
                "/v1/responses", json: #"{"model":"recorder/recorder","input":"hi","max_output_tokens":500}"#,
                headers: key)
            #expect(tooLong.status == 400)
            #expect(try tooLong.json["error", "param"] == "max_output_tokens")
            #expect(
                try tooLong.json["error", "message"]
                    == "the request asks for up to 500 output tokens; this gateway allows at most 100 (gateway.max_output_tokens)"
            )

            let tooMany = try await gateway.send(
                "/v1/responses",
                json:
                    #"{"model":"recorder/recorder","instructions":"x","input":[{"role":"user","content":"a"},{"role":"user","content":"b"}]}"#,
                headers: key)
            #expect(tooMany.status == 400)
            #expect(try tooMany.json["error", "param"] == "input")
        }
    }

    @Test func countsInTheMetricsUnderItsOwnEndpoint() async throws {
        try await RoutedGateway.with(try GatewayTestSupport.configuration(Self.echoOnly)) { gateway in
            _ = try await gateway.send("/v1/responses", json: #"{"model":"echo/echo","input":"a b"}"#)
            _ = try await gateway.send("/v1/responses", json: #"{"model":"echo/echo","input":"c","stream":true}"#)
            let metrics = try await gateway.send("/metrics", method: .GET).body
            #expect(metrics.contains(#"switchboard_gateway_requests_total{endpoint="/v1/responses",status="200"} 2"#))
            #expect(
                metrics.contains(#"switchboard_gateway_time_to_first_token_seconds_count{endpoint="/v1/responses"} 1"#))
        }
    }
}
