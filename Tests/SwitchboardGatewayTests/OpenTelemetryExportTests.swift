import Logging
import Switchboard
import SwitchboardGateway
import SwitchboardKit
import SwitchboardTesting
import Testing

/// One gateway request exported over OTLP/HTTP to a receiver the test runs: the server span continues the caller's
/// W3C trace, the route, candidate and attempt spans sit below it with the GenAI attributes, the GenAI client metrics
/// arrive, and prompts and answers are exported only when `record_content` asks for them.
@Suite("gateway: OpenTelemetry export")
struct OpenTelemetryExportTests {
    static let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
    static let callerSpanID = "00f067aa0ba902b7"
    static let headerSecret = "otlp-secret-token-3c9e"
    static let chat =
        #"{"model":"echo/echo","max_tokens":64,"temperature":0.5,"messages":[{"role":"user","content":"hello traced gateway"}]}"#

    /// What the receiver got for one chat request through a gateway whose telemetry exports to it.
    struct Export {
        let answer: HTTPAnswer
        let spans: [OTLPReceiver.Span]
        let points: [OTLPReceiver.HistogramPoint]
        let requests: [MockHTTPServer.RecordedRequest]

        func span(_ name: String) throws -> OTLPReceiver.Span {
            try #require(spans.first { $0.name == name }, "no span \(name) in \(spans.map(\.name))")
        }
    }

    static func export(recordContent: Bool) async throws -> Export {
        let receiver = try await OTLPReceiver.start()
        defer { Task { try await receiver.shutdown() } }
        let configuration = try GatewayTestSupport.configuration(
            """
            providers:
              echo: {plugin: echo, local: true}
            telemetry:
              enabled: true
              endpoint: \(receiver.endpoint)
              protocol: http/json
              headers: {x-collector-key: \(headerSecret)}
              service_name: switchboard-test
              record_content: \(recordContent)
            """)
        var logger = Logger(label: "otel-test")
        logger.logLevel = .critical
        let export = try #require(try OpenTelemetryExport(configuration.telemetry, logger: logger))
        // The export's service stops after the gateway, and sends what is left as it stops: once `with` returns,
        // every span and the metrics have reached the receiver.
        let answer = try await RunningGateway.with(
            configuration, telemetry: export.hostTelemetry, alongside: [export.service]
        ) { gateway in
            try await gateway.send(
                "/v1/chat/completions", json: chat,
                headers: [
                    ("traceparent", "00-\(traceID)-\(callerSpanID)-01"), ("tracestate", "vendor=opaque"),
                ])
        }
        return Export(
            answer: answer, spans: try receiver.spans(), points: try receiver.histogramPoints(),
            requests: receiver.requests)
    }

    @Test func spansContinueTheCallersTraceWithGenAIAttributes() async throws {
        let export = try await Self.export(recordContent: false)
        #expect(export.answer.status == 200, "\(export.answer.body)")
        let usage = try #require(try export.answer.json["usage"])
        let inputTokens = try #require(usage["prompt_tokens"]?.intValue)
        let outputTokens = try #require(usage["completion_tokens"]?.intValue)

        let server = try export.span("POST /v1/chat/completions")
        let route = try export.span("switchboard.route")
        let candidate = try export.span("switchboard.candidate")
        let attempt = try export.span("switchboard.attempt")
        // One trace, the caller's; each span the child of the one above it.
        #expect(Set(export.spans.map(\.traceID)) == [Self.traceID])
        #expect(server.parentSpanID == Self.callerSpanID)
        #expect(route.parentSpanID == server.spanID)
        #expect(candidate.parentSpanID == route.spanID)
        #expect(attempt.parentSpanID == candidate.spanID)
        // OTLP's span kinds: 2 server, 3 client.
        #expect(server.kind == 2)
        #expect(attempt.kind == 3)
        #expect(server.integer("http.response.status_code") == 200)

        #expect(route.string("gen_ai.operation.name") == "chat")
        for span in [candidate, attempt] {
            #expect(span.string("gen_ai.operation.name") == "chat")
            #expect(span.string("gen_ai.provider.name") == "echo")
            #expect(span.string("gen_ai.system") == "echo")
            #expect(span.string("gen_ai.request.model") == "echo")
            #expect(span.integer("gen_ai.request.max_tokens") == 64)
            #expect(span.double("gen_ai.request.temperature") == 0.5)
            #expect(span.string("gen_ai.response.model")?.isEmpty == false)
            #expect(span.strings("gen_ai.response.finish_reasons") == ["stop"])
            #expect(span.integer("gen_ai.usage.input_tokens") == inputTokens)
            #expect(span.integer("gen_ai.usage.output_tokens") == outputTokens)
        }
        // Prompts and answers stay out unless asked for.
        for span in export.spans {
            #expect(span.attributes["gen_ai.input.messages"] == nil)
            #expect(span.attributes["gen_ai.output.messages"] == nil)
        }
        for request in export.requests {
            #expect(!request.bodyText.contains("hello traced gateway"))
            #expect(request.header("x-collector-key") == Self.headerSecret)
            #expect(request.header("content-type") == "application/json")
        }

        let tokens = export.points.filter { $0.metric == "gen_ai.client.token.usage" }
        let input = try #require(tokens.first { $0.attributes["gen_ai.token.type"] == "input" })
        let output = try #require(tokens.first { $0.attributes["gen_ai.token.type"] == "output" })
        #expect(input.count == 1 && input.sum == Double(inputTokens))
        #expect(output.count == 1 && output.sum == Double(outputTokens))
        #expect(input.attributes["gen_ai.provider.name"] == "echo")
        #expect(input.attributes["gen_ai.request.model"] == "echo")
        #expect(input.attributes["gen_ai.operation.name"] == "chat")
        let duration = try #require(export.points.first { $0.metric == "gen_ai.client.operation.duration" })
        #expect(duration.count == 1)
    }

    @Test func promptsAndAnswersAreExportedWhenRecordContentIsOn() async throws {
        let export = try await Self.export(recordContent: true)
        #expect(export.answer.status == 200, "\(export.answer.body)")
        let attempt = try export.span("switchboard.attempt")
        let prompt = try #require(attempt.string("gen_ai.input.messages"))
        let answer = try #require(attempt.string("gen_ai.output.messages"))
        #expect(prompt.contains("hello traced gateway"))
        #expect(answer.contains("traced"))
        // Only the attempt span, the provider call, carries them.
        #expect(try export.span("switchboard.candidate").attributes["gen_ai.input.messages"] == nil)
    }
}
