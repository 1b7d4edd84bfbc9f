#if canImport(Glibc)
    import Glibc
#endif
import Foundation
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// A client that reads slowly slows the upstream read, through every buffer between them, instead of the gateway
/// holding the whole answer: the upstream (a server that stops writing while its send buffer is full, as real ones
/// do) stalls far short of its answer, and the client, reading on at full speed, still gets every byte in order.
///
/// The answer is 16 MB: the operating system's own socket buffers on the way (the gateway's send buffer to the client
/// grows to 4 MB on Linux) hold about 5 MB of any answer, so a 10 MB answer would leave too little room to tell a
/// bounded gateway from one that reads everything. With the gateway's buffers bounded the upstream stalls near 5 MB,
/// whatever the answer's size.
@Suite("gateway: backpressure from a slow client")
struct GatewayBackpressureTests {
    /// 15,000 deltas of 1,000 characters: about 16 MB of SSE.
    static let deltas = 15000
    static func delta(_ number: Int) -> String {
        String(format: "<%05d>", number) + String(repeating: "a", count: 993)
    }

    @Test(.timeLimit(.minutes(3)))
    func aClientReadingOneByteAMillisecondSlowsTheUpstream() async throws {
        var steps: [MockHTTPServer.Step] = [
            .text(
                #"data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-6.1-terra","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}"#
                    + "\n\n")
        ]
        for number in 0..<Self.deltas {
            steps.append(
                .text(
                    #"data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-6.1-terra","choices":[{"index":0,"delta":{"content":""#
                        + Self.delta(number) + #""},"finish_reason":null}]}"# + "\n\n"))
        }
        steps.append(
            .text(
                #"data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-6.1-terra","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#
                    + "\n\ndata: [DONE]\n\n"))
        let total = steps.reduce(0) { total, step in
            if case .bytes(let bytes) = step { total + bytes.count } else { total }
        }
        #expect(total > 16_000_000)
        let answer = MockHTTPServer.Response(headers: [("content-type", "text/event-stream")], chunks: steps)
        let upstream = try await MockHTTPServer.start(sendBuffer: 64 * 1024) { _ in answer }
        defer { Task { try await upstream.shutdown() } }
        try await RunningGateway.with(try GatewayStreamingTests.upstreamConfiguration(upstream)) { gateway in
            let client = try RawConnection(port: gateway.port)
            defer { client.close() }
            let json = #"{"model":"openai/gpt-6.1-terra","stream":true,"messages":[{"role":"user","content":"hi"}]}"#
            try client.send(
                "POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
                    + "content-length: \(json.utf8.count)\r\nconnection: close\r\n\r\n" + json)
            // One byte a millisecond for a second, then not at all while the upstream is watched.
            let head = await client.onThread { client in
                (0..<1000).flatMap { _ in
                    defer { usleep(1000) }
                    return client.read(upTo: 1)
                }
            }
            #expect(String(decoding: head, as: UTF8.self).hasPrefix("HTTP/1.1 200"))
            let stalledAt = try await upstream.bodyBytesSentOnceStalled()
            #expect(
                stalledAt < total / 2, "the upstream sent \(stalledAt) of \(total) bytes to a client that read 1,000")
            // The rest at full speed: every delta arrives, once, in order. Read and checked on the client's thread:
            // 16 MB of parsing in the test's task would hold one of the cooperative pool's two threads for seconds,
            // and starve the suites running beside this one.
            let (text, complete) = await client.onThread { client in
                var bytes = head
                while case let chunk = client.read(upTo: 1 << 16), !chunk.isEmpty { bytes += chunk }
                guard let body = try? Self.dechunked(bytes) else { return ("", false) }
                let text = body.split(separator: "\n").compactMap { line -> String? in
                    guard line.hasPrefix("data: {") else { return nil }
                    let event = try? JSONParser.parse(String(line.dropFirst(6)))
                    return event?["choices", 0, "delta", "content"]?.stringValue
                }.joined()
                let expected = (0..<Self.deltas).map(Self.delta).joined()
                return (text == expected ? "every delta" : String(text.prefix(200)), body.hasSuffix("data: [DONE]\n\n"))
            }
            #expect(text == "every delta")
            #expect(complete)
            #expect(upstream.bodyBytesSent == total)
        }
    }

    /// The body of an HTTP/1.1 response with chunked transfer encoding, as text.
    static func dechunked(_ response: [UInt8]) throws -> String {
        let text = String(decoding: response, as: UTF8.self)
        guard let headEnd = text.range(of: "\r\n\r\n") else { throw GatewayTestError("no end of head") }
        var rest = Substring(text[headEnd.upperBound...]).utf8
        var body: [UInt8] = []
        while let lineEnd = rest.firstRange(of: "\r\n".utf8) {
            guard let size = Int(String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self), radix: 16) else {
                throw GatewayTestError("a chunk size that is not hexadecimal")
            }
            if size == 0 { break }
            let start = lineEnd.upperBound
            let end = rest.index(start, offsetBy: size)
            body += rest[start..<end]
            rest = rest[rest.index(end, offsetBy: 2)...]
        }
        return String(decoding: body, as: UTF8.self)
    }
}
