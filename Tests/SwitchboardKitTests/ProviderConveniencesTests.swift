import Foundation
import SwitchboardKit
import Testing

/// The SDK helpers a new provider is written with: snake_case JSON both ways, vendor error codes, the usual settings.
@Suite("Provider conveniences")
struct ProviderConveniencesTests {
    struct Chunk: Decodable, Equatable {
        struct Tokens: Decodable, Equatable { var inputTokens: Int }
        var delta: String?
        var finishReason: String?
        var usage: Tokens?
    }

    struct Body: Encodable {
        var model: String
        var maxTokens: Int?
        var topP: Double?
    }

    @Test func anEventsDataDecodesWithSnakeCaseKeys() throws {
        let event = ServerSentEvent(data: #"{"finish_reason":"stop","usage":{"input_tokens":9}}"#)
        let chunk = try event.json(Chunk.self, provider: "acme")
        #expect(chunk == Chunk(delta: nil, finishReason: "stop", usage: .init(inputTokens: 9)))
    }

    @Test func anEventThatIsNotTheJSONExpectedIsAServerErrorQuotingIt() {
        let event = ServerSentEvent(data: #"{"delta":42}"#)
        #expect {
            try event.json(Chunk.self, provider: "acme")
        } throws: { error in
            let error = error as? ProviderError
            return error?.kind == .server && error?.provider == "acme"
                && error?.message.hasPrefix("the stream sent an event that is not the JSON expected (") == true
                && error?.message.hasSuffix(#"): {"delta":42}"#) == true
        }
    }

    @Test func postSSEWithAValueSendsItAsSnakeCaseJSON() async throws {
        let transport = ScriptedTransport(status: 200, headers: [], chunks: ["data: {\"delta\":\"hi\"}\n\n"])
        let client = ProviderHTTPClient(transport: transport, provider: "acme")
        let events = try await client.postSSE(
            "https://api.example.com/chat", json: Body(model: "m", maxTokens: 64, topP: nil))
        var received: [ServerSentEvent] = []
        for try await event in events { received.append(event) }
        #expect(received.map(\.data) == [#"{"delta":"hi"}"#])
        let sent = try #require(transport.requests.first)
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(sent.body)) == ["model": "m", "max_tokens": 64])
        #expect(sent.headers.contains(HTTPHeader("content-type", "application/json")))
    }

    @Test(arguments: [
        (
            400, #"{"error":{"message":"too long for sk-live-123","code":"context_length_exceeded"}}"#,
            ProviderError.Kind.contextWindowExceeded
        ),
        (400, #"{"error":{"message":"bad","type":"content_filter"}}"#, .contentPolicy),
        (400, #"{"error":{"message":"bad","code":"unknown_code"}}"#, .invalidRequest),
        (429, #"{"error":{"message":"slow down"}}"#, .rateLimited),
        (503, "not json at all", .overloaded),
    ])
    func aVendorCodeRefinesTheStatusKindAndSecretsAreRedacted(status: Int, body: String, kind: ProviderError.Kind) {
        let error = HTTPErrorMapping.error(
            head: HTTPResponseHead(status: status, headers: []),
            body: Array(body.utf8),
            provider: "acme",
            codes: ["context_length_exceeded": .contextWindowExceeded, "content_filter": .contentPolicy],
            secrets: ["sk-live-123", nil]
        )
        #expect(error.kind == kind)
        #expect(error.httpStatus == status)
        #expect(error.provider == "acme")
        #expect(!error.message.contains("sk-live-123"))
    }

    @Test func theVendorCodeIsErrorCodeThenErrorType() {
        #expect(HTTPErrorMapping.vendorCode(from: Array(#"{"error":{"code":"a","type":"b"}}"#.utf8)) == "a")
        #expect(HTTPErrorMapping.vendorCode(from: Array(#"{"error":{"code":7,"type":"b"}}"#.utf8)) == "b")
        #expect(HTTPErrorMapping.vendorCode(from: Array(#"{"error":"plain"}"#.utf8)) == nil)
        #expect(HTTPErrorMapping.vendorCode(from: Array("<html>".utf8)) == nil)
    }

    @Test func theUsualSettingsAreDeclaredTheWayTheContextReadsThem() {
        let baseURL = SettingDescriptor.baseURL(default: "https://api.example.com/v1")
        #expect(baseURL.name == "base_url")
        #expect(baseURL.defaultValue == "https://api.example.com/v1")
        let key = SettingDescriptor.apiKey(variable: "ACME_API_KEY")
        #expect(key.map(\.name) == ["api_key", "api_key_env"])
        #expect(key.map(\.secret) == [true, false])
        #expect(key[0].defaultValue == nil)
        #expect(key[0].description.contains("ACME_API_KEY"))
    }
}
