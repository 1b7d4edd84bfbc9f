import Testing

@testable import SwitchboardKit

/// The listing requests a wire sends beside the chat stream: a JSON `GET` with a query, and a listing that pages.
@Suite("Wire exchange")
struct WireExchangeTests {
    struct Page: Decodable {
        let items: [String]
        let next: String?
    }

    /// An exchange for `https://api.example.com/v1/models` over `transport`, with a key header.
    static func exchange(_ transport: ScriptedTransport) -> WireExchange {
        WireExchange(
            http: ProviderHTTPClient(transport: transport, provider: "acme"),
            url: "https://api.example.com/v1/models", address: { "https://api.example.com/v1/" + $0 },
            headers: [HTTPHeader("x-api-key", "sk-test")], timeout: .seconds(7),
            context: WireContext(provider: "acme"), describe: { ModelInfo(id: $0) })
    }

    @Test func getJSONEncodesEveryQueryNameAndValueAndAsksForJSON() async throws {
        let transport = ScriptedTransport(chunks: [#"{"items":["a"],"next":null}"#])
        let page = try await Self.exchange(transport).getJSON(
            Page.self, query: [("page size", "10"), ("after", "a&b=c/d+é~")])
        #expect(page.items == ["a"])
        let request = try #require(transport.requests.first)
        #expect(request.method == "GET")
        #expect(request.url == "https://api.example.com/v1/models?page%20size=10&after=a%26b%3Dc%2Fd%2B%C3%A9~")
        #expect(request.headers.contains(HTTPHeader("x-api-key", "sk-test")))
        #expect(request.headers.contains(HTTPHeader("accept", "application/json")))
        #expect(request.timeout == .seconds(7))
    }

    @Test func percentEncodingKeepsOnlyTheUnreservedCharactersAndThoseAskedFor() {
        #expect("a&b=c/d+é~".percentEncoded() == "a%26b%3Dc%2Fd%2B%C3%A9~")
        #expect("tunedModels/my model é".percentEncoded(keeping: "/") == "tunedModels/my%20model%20%C3%A9")
    }

    @Test func withoutAQueryTheURLIsTheEndpointAsItIs() async throws {
        let transport = ScriptedTransport(chunks: [#"{"items":[],"next":null}"#])
        _ = try await Self.exchange(transport).getJSON(Page.self)
        #expect(transport.requests.map(\.url) == ["https://api.example.com/v1/models"])
    }

    @Test func allPagesFollowsTheCursorsUntilAPageHandsOutNone() async throws {
        let pages = ["": (["a", "b"], "c2"), "c2": (["c"], "")]
        let asked = Locked<[String?]>([])
        let items = try await Self.exchange(ScriptedTransport()).allPages { cursor in
            asked.withLock { $0.append(cursor) }
            let (items, next) = try #require(pages[cursor ?? ""])
            return (items, next)
        }
        #expect(items == ["a", "b", "c"])
        #expect(asked.withLock { $0 } == [nil, "c2"], "an empty cursor ends the listing")
    }

    @Test func aServerThatKeepsHandingOutCursorsIsReadForTheMaximumPagesOnly() async throws {
        let asked = Locked(0)
        let items = try await Self.exchange(ScriptedTransport()).allPages(maximumPages: 3) { cursor in
            let count = asked.withLock { count -> Int in
                count += 1
                return count
            }
            return (["item \(count)"], "page \(count + 1)")
        }
        #expect(items == ["item 1", "item 2", "item 3"])
        #expect(asked.withLock { $0 } == 3)
        #expect(WireExchange.defaultMaximumPages == 20)
    }

    @Test func aFailedPageFailsTheListing() async throws {
        let transport = ScriptedTransport(status: 500, chunks: [#"{"error":{"message":"listing is down"}}"#])
        let exchange = Self.exchange(transport)
        let error = try await #require(throws: ProviderError.self) {
            _ = try await exchange.allPages { cursor in
                let page = try await exchange.getJSON(Page.self, query: cursor.map { [("after", $0)] } ?? [])
                return (page.items, page.next)
            }
        }
        #expect(error.kind == .server)
        #expect(error.message == "listing is down")
        #expect(error.httpStatus == 500)
    }
}
