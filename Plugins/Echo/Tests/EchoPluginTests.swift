import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// The Echo plugin through the loader: the plugin boundary without a network.
@Suite("Echo plugin")
struct EchoPluginTests {
    @Test func itAnswersWithThePromptWordByWord() async throws {
        let provider = try BuiltPlugin.load(product: "SwitchboardEchoPlugin").makeProvider(
            name: "echo", settings: ["prefix": "You said: "])
        let (events, error) = await provider.collect(
            ChatRequest(model: "echo", messages: [.user("hello plugin world")]))
        #expect(error == nil)
        let deltas = events.compactMap { if case .textDelta(let text) = $0 { text } else { nil } }
        #expect(deltas == ["You ", "said: ", "hello ", "plugin ", "world"])
        #expect(events.last == .finish(.stop))
    }

    @Test func anErrorCrossesTheBoundaryWithItsKind() async throws {
        let provider = try BuiltPlugin.load(product: "SwitchboardEchoPlugin").makeProvider(name: "echo")
        let request = ChatRequest(model: "echo", messages: [.user("x")], metadata: ["echo.error": "overloaded"])
        let (_, error) = await provider.collect(request)
        #expect(error?.kind == .overloaded)
        #expect(error?.provider == "echo")
        #expect(error?.message == "echo was asked to fail with overloaded")
    }

    @Test func aBadSettingIsRefusedWithItsName() throws {
        let plugin = try BuiltPlugin.load(product: "SwitchboardEchoPlugin")
        #expect(throws: ProviderError.self) { try plugin.makeProvider(name: "echo", settings: ["prefix": 42]) }
        do {
            _ = try plugin.makeProvider(name: "echo2", settings: ["prefix": 42])
        } catch let error as ProviderError {
            #expect(error.message == "setting \"prefix\" of provider \"echo2\" must be a string; found a number")
            #expect(error.provider == "echo2")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
