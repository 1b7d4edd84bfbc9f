import Foundation
import Hummingbird
import NIOCore
import Switchboard
import SwitchboardKit

extension Gateway {
    /// `POST /v1/chat/completions` and `POST /v1/messages`: read, resolve the model, answer in the context's dialect.
    ///
    /// The middleware in front (``buildRouter()``) has authenticated the key, held it to its limits and opened the
    /// request's ``Exchange``; this handler reports its answer to the exchange and throws every failure before the
    /// answer begins (the middleware turns it into an error response with its own status). A failure after a stream
    /// began is an error event in the stream.
    func chat(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let dialect = context.dialect
        let key = context.key
        var request = request
        let bytes = try await collectBody(&request)
        let root = try JSONReader.parse(bytes)
        var call = try dialect == .openAI ? OpenAIChatDecoder.decode(root) : AnthropicMessagesDecoder.decode(root)
        try checkLimits(call.request, dialect: dialect)
        context.exchange?.annotate("model", attribute: "switchboard.model", keyring.redacting(call.model))
        let route = try await resolver.resolve(call, key: key)
        if let key { call.request.tags.append("key:\(key.name)") }
        if call.stream {
            try context.admitStream()
            return try await stream(call, route: route, request: request, context: context)
        }
        let result = try await host.complete(call.request, strategy: route.strategy, candidates: route.candidates)
        let body =
            switch dialect {
            case .openAI:
                OpenAIChatEncoder.response(result, id: "chatcmpl-\(context.id)", created: Self.created(context))
            case .anthropic: AnthropicMessagesEncoder.response(result, id: "msg_\(context.id)")
            }
        context.exchange?.settle(.answered(result))
        var headers: HTTPFields = [:]
        headers[.requestID] = context.id
        headers[.switchboardProvider] = result.candidate.provider
        headers[.switchboardModel] = result.candidate.model.id
        headers[.switchboardCostUSD] = "\(result.costUSD)"
        return Self.json(body, headers: headers)
    }

    /// OpenAI's `created`: when the request arrived, as Unix time.
    private static func created(_ context: GatewayRequestContext) -> Int {
        context.exchange?.created ?? Int(Date().timeIntervalSince1970)
    }

    /// Refuses a request over `gateway.max_messages` or asking for more than `gateway.max_output_tokens`.
    /// - Throws: ``APIFailure`` 400 naming the limit and the field.
    private func checkLimits(_ request: ChatRequest, dialect: APIDialect) throws(APIFailure) {
        if request.messages.count > configuration.maxMessages {
            throw APIFailure.invalidRequest(
                "the request has \(request.messages.count) messages; this gateway accepts at most "
                    + "\(configuration.maxMessages) (gateway.max_messages)",
                param: "messages")
        }
        if let limit = configuration.maxOutputTokens, let asked = request.maxOutputTokens, asked > limit {
            throw APIFailure.invalidRequest(
                "the request asks for up to \(asked) output tokens; this gateway allows at most \(limit) "
                    + "(gateway.max_output_tokens)",
                param: dialect == .openAI ? "max_completion_tokens" : "max_tokens")
        }
    }

    /// The request body, at most `gateway.max_body_bytes`.
    /// - Throws: ``APIFailure`` 413 when the body (or its declared length) is larger.
    func collectBody(_ request: inout Request) async throws -> [UInt8] {
        let limit = configuration.maxBodyBytes
        let tooLarge = APIFailure(
            status: 413, kind: .invalidRequest,
            "the request body is larger than this gateway accepts (\(limit) bytes; gateway.max_body_bytes)",
            code: "request_too_large")
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit { throw tooLarge }
        do {
            let buffer = try await request.collectBody(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        }
    }

    /// Starts the strategy's stream and waits for its first element, so a failure before the answer begins is an
    /// ordinary error response; then answers with server-sent events that read the rest.
    ///
    /// The body writer runs under `consumeWithCancellationOnInboundClose`: when the client goes away, the writer's
    /// task is cancelled, which ends the strategy stream and cancels the provider's request upstream. It reports the
    /// stream's end (an answer or a failure) to the exchange, which ``RequestMetricsMiddleware`` records.
    private func stream(
        _ call: ChatCall, route: Route, request: Request, context: GatewayRequestContext
    ) async throws -> Response {
        let cursor = StreamCursor(host.stream(call.request, strategy: route.strategy, candidates: route.candidates))
        let first = try await cursor.next()
        let exchange = context.exchange
        let dialect = context.dialect
        let requestID = context.id
        let created = Self.created(context)
        let body = ResponseBody { [self] writer in
            var encoder: any ChatStreamEncoder =
                switch dialect {
                case .openAI:
                    OpenAIChatEncoder(
                        id: "chatcmpl-\(requestID)", created: created, model: call.model,
                        includeUsage: call.includeUsage)
                case .anthropic: AnthropicMessagesEncoder(id: "msg_\(requestID)", model: call.model)
                }
            var firstToken = false
            do {
                try await request.body.consumeWithCancellationOnInboundClose { _ in
                    var element = first
                    while let current = element {
                        switch current {
                        case .event(let event):
                            if !firstToken && event.isAnswerContent {
                                firstToken = true
                                exchange?.firstToken()
                            }
                            let bytes = encoder.encode(event)
                            if !bytes.isEmpty { try await writer.write(ByteBuffer(bytes: bytes)) }
                        case .completed(let result):
                            try await writer.write(ByteBuffer(bytes: encoder.finish(result)))
                            exchange?.settle(.answered(result))
                        }
                        element = try await cursor.next()
                    }
                }
            } catch {
                let failure = keyring.redacting(APIFailure(error))
                exchange?.settle(.failed(failure))
                guard failure.kind != .cancelled else { throw error }
                try await writer.write(ByteBuffer(bytes: encoder.fail(failure)))
            }
            try await writer.finish(nil)
        }
        // Watching for the client to go away consumes the connection's inbound side, so the server closes the
        // connection after the stream; saying so keeps keep-alive clients from reusing it.
        var headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache", .connection: "close"]
        headers[.requestID] = requestID
        return Response(status: .ok, headers: headers, body: body)
    }
}

extension StreamEvent {
    /// Whether the event carries part of the answer (text, thinking, a tool call): the moment that counts as the
    /// first token.
    var isAnswerContent: Bool {
        switch self {
        case .textDelta, .thinkingDelta, .toolCallStart, .toolCallDelta: true
        default: false
        }
    }
}
