import Switchboard
import SwitchboardKit
import Testing

/// The client's `model` field is a selector the host resolves; the provider is asked for its own model id.
@Suite("gateway: the model field")
struct GatewayModelFieldTests {
    static let configuration = """
        providers:
          echo: {plugin: echo, local: true}
        """

    @Test(arguments: [
        ("/v1/chat/completions", "recorder/recorder"), ("/v1/messages", "recorder/recorder"),
        ("/v1/responses", "recorder/recorder"),
    ])
    func theProviderGetsItsModelIDNeverTheSelector(path: String, model: String) async throws {
        let recorder = RecordingProvider(name: "recorder", answer: "recorded")
        let configuration = try GatewayTestSupport.configuration(Self.configuration)
        try await RoutedGateway.with(configuration, prepare: { $0.registry.register(recorder) }) { gateway in
            // One body for every endpoint: each reads its own fields (`messages` or `input`) and ignores the others.
            let body =
                #"{"model":"\#(model)","max_tokens":16,"messages":[{"role":"user","content":"hi"}],"input":"hi"}"#
            let answer = try await gateway.send(path, json: body)
            #expect(answer.status == 200, "\(answer.body)")
            #expect(recorder.requests.map(\.model) == ["recorder"], "the provider's model id, never the selector")
            #expect(try answer.json["model"] == "recorder", "the model that answered, as its provider reports it")
        }
    }
}
