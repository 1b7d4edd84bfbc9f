import Foundation
import Hummingbird
import Logging
import NIOCore
import Switchboard
import SwitchboardKit
import Tracing

extension Gateway {
    /// `POST /v1/chat/completions` and `POST /v1/messages`: authenticate, limit, read, resolve the model, answer.
    ///
    /// Every failure before the answer begins is an error response with its own status; a failure after a stream
    /// began is an error event in the stream. The request runs inside a server span, so spans the host starts
    /// (routing, attempts, plugin calls) are its children.
    func chat(_ request: Request, context: BasicRequestContext, dialect: APIDialect) async -> Response {
        let endpoint = request.uri.path
        let arrived = ContinuousClock.now
        var logger = context.logger
        logger[metadataKey: "endpoint"] = "\(endpoint)"
        let span = startSpan("POST \(endpoint)", ofKind: .server)
        span.attributes["http.request.method"] = "POST"
        span.attributes["url.path"] = endpoint
        span.attributes["switchboard.request_id"] = context.id
        var exchange = Exchange(
            endpoint: endpoint, dialect: dialect, requestID: context.id, arrived: arrived,
            created: Int(Date().timeIntervalSince1970),
            logger: logger, span: span)
        do {
            let key = try keyring.authenticate(request.headers)
            if let key {
                exchange.logger[metadataKey: "gateway.key"] = "\(key.name)"
                span.attributes["switchboard.gateway_key"] = key.name
                if let limit = key.requestsPerMinute, case let wait = limiter.acquire(key.name, tokens: 0), wait > .zero
                {
                    let seconds = Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18
                    throw APIFailure(
                        status: 429, kind: .rateLimited,
                        "gateway key `\(key.name)` is over its limit of \(limit) requests per minute; retry in \(Int(seconds.rounded(.up))) s",
                        retryAfter: seconds, code: "rate_limit_exceeded")
                }
            }
            var request = request
            let bytes = try await collectBody(&request)
            let root = try JSONReader.parse(bytes)
            var call = try dialect == .openAI ? OpenAIChatDecoder.decode(root) : AnthropicMessagesDecoder.decode(root)
            try checkLimits(call.request, dialect: dialect)
            let model = keyring.redacting(call.model)
            exchange.logger[metadataKey: "model"] = "\(model)"
            span.attributes["switchboard.model"] = model
            let route = try await ServiceContext.$current.withValue(span.context) {
                try await resolver.resolve(call, key: key)
            }
            if let key { call.request.tags.append("key:\(key.name)") }
            if call.stream {
                let slot = try streamSlot(for: key)
                return try await ServiceContext.$current.withValue(span.context) {
                    try await stream(call, route: route, request: request, exchange: exchange, slot: slot)
                }
            }
            let result = try await ServiceContext.$current.withValue(span.context) {
                try await host.complete(call.request, strategy: route.strategy, candidates: route.candidates)
            }
            let body =
                switch dialect {
                case .openAI: OpenAIChatEncoder.response(result, id: exchange.completionID, created: exchange.created)
                case .anthropic: AnthropicMessagesEncoder.response(result, id: exchange.messageID)
                }
            exchange.succeeded(result, gateway: self)
            var headers: HTTPFields = [:]
            headers[.requestID] = context.id
            headers[.switchboardProvider] = result.candidate.provider
            headers[.switchboardModel] = result.candidate.model.id
            headers[.switchboardCostUSD] = "\(result.costUSD)"
            return Self.json(body, headers: headers)
        } catch {
            let failure = keyring.redacting(APIFailure(error))
            exchange.failed(failure, gateway: self)
            return Self.failureResponse(failure, dialect: dialect, requestID: context.id)
        }
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

    /// A place for one more open stream of `key` (of all clients, without keys); nil when there is no limit.
    /// - Throws: ``APIFailure`` 429 when the key already has its `max_concurrent_streams` open.
    private func streamSlot(for key: SwitchboardConfiguration.Gateway.Key?) throws(APIFailure) -> StreamSlots.Slot? {
        guard let limit = configuration.streamLimit(for: key) else { return nil }
        if let slot = streamSlots.acquire(key?.name ?? "", limit: limit) { return slot }
        let holder = key.map { "gateway key `\($0.name)` has" } ?? "this gateway's clients have"
        let setting =
            key?.maxConcurrentStreams != nil
            ? "gateway.keys[].max_concurrent_streams" : "gateway.max_concurrent_streams_per_key"
        throw APIFailure(
            status: 429, kind: .rateLimited,
            "\(holder) \(limit) streamed answers open, the most allowed at once (\(setting)); retry when one ends",
            retryAfter: 1, code: "too_many_concurrent_streams")
    }

    /// The request body, at most `gateway.max_body_bytes`.
    /// - Throws: ``APIFailure`` 413 when the body (or its declared length) is larger.
    private func collectBody(_ request: inout Request) async throws -> [UInt8] {
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
    /// task is cancelled, which ends the strategy stream and cancels the provider's request upstream.
    /// `slot`, when there is one, is held until the body writer ends (or the response is dropped unwritten).
    private func stream(
        _ call: ChatCall, route: Route, request: Request, exchange: Exchange, slot: StreamSlots.Slot?
    ) async throws -> Response {
        let cursor = StreamCursor(host.stream(call.request, strategy: route.strategy, candidates: route.candidates))
        let first = try await cursor.next()
        let body = ResponseBody { [self] writer in
            var encoder: any ChatStreamEncoder =
                switch exchange.dialect {
                case .openAI:
                    OpenAIChatEncoder(
                        id: exchange.completionID, created: exchange.created, model: call.model,
                        includeUsage: call.includeUsage)
                case .anthropic: AnthropicMessagesEncoder(id: exchange.messageID, model: call.model)
                }
            metrics.streamOpened()
            defer {
                metrics.streamClosed()
                slot?.release()
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
                                metrics.firstToken(
                                    endpoint: exchange.endpoint, after: exchange.arrived.duration(to: .now))
                            }
                            let bytes = encoder.encode(event)
                            if !bytes.isEmpty { try await writer.write(ByteBuffer(bytes: bytes)) }
                        case .completed(let result):
                            try await writer.write(ByteBuffer(bytes: encoder.finish(result)))
                            exchange.succeeded(result, gateway: self)
                        }
                        element = try await cursor.next()
                    }
                }
            } catch {
                let failure = keyring.redacting(APIFailure(error))
                exchange.failed(failure, gateway: self)
                guard failure.kind != .cancelled else { throw error }
                try await writer.write(ByteBuffer(bytes: encoder.fail(failure)))
            }
            try await writer.finish(nil)
        }
        // Watching for the client to go away consumes the connection's inbound side, so the server closes the
        // connection after the stream; saying so keeps keep-alive clients from reusing it.
        var headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache", .connection: "close"]
        headers[.requestID] = exchange.requestID
        return Response(status: .ok, headers: headers, body: body)
    }
}

/// One chat request's facts, and the bookkeeping (metrics, log line, span) at its end.
struct Exchange: Sendable {
    let endpoint: String
    let dialect: APIDialect
    let requestID: String
    let arrived: ContinuousClock.Instant
    let created: Int
    var logger: Logger
    let span: any Span

    /// OpenAI's completion id.
    var completionID: String { "chatcmpl-\(requestID)" }
    /// Anthropic's message id.
    var messageID: String { "msg_\(requestID)" }

    /// Records an answer: tokens, cost, status 200, the log line; ends the span.
    func succeeded(_ result: StrategyResult, gateway: Gateway) {
        let elapsed = arrived.duration(to: .now)
        let candidate = result.candidate
        let usage = result.response.usage
        // What the host priced and recorded in the ledger, attempt by attempt (failed-over and judged ones too).
        for priced in result.attempts.compactMap(\.usage) {
            gateway.metrics.answered(
                provider: priced.provider, model: priced.model, usage: priced.usage, cost: priced.costUSD)
        }
        gateway.metrics.requestFinished(endpoint: endpoint, status: 200, after: elapsed)
        logger.info(
            "answered",
            metadata: [
                "status": "200", "provider": "\(candidate.provider)", "answered_model": "\(candidate.model.id)",
                "strategy": "\(result.strategy.rawValue)", "input_tokens": "\(usage.inputTokens)",
                "output_tokens": "\(usage.outputTokens)", "duration_ms": "\(elapsed.nanoseconds / 1_000_000)",
            ])
        span.attributes["switchboard.provider"] = candidate.provider
        span.attributes["switchboard.answered_model"] = candidate.model.id
        span.attributes["http.response.status_code"] = 200
        span.end()
    }

    /// Records a failure: its kind, its status, the log line; marks and ends the span.
    func failed(_ failure: APIFailure, gateway: Gateway) {
        let elapsed = arrived.duration(to: .now)
        let status = failure.status(in: dialect).code
        gateway.metrics.failed(endpoint: endpoint, kind: failure.kind)
        gateway.metrics.requestFinished(endpoint: endpoint, status: status, after: elapsed)
        let level: Logger.Level = failure.status >= 500 ? .error : (failure.kind == .cancelled ? .info : .notice)
        logger.log(
            level: level, "failed",
            metadata: [
                "status": "\(status)", "kind": "\(failure.kind.rawValue)", "error": "\(failure.message)",
                "duration_ms": "\(elapsed.nanoseconds / 1_000_000)",
            ])
        span.attributes["http.response.status_code"] = status
        span.attributes["switchboard.error_kind"] = failure.kind.rawValue
        span.setStatus(SpanStatus(code: .error, message: failure.message))
        span.end()
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
