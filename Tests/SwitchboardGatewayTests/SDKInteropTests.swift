import Foundation
import NIOHTTP1
import SwitchboardKit
import SwitchboardTesting
import Testing

/// The official `openai` and `anthropic` Python SDKs as clients of the built `switchboard serve`, in front of the
/// real OpenAI and Anthropic plugins and mock vendor servers: what nobody here wrote reads what the gateway sends.
///
/// The scripts in `Tests/Interop/` print what the SDK saw (text, tool calls, usage, model ids, exception classes and
/// status codes); these tests assert on it. They run when `SWITCHBOARD_INTEROP_PYTHON` names a python with both SDKs
/// (`.ci/run` makes one in its plain run); otherwise they are skipped with a note saying how to enable them.
@Suite(
    "gateway: official SDK clients", .enabled(if: InteropClient.python != nil, InteropClient.howToEnable),
    .timeLimit(.minutes(1)))
struct SDKInteropTests {
    /// The OpenAI and Anthropic upstreams (replaying the vendors' transcripts), an upstream that answers every request
    /// with a 500 and no Retry-After, and the gateway in front of them.
    struct Setup {
        let openAI: MockHTTPServer
        let anthropic: MockHTTPServer
        let broken: MockHTTPServer
        let gateway: ServedGateway
        /// The gateway key the clients present.
        let key: String
    }

    static func transcript(_ name: String) -> MockHTTPServer.Response {
        guard let text = try? GatewayTestSupport.fixture(name) else { return .json(500, #"{"missing":"\#(name)"}"#) }
        return name.hasSuffix(".sse")
            ? MockHTTPServer.Response(headers: [("content-type", "text/event-stream")], chunks: [.text(text)])
            : .json(200, text)
    }

    /// OpenAI's answer to `POST /embeddings`: for input n the vector [n + 0.5, -0.25, 0.125] (exact in float32), as
    /// numbers or, when the request asks for `encoding_format: base64`, as base64 of little-endian float32 bytes;
    /// 5 prompt tokens per input.
    static func embeddings(_ request: MockHTTPServer.RecordedRequest) -> MockHTTPServer.Response {
        guard let body = try? JSONDecoder().decode(JSONValue.self, from: Data(request.body)),
            let inputs = body["input"]?.arrayValue
        else { return .json(400, #"{"error":{"message":"input must be an array","type":"invalid_request_error"}}"#) }
        let base64 = body["encoding_format"] == "base64"
        let items = inputs.indices.map { index in
            let vector: [Float] = [Float(index) + 0.5, -0.25, 0.125]
            var bytes: [UInt8] = []
            for value in vector { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
            let embedding =
                base64
                ? "\"\(Data(bytes).base64EncodedString())\"" : "[\(vector.map { "\($0)" }.joined(separator: ","))]"
            return #"{"object":"embedding","index":\#(index),"embedding":\#(embedding)}"#
        }
        let tokens = inputs.count * 5
        return .json(
            200,
            #"{"object":"list","data":[\#(items.joined(separator: ","))],"model":"text-embedding-3-small","usage":{"prompt_tokens":\#(tokens),"total_tokens":\#(tokens)}}"#
        )
    }

    /// Starts the upstreams and `switchboard serve` (one retry attempt; a breaker that opens on the first failure and
    /// stays open for a minute), runs `body`, and stops them. The upstreams run on 127.0.0.1, which makes them local
    /// servers to the host: those that do not answer model discovery name their model under `models`.
    static func withGateway(_ body: (Setup) async throws -> Void) async throws {
        // A request with tools is answered with a tool call, unless it carries the tool's result: then with text.
        let openAI = try await MockHTTPServer.start { request in
            if request.uri.hasSuffix("/models") { return transcript("OpenAI/models.json") }
            if request.uri.hasSuffix("/embeddings") { return embeddings(request) }
            let callsTool = request.bodyText.contains(#""tools""#) && !request.bodyText.contains(#""role":"tool""#)
            return transcript(callsTool ? "OpenAI/stream-tool-call.sse" : "OpenAI/stream-text.sse")
        }
        let anthropic = try await MockHTTPServer.start { request in
            let callsTool = request.bodyText.contains(#""tools""#) && !request.bodyText.contains(#""tool_result""#)
            return transcript(callsTool ? "Anthropic/stream-tool-use.sse" : "Anthropic/stream-text.sse")
        }
        let broken = try await MockHTTPServer.start { _ in
            .json(500, (try? GatewayTestSupport.fixture("OpenAI/error-500.json")) ?? "{}")
        }
        defer {
            Task {
                try await openAI.shutdown()
                try await anthropic.shutdown()
                try await broken.shutdown()
            }
        }
        let key = "sk-interop-" + UUID().uuidString
        let configuration = """
            version: 1
            plugins:
              directories: [\(GatewayTestSupport.buildDirectory)]
              include_default_directories: false
              enable: [openai, anthropic]
            providers:
              openai: {plugin: openai, settings: {base_url: "\(openAI.baseURL)/v1", api_key: upstream-secret}}
              claude:
                plugin: anthropic
                settings: {base_url: "\(anthropic.baseURL)", api_key: upstream-secret}
                models: {claude-sonnet-5-5: {}}
              broken:
                plugin: openai
                settings: {base_url: "\(broken.baseURL)/v1", api_key: upstream-secret}
                models: {gpt-6.1-terra: {}}
            routing:
              retry: {max_attempts: 1}
              circuit_breaker: {failure_threshold: 1, cooldown_ms: 60000}
            gateway:
              shutdown_timeout_ms: 1000
              keys:
                - {name: interop, key: "${INTEROP_GATEWAY_KEY}"}
            """
        let gateway = try await ServedGateway.start(configuration, environment: ["INTEROP_GATEWAY_KEY": key])
        defer { gateway.stop() }
        // Readiness, not timing: on a loaded machine the gateway's first discovery of the loopback upstream (a local
        // server, which offers only what it reports) can time out; the gateway asks again until it answers.
        let discovered = await eventually(within: .seconds(60)) {
            let models = try? await GatewayAddress(port: gateway.port).send(
                "/v1/models", method: .GET, headers: [("authorization", "Bearer \(key)")])
            return models?.body.contains(#""openai/gpt-6.1-terra""#) == true
        }
        #expect(discovered, "\(gateway.log)")
        try await body(Setup(openAI: openAI, anthropic: anthropic, broken: broken, gateway: gateway, key: key))
    }

    @Test func openAISDKChatsStreamsCallsToolsAndListsModels() async throws {
        try await Self.withGateway { setup in
            let results = try await InteropClient(script: "openai_client.py").run(
                ["plain", "stream", "tools", "tools_stream", "models", "wrong_key", "unknown_model"],
                against: setup.gateway, key: setup.key, arguments: ["--model", "openai/gpt-6.1-terra"])
            let usage: JSONValue = [
                "prompt_tokens": 1200, "completion_tokens": 150, "total_tokens": 1350, "cached_tokens": 1024,
                "reasoning_tokens": 40,
            ]

            let plain = try results.answer("plain")
            #expect(plain["object"] == "chat.completion")
            #expect(plain["text"] == "Hello, world!")
            #expect(plain["role"] == "assistant")
            #expect(plain["finish_reason"] == "stop")
            #expect(plain["model"]?.stringValue?.contains("gpt-6.1-terra") == true, "\(plain)")
            #expect(plain["usage"] == usage)

            let stream = try results.answer("stream")
            #expect(stream["text"] == "Hello, world!")
            #expect(stream["roles"] == ["assistant"])
            #expect(stream["finish_reasons"] == ["stop"])
            #expect(stream["last_chunk_choices"] == 0)
            #expect(stream["chunks_with_usage"] == 1)
            #expect(stream["usage"] == usage)

            let call: JSONValue = [
                "id": "call_DdmO9pD3xa9XTPNJ32zg2hcA", "type": "function", "name": "get_weather",
                "arguments": ["location": "Paris"],
            ]
            let tools = try results.answer("tools")
            #expect(tools["finish_reason"] == "tool_calls")
            #expect(tools["tool_calls"] == [call])
            #expect(tools["text"] == .null)
            #expect(tools["usage", "prompt_tokens"] == 80)
            #expect(tools["usage", "completion_tokens"] == 17)
            let toolsStream = try results.answer("tools_stream")
            #expect(toolsStream["finish_reasons"] == ["tool_calls"])
            #expect(toolsStream["tool_calls"] == [call])
            let sent = setup.openAI.requests.filter { $0.bodyText.contains("get_weather") }
            #expect(sent.count == 2)

            let ids = try results.answer("models")["ids"]?.arrayValue ?? []
            #expect(ids.contains("openai/gpt-6.1-terra"), "\(ids)")
            #expect(ids.contains("claude/claude-sonnet-5-5"), "\(ids)")

            let refused = try results.error("wrong_key")
            #expect(refused["exception"] == "AuthenticationError")
            #expect(refused["status_code"] == 401)
            #expect(refused["body", "code"] == "invalid_api_key")
            let unknown = try results.error("unknown_model")
            #expect(unknown["exception"] == "NotFoundError")
            #expect(unknown["status_code"] == 404)
            #expect(unknown["body", "code"] == "model_not_found")
            #expect(!results.transcript.contains(setup.key))
        }
    }

    /// The Responses API through the SDK's `responses.create` and `responses.stream`, in front of an OpenAI and an
    /// Anthropic upstream: plain and streamed answers, a function-tool round trip (the SDK sends the output items and
    /// the call's `function_call_output` back), and the refusal of a stateful request.
    @Test(arguments: ["openai/gpt-6.1-terra", "claude/claude-sonnet-5-5"])
    func openAISDKUsesTheResponsesAPI(model: String) async throws {
        try await Self.withGateway { setup in
            let results = try await InteropClient(script: "openai_responses_client.py").run(
                ["plain", "stream", "stream_helper", "tools", "tools_stream", "stateful"], against: setup.gateway,
                key: setup.key, arguments: ["--model", model])

            let plain = try results.answer("plain")
            #expect(plain["object"] == "response")
            #expect(plain["status"] == "completed")
            #expect(plain["id"]?.stringValue?.hasPrefix("resp_") == true)
            #expect(plain["output_types"] == ["message"])
            #expect(plain["text"] == "Hello, world!")
            #expect(plain["metadata"] == ["case": "plain"])
            if model.hasPrefix("openai/") {
                #expect(
                    plain["usage"] == [
                        "input_tokens": 1200, "output_tokens": 150, "total_tokens": 1350, "cached_tokens": 1024,
                        "reasoning_tokens": 40,
                    ])
            }

            let stream = try results.answer("stream")
            let types = stream["types"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(types.first == "response.created")
            #expect(types.dropFirst().first == "response.in_progress")
            #expect(types.last == "response.completed")
            #expect(types.contains("response.output_text.done"))
            #expect(stream["sequence_numbers"]?.arrayValue?.compactMap(\.intValue) == Array(0..<types.count))
            #expect(stream["deltas"]?.arrayValue?.compactMap(\.stringValue).joined() == "Hello, world!")
            #expect(stream["done_text"] == ["Hello, world!"])
            #expect(stream["final", "text"] == "Hello, world!")
            #expect(stream["final", "usage"] == plain["usage"])

            let helper = try results.answer("stream_helper")
            #expect(helper["deltas"]?.arrayValue?.compactMap(\.stringValue).joined() == "Hello, world!")
            #expect(helper["final", "text"] == "Hello, world!")
            #expect(helper["final", "status"] == "completed")

            let city = model.hasPrefix("openai/") ? "Paris" : "San Francisco, CA"
            for name in ["tools", "tools_stream"] {
                let round = try results.answer(name)
                let calls = round["calls"]?.arrayValue ?? []
                #expect(calls.count == 1, "\(name): \(round)")
                #expect(calls.first?["type"] == "function_call")
                #expect(calls.first?["name"] == "get_weather")
                #expect(calls.first?["arguments", "location"]?.stringValue == city)
                #expect(round["first", "output_types"]?.arrayValue?.last == "function_call")
                #expect(round["second", "output_types"] == ["message"])
                #expect(round["second", "text"] == "Hello, world!")
            }
            let streamedCall = try results.answer("tools_stream")
            let deltas = streamedCall["argument_deltas"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(deltas.count > 1, "the arguments arrive in pieces: \(deltas)")
            #expect((try? JSONParser.parse(deltas.joined())) == streamedCall["calls", 0, "arguments"], "\(deltas)")
            #expect(streamedCall["text"] == "Hello, world!")
            let upstream = model.hasPrefix("openai/") ? setup.openAI : setup.anthropic
            let answered = upstream.requests.filter {
                $0.bodyText.contains(#""role":"tool""#) || $0.bodyText.contains(#""tool_result""#)
            }
            #expect(answered.count == 2, "the two round trips send the tool's result upstream")

            let refused = try results.error("stateful")
            #expect(refused["exception"] == "BadRequestError")
            #expect(refused["status_code"] == 400)
            #expect(refused["body", "param"] == "previous_response_id")
            #expect(refused["body", "type"] == "invalid_request_error")
            #expect(refused["body", "message"]?.stringValue?.contains("stateless") == true)
            #expect(!results.transcript.contains(setup.key))
        }
    }

    /// `embeddings.create` as floats, in the SDK's default (it asks for base64 and decodes it), for one string with
    /// `dimensions`; token ids and a chat model are refused with a 400 the SDK raises as `BadRequestError`.
    @Test func openAISDKEmbedsAsFloatsAndDecodesItsDefaultBase64() async throws {
        try await Self.withGateway { setup in
            let results = try await InteropClient(script: "openai_embeddings_client.py").run(
                ["float", "default", "single", "token_input", "chat_model"],
                against: setup.gateway, key: setup.key, arguments: ["--model", "openai/text-embedding-3-small"])
            let batch: JSONValue = [
                ["object": "embedding", "index": 0, "embedding": [0.5, -0.25, 0.125]],
                ["object": "embedding", "index": 1, "embedding": [1.5, -0.25, 0.125]],
            ]
            for name in ["float", "default"] {
                let answer = try results.answer(name)
                #expect(answer["object"] == "list")
                #expect(answer["model"] == "openai/text-embedding-3-small")
                #expect(answer["data"] == batch, "\(name)")
                #expect(answer["usage"] == ["prompt_tokens": 10, "total_tokens": 10])
            }
            let single = try results.answer("single")
            #expect(single["data"] == [["object": "embedding", "index": 0, "embedding": [0.5, -0.25, 0.125]]])
            #expect(single["usage", "prompt_tokens"] == 5)

            let upstream = setup.openAI.requests.filter { $0.uri.hasSuffix("/embeddings") }
            #expect(upstream.count == 3)
            #expect(upstream.contains { $0.bodyText.contains(#""encoding_format":"base64""#) })
            #expect(upstream.contains { $0.bodyText.contains(#""dimensions":3"#) })

            let tokens = try results.error("token_input")
            #expect(tokens["exception"] == "BadRequestError")
            #expect(tokens["status_code"] == 400)
            #expect(tokens["body", "param"] == "input")
            #expect(tokens["body", "message"]?.stringValue?.contains("token ids is not supported") == true)
            let chat = try results.error("chat_model")
            #expect(chat["exception"] == "BadRequestError")
            #expect(chat["body", "message"]?.stringValue?.contains("has no `embeddings` capability") == true)
            #expect(!results.transcript.contains(setup.key))
        }
    }

    /// A breaker that opens on the first failure: the second request is answered at once (no upstream call, within
    /// the SDK's 10-second timeout while the cooldown is a minute) with a 503 and Retry-After, which the SDK raises as
    /// `APIStatusError` (`InternalServerError`).
    @Test func openAISDKSeesAnOpenCircuitAsA503WithRetryAfter() async throws {
        try await Self.withGateway { setup in
            let results = try await InteropClient(script: "openai_client.py").run(
                ["open_circuit"], against: setup.gateway, key: setup.key,
                arguments: [
                    "--model", "openai/gpt-6.1-terra", "--broken-model", "broken/gpt-6.1-terra", "--timeout", "10",
                ])
            let circuit = try results.answer("open_circuit")
            let first = try #require(circuit["first"])
            #expect(
                first["classes"]?.arrayValue?.contains("APIStatusError") == true, "\(InteropResults.summary(first))")
            #expect((first["status_code"]?.intValue ?? 0) >= 500, "\(InteropResults.summary(first))")

            // On a gateway that holds the caller for the cooldown, the SDK gives up first: APITimeoutError.
            let second = try #require(circuit["second"])
            try #require(
                second["status_code"] == 503,
                "the request that met the open circuit: \(InteropResults.summary(second))")
            #expect(second["classes"]?.arrayValue?.contains("APIStatusError") == true, "\(second["classes"])")
            let retryAfter = second["headers", "retry-after"]?.stringValue.flatMap { Int($0) }
            #expect(retryAfter.map { (1...60).contains($0) } == true, "\(second["headers"])")
            let retryAfterMilliseconds = second["headers", "retry-after-ms"]?.stringValue.flatMap { Double($0) }
            #expect(retryAfterMilliseconds.map { $0 > 0 && $0 <= 60_000 } == true, "\(second["headers"])")
            let calls = setup.broken.requests.filter { $0.uri.hasSuffix("/chat/completions") }
            #expect(calls.count == 1, "the open circuit must answer without calling the upstream")
        }
    }

    @Test func anthropicSDKCreatesStreamsAndCallsTools() async throws {
        try await Self.withGateway { setup in
            let results = try await InteropClient(script: "anthropic_client.py").run(
                ["plain", "stream", "tools", "tools_stream", "models", "wrong_key", "unknown_model"],
                against: setup.gateway, key: setup.key, arguments: ["--model", "claude/claude-sonnet-5-5"])
            let usage: JSONValue = [
                "input_tokens": 25, "output_tokens": 15, "cache_creation_input_tokens": 1200,
                "cache_read_input_tokens": 3400,
            ]

            let plain = try results.answer("plain")
            #expect(plain["type"] == "message")
            #expect(plain["role"] == "assistant")
            #expect(plain["text"] == "Hello, world!")
            #expect(plain["stop_reason"] == "end_turn")
            #expect(plain["model"]?.stringValue?.contains("claude-sonnet-5-5") == true, "\(plain)")
            #expect(plain["usage"] == usage)

            let stream = try results.answer("stream")
            #expect(stream["pieces"] == ["Hello", ", world!"])
            #expect(stream["final_text"] == "Hello, world!")
            #expect(stream["final", "text"] == "Hello, world!")
            #expect(stream["final", "stop_reason"] == "end_turn")
            #expect(stream["final", "usage"] == usage)

            let toolUse: JSONValue = [
                "id": "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "name": "get_weather",
                "input": ["location": "San Francisco, CA", "unit": "fahrenheit"],
            ]
            let tools = try results.answer("tools")
            #expect(tools["stop_reason"] == "tool_use")
            #expect(tools["blocks"] == ["text", "tool_use"])
            #expect(tools["tool_uses"] == [toolUse])
            #expect(tools["usage", "output_tokens"] == 89)
            let toolsStream = try results.answer("tools_stream")
            let partial = toolsStream["partial_json"]?.arrayValue?.compactMap(\.stringValue).joined()
            #expect(partial == #"{"location": "San Francisco, CA", "unit": "fahrenheit"}"#)
            #expect(toolsStream["final", "stop_reason"] == "tool_use")
            #expect(toolsStream["final", "tool_uses"] == [toolUse])
            let sent = setup.anthropic.requests.filter { $0.bodyText.contains("get_weather") }
            #expect(sent.count == 2)

            let ids = try results.answer("models")["ids"]?.arrayValue ?? []
            #expect(ids.contains("claude/claude-sonnet-5-5"), "\(ids)")

            let refused = try results.error("wrong_key")
            #expect(refused["exception"] == "AuthenticationError")
            #expect(refused["status_code"] == 401)
            #expect(refused["body", "error", "type"] == "authentication_error")
            let unknown = try results.error("unknown_model")
            #expect(unknown["exception"] == "NotFoundError")
            #expect(unknown["status_code"] == 404)
            #expect(unknown["body", "error", "type"] == "not_found_error")
            #expect(!results.transcript.contains(setup.key))
        }
    }
}
