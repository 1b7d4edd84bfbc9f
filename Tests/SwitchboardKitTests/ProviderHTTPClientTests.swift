import SwitchboardKit
import Testing

@Suite("Provider HTTP client")
struct ProviderHTTPClientTests {
    static let url = "https://api.example.com/v1/chat"

    static func collect<Elements: AsyncSequence>(_ stream: Elements) async throws -> [Elements.Element] {
        var elements: [Elements.Element] = []
        for try await element in stream { elements.append(element) }
        return elements
    }

    /// Whatever `body` threw (nil when it returned).
    static func thrown(_ body: () async throws -> Void) async -> (any Error)? {
        do {
            try await body()
            return nil
        } catch {
            return error
        }
    }

    // MARK: Non-2xx answers

    @Test(
        "a non-2xx answer becomes the default mapped error, with http_status and retry-after",
        arguments: [
            (429, ProviderError.Kind.rateLimited), (401, .authentication), (500, .server), (503, .overloaded),
        ])
    func defaultErrorMapping(status: Int, kind: ProviderError.Kind) async throws {
        let transport = ScriptedTransport(
            status: status,
            headers: [HTTPHeader("Retry-After", "12")],
            chunks: [#"{"error":{"mess"#, #"age":"try later"}}"#]
        )
        let client = ProviderHTTPClient(transport: transport, provider: "acme")
        let error = try await #require(throws: ProviderError.self) {
            _ = try await client.send(HTTPRequest(method: "GET", url: Self.url))
        }
        #expect(error == ProviderError(kind, "try later", provider: "acme", httpStatus: status, retryAfter: 12))
    }

    @Test("a custom error mapper gets the head and the whole body, and its error is thrown")
    func customErrorMapper() async throws {
        let seen = Locked<(status: Int, header: String?, body: String)?>(nil)
        let transport = ScriptedTransport(
            status: 400, headers: [HTTPHeader("x-request-id", "req_1")],
            chunks: ["{\"error\":", "{\"code\":\"context_length_exceeded\"}}"])
        let client = ProviderHTTPClient(transport: transport, provider: "acme") { head, body in
            seen.withLock { $0 = (head.status, head[header: "X-Request-Id"], String(decoding: body, as: UTF8.self)) }
            return ProviderError(.contextWindowExceeded, "too long", provider: "mapped")
        }
        await #expect(throws: ProviderError(.contextWindowExceeded, "too long", provider: "mapped")) {
            _ = try await client.postSSE(Self.url, body: [])
        }
        let observed = try #require(seen.withLock { $0 })
        #expect(observed.status == 400)
        #expect(observed.header == "req_1")
        #expect(observed.body == #"{"error":{"code":"context_length_exceeded"}}"#)
    }

    @Test("every non-2xx status fails and every 2xx passes", arguments: [199, 200, 204, 299, 300, 304, 404])
    func successRange(status: Int) async throws {
        let client = ProviderHTTPClient(transport: ScriptedTransport(status: status), provider: "acme")
        let error = await Self.thrown { _ = try await client.send(HTTPRequest(method: "GET", url: Self.url)) }
        #expect((error == nil) == (200..<300).contains(status))
    }

    // MARK: Transport errors

    @Test("a transport error gets the client's provider name filled in")
    func transportErrorProvider() async throws {
        let client = ProviderHTTPClient(
            transport: ScriptedTransport.failing(with: ProviderError(.connection, "refused")), provider: "acme")
        await #expect(throws: ProviderError(.connection, "refused", provider: "acme")) {
            _ = try await client.postSSE(Self.url, body: [])
        }
    }

    @Test("a transport error that names a provider keeps it; other errors pass through unchanged")
    func transportErrorKept() async throws {
        let named = ProviderHTTPClient(
            transport: ScriptedTransport.failing(with: ProviderError(.timeout, "slow", provider: "host")),
            provider: "acme")
        await #expect(throws: ProviderError(.timeout, "slow", provider: "host")) {
            _ = try await named.data(HTTPRequest(method: "GET", url: Self.url))
        }
        let plain = ProviderHTTPClient(transport: ScriptedTransport.failing(with: PlainError("boom")), provider: "acme")
        await #expect(throws: PlainError("boom")) {
            _ = try await plain.data(HTTPRequest(method: "GET", url: Self.url))
        }
    }

    @Test("an error in the middle of an SSE body ends the stream with the provider named")
    func bodyErrorMidStream() async throws {
        let transport = ScriptedTransport(
            chunks: ["data: one\n\n", "data: tw"], endingWith: ProviderError(.connection, "reset"))
        let client = ProviderHTTPClient(transport: transport, provider: "acme")
        let stream = try await client.postSSE(Self.url, body: [])
        var events: [ServerSentEvent] = []
        let error = await Self.thrown { for try await event in stream { events.append(event) } }
        #expect(events == [ServerSentEvent(data: "one")])
        #expect(error as? ProviderError == ProviderError(.connection, "reset", provider: "acme"))
    }

    // MARK: postSSE

    @Test("postSSE yields the events parsed across chunk splits")
    func postSSEEvents() async throws {
        let transport = ScriptedTransport(chunks: [
            "event: delta\nda", "ta: {\"a\"", ":1}\r", "\n\r\n: ping\n\ndata: [DO", "NE]\n", "\n", "data: cut off",
        ])
        let client = ProviderHTTPClient(transport: transport, provider: "acme")
        let events = try await Self.collect(try await client.postSSE(Self.url, body: []))
        #expect(events == [ServerSentEvent(event: "delta", data: #"{"a":1}"#), ServerSentEvent(data: "[DONE]")])
    }

    @Test("postSSE POSTs the body with accept and JSON content-type headers after the caller's")
    func postSSERequest() async throws {
        let transport = ScriptedTransport(chunks: [])
        let client = ProviderHTTPClient(transport: transport, provider: "acme")
        _ = try await Self.collect(
            try await client.postSSE(
                Self.url, headers: [HTTPHeader("authorization", "Bearer k")], body: Array("{}".utf8),
                timeout: .seconds(30)
            ))
        let request = try #require(transport.requests.first)
        #expect(transport.requests.count == 1)
        #expect(request.method == "POST")
        #expect(request.url == Self.url)
        #expect(request.body == Array("{}".utf8))
        #expect(request.timeout == .seconds(30))
        #expect(
            request.headers == [
                HTTPHeader("authorization", "Bearer k"), HTTPHeader("accept", "text/event-stream"),
                HTTPHeader("content-type", "application/json"),
            ])
    }

    @Test(
        "a caller's content-type, in any case, is not duplicated",
        arguments: ["content-type", "Content-Type", "CONTENT-TYPE"])
    func callerContentType(name: String) async throws {
        let transport = ScriptedTransport(chunks: [])
        let client = ProviderHTTPClient(transport: transport, provider: "acme")
        _ = try await client.postSSE(Self.url, headers: [HTTPHeader(name, "application/vnd.api+json")], body: [])
        _ = try await client.postNDJSON(Self.url, headers: [HTTPHeader(name, "application/vnd.api+json")], body: [])
        _ = try? await client.postJSON(
            Echoed.self, Self.url, headers: [HTTPHeader(name, "application/vnd.api+json")], json: Echoed(text: ""))
        for request in transport.requests {
            let contentTypes = request.headers.filter { $0.name.lowercased() == "content-type" }
            #expect(contentTypes == [HTTPHeader(name, "application/vnd.api+json")])
        }
        #expect(transport.requests.count == 3)
    }

    // MARK: postJSON

    struct Echoed: Codable, Equatable {
        var text: String
    }

    @Test("postJSON POSTs the value as JSON with accept and content-type after the caller's, and decodes the answer")
    func postJSONRoundTrip() async throws {
        let transport = ScriptedTransport(chunks: [#"{"te"#, #"xt":"back"}"#])
        let client = ProviderHTTPClient(transport: transport, provider: "acme")
        let answer = try await client.postJSON(
            Echoed.self, Self.url, headers: [HTTPHeader("authorization", "Bearer k")], json: Echoed(text: "out"),
            timeout: .seconds(5))
        #expect(answer == Echoed(text: "back"))
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.body == Array(#"{"text":"out"}"#.utf8))
        #expect(request.timeout == .seconds(5))
        #expect(
            request.headers == [
                HTTPHeader("authorization", "Bearer k"), HTTPHeader("accept", "application/json"),
                HTTPHeader("content-type", "application/json"),
            ])
    }

    @Test("postJSON's answer that is not the JSON expected is a server error that says so")
    func postJSONWrongShape() async throws {
        let client = ProviderHTTPClient(transport: ScriptedTransport(chunks: [#"{"data":[]}"#]), provider: "acme")
        let error = try await #require(throws: ProviderError.self) {
            _ = try await client.postJSON(Echoed.self, Self.url, json: Echoed(text: "out"))
        }
        #expect(error.kind == .server)
        #expect(error.provider == "acme")
        #expect(error.message.hasPrefix("the response is not the JSON expected:"))
    }

    // MARK: postNDJSON

    @Test("postNDJSON yields every line, the final unterminated one included")
    func postNDJSONLines() async throws {
        let transport = ScriptedTransport(chunks: ["{\"a\":1}\n{\"b\"", ":2}\r\n\n", "{\"c\":", "3}"])
        let client = ProviderHTTPClient(transport: transport, provider: "acme")
        let lines = try await Self.collect(try await client.postNDJSON(Self.url, body: Array("{}".utf8)))
        #expect(lines.map { String(decoding: $0, as: UTF8.self) } == [#"{"a":1}"#, #"{"b":2}"#, #"{"c":3}"#])
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(
            request.headers == [
                HTTPHeader("accept", "application/x-ndjson"), HTTPHeader("content-type", "application/json"),
            ])
    }

    @Test("an error in the middle of an NDJSON body ends the stream with the provider named")
    func postNDJSONError() async throws {
        let transport = ScriptedTransport(
            chunks: ["{\"a\":1}\n{\"b\""], endingWith: ProviderError(.timeout, "read timeout"))
        let client = ProviderHTTPClient(transport: transport, provider: "acme")
        let stream = try await client.postNDJSON(Self.url, body: [])
        var lines: [[UInt8]] = []
        let error = await Self.thrown { for try await line in stream { lines.append(line) } }
        #expect(lines == [Array(#"{"a":1}"#.utf8)])
        #expect(error as? ProviderError == ProviderError(.timeout, "read timeout", provider: "acme"))
    }

    // MARK: data and json

    struct Reply: Decodable, Equatable {
        var name: String
        var count: Int
    }

    @Test("data returns the head and the whole body")
    func dataCollects() async throws {
        let transport = ScriptedTransport(status: 201, headers: [HTTPHeader("x-id", "7")], chunks: ["ab", "", "cd"])
        let client = ProviderHTTPClient(transport: transport, provider: "acme")
        let (head, body) = try await client.data(HTTPRequest(method: "GET", url: Self.url))
        #expect(head.status == 201 && head[header: "X-ID"] == "7")
        #expect(body == Array("abcd".utf8))
    }

    @Test("json decodes a body that arrives in chunks")
    func jsonDecodes() async throws {
        let client = ProviderHTTPClient(
            transport: ScriptedTransport(chunks: [#"{"name":"#, #""llama3","count""#, ":3}"]), provider: "acme")
        #expect(
            try await client.json(Reply.self, HTTPRequest(method: "GET", url: Self.url))
                == Reply(name: "llama3", count: 3))
    }

    @Test(
        "json reports a body it cannot decode as a server error of this provider",
        arguments: [
            (#"{"count":3}"#, #"missing key "name" at the top level"#),
            (#"{"name":"x","count":"three"}"#, "expected Int at count"),
            ("not json", "the response is not the JSON expected: "),
        ])
    func jsonDecodingFailure(body: String, detail: String) async throws {
        let client = ProviderHTTPClient(transport: ScriptedTransport(chunks: [body]), provider: "acme")
        let error = try await #require(throws: ProviderError.self) {
            _ = try await client.json(Reply.self, HTTPRequest(method: "GET", url: Self.url))
        }
        #expect(error.kind == .server)
        #expect(error.provider == "acme")
        #expect(error.message.hasPrefix("the response is not the JSON expected: "))
        #expect(error.message.contains(detail))
    }

    @Test("json maps a non-2xx answer before decoding")
    func jsonNon2xx() async throws {
        let client = ProviderHTTPClient(
            transport: ScriptedTransport(status: 404, chunks: [#"{"error":"model 'x' not found"}"#]), provider: "acme")
        await #expect(throws: ProviderError(.notFound, "model 'x' not found", provider: "acme", httpStatus: 404)) {
            _ = try await client.json(Reply.self, HTTPRequest(method: "GET", url: Self.url))
        }
    }
}
