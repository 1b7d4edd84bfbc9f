/// One request a ``WireProtocol`` sends beside the chat stream (embeddings, the model list): the client, the
/// absolute URL and what every request of the instance carries.
public struct WireExchange: Sendable {
    /// The instance's HTTP client, whose errors go through the wire's error mapper.
    public let http: ProviderHTTPClient
    /// The absolute URL of the endpoint.
    public let url: String
    /// The absolute URL of another path under the API root (Ollama's `api/show` beside `api/tags`).
    public let address: @Sendable (String) -> String
    /// The instance's headers: authentication, the wire's own and the configured ones.
    public let headers: [HTTPHeader]
    /// The longest the exchange may take; nil for the host's default.
    public let timeout: Duration?
    /// The instance.
    public let context: WireContext
    /// The model a listed id is: the provider's catalog entry for it, or a chat model with that id.
    public let describe: @Sendable (String) -> ModelInfo
}

extension WireExchange {
    /// The most pages ``allPages(maximumPages:_:)`` reads unless told otherwise.
    public static let defaultMaximumPages = 20

    /// `GET`s this exchange's URL with `query` appended (each name and value percent-encoded) and reads the answer's
    /// JSON as `type`; the request carries the instance's headers and asks for JSON.
    /// - Throws: what ``ProviderHTTPClient/json(_:_:)`` throws.
    public func getJSON<Response: Decodable>(
        _ type: Response.Type, query: [(name: String, value: String)] = []
    ) async throws -> Response {
        let parameters = query.map { $0.name.percentEncoded() + "=" + $0.value.percentEncoded() }
        let request = HTTPRequest(
            method: "GET", url: parameters.isEmpty ? url : url + "?" + parameters.joined(separator: "&"),
            headers: headers + [HTTPHeader("accept", "application/json")], timeout: timeout)
        return try await http.json(type, request)
    }

    /// Every item of a listing served in pages: `page` is called without a cursor, then with the cursor each page
    /// hands out, until a page hands out none (or an empty one) or `maximumPages` pages are read, so a server that
    /// keeps handing out cursors cannot keep the listing going for ever.
    /// - Parameter page: reads the page at `cursor`; returns its items and the next page's cursor.
    public func allPages<Item>(
        maximumPages: Int = defaultMaximumPages,
        _ page: (_ cursor: String?) async throws -> (items: [Item], next: String?)
    ) async throws -> [Item] {
        var items: [Item] = []
        var cursor: String?
        for _ in 0..<maximumPages {
            let (read, next) = try await page(cursor)
            items += read
            guard let next, !next.isEmpty else { break }
            cursor = next
        }
        return items
    }
}
