import Foundation
import Synchronization
import SwitchboardKit
import SwitchboardTesting
import Testing

@testable import Switchboard

/// The host's exchange for a plugin, read in the caller's task straight from AsyncHTTPClient: every chunk in order,
/// the next not read before the caller is done with the last, and the request's deadline holding over the body too.
@Suite("AsyncHTTPClient exchange read in the caller's task")
struct CallerReadingExchangeTests {
    private static func request(_ server: MockHTTPServer, timeout: Duration? = nil) -> HTTPRequest {
        HTTPRequest(
            method: "POST", url: server.baseURL + "/v1/chat/completions", body: Array("{}".utf8), timeout: timeout)
    }

    @Test func theHeadThenEveryChunkInOrder() async throws {
        let server = try await MockHTTPServer.start { _ in
            MockHTTPServer.Response(
                status: 200, headers: [("content-type", "text/event-stream")],
                chunks: [.text("data: one\n\n"), .delay(.milliseconds(20)), .text("data: two\n\n")])
        }
        defer { Task { try await server.shutdown() } }
        let heads = Mutex<[Int]>([])
        let received = Mutex<[UInt8]>([])
        try await AsyncHTTPClientTransport.shared.exchange(Self.request(server)) { head in
            heads.withLock { $0.append(head.status) }
            #expect(head.headers.contains { $0.name.lowercased() == "content-type" && $0.value == "text/event-stream" })
        } onChunk: { chunk in
            #expect(heads.withLock { $0 } == [200], "the head comes first")
            received.withLock { $0 += chunk }
        }
        #expect(String(decoding: received.withLock { $0 }, as: UTF8.self) == "data: one\n\ndata: two\n\n")
    }

    @Test func aBodyThatStopsComingTimesOutWithTheRequestsDeadline() async throws {
        let server = try await MockHTTPServer.start { _ in
            MockHTTPServer.Response(
                status: 200, headers: [("content-type", "text/event-stream")], chunks: [.text("data: one\n\n"), .hang])
        }
        defer { Task { try await server.shutdown() } }
        let received = Mutex(0)
        // In a task of its own, as the host runs every exchange: the deadline cancels the task reading the body, and
        // Swift Testing takes a cancelled test's own task for a cancelled test. Five seconds, so that on a loaded
        // machine the head and the first chunk still come before the deadline, which then passes in the body.
        let exchange = Task {
            try await AsyncHTTPClientTransport.shared.exchange(Self.request(server, timeout: .seconds(5))) { _ in
            } onChunk: { chunk in
                received.withLock { $0 += chunk.count }
            }
        }
        let error = await #expect(throws: ProviderError.self) { try await exchange.value }
        #expect(received.withLock { $0 } == "data: one\n\n".utf8.count)
        #expect(error?.kind == .timeout)
        #expect(
            error?.message == "the request to \(server.baseURL) did not finish within its timeout of 5.0 seconds",
            "\(String(describing: error))")
    }

    @Test func aCallerThatThrowsEndsTheExchangeWithItsError() async throws {
        let server = try await MockHTTPServer.start { _ in
            MockHTTPServer.Response(status: 200, chunks: [.text("first"), .delay(.milliseconds(20)), .text("second")])
        }
        defer { Task { try await server.shutdown() } }
        let chunks = Mutex(0)
        await #expect(throws: ProviderError.self) {
            try await AsyncHTTPClientTransport.shared.exchange(Self.request(server)) { _ in
            } onChunk: { _ in
                chunks.withLock { $0 += 1 }
                throw ProviderError(.cancelled, "the plugin has had enough")
            }
        }
        #expect(chunks.withLock { $0 } == 1, "nothing is read after the caller stopped")
    }

    @Test func cancellingTheCallersTaskIsACancellationNotATimeout() async throws {
        let server = try await MockHTTPServer.start { _ in
            MockHTTPServer.Response(status: 200, chunks: [.text("data: one\n\n"), .hang])
        }
        defer { Task { try await server.shutdown() } }
        let started = Mutex(false)
        let exchange = Task {
            try await AsyncHTTPClientTransport.shared.exchange(Self.request(server, timeout: .seconds(600))) { _ in
            } onChunk: { _ in
                started.withLock { $0 = true }
            }
        }
        #expect(await eventually { started.withLock { $0 } })
        exchange.cancel()
        let error = await #expect(throws: ProviderError.self) { try await exchange.value }
        #expect(error?.kind == .cancelled, "\(String(describing: error))")
    }
}
