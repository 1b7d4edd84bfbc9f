import Foundation
import Switchboard
import SwitchboardGateway
import SwitchboardKit
import Testing

/// `SwitchboardHost.resolve`: the one reading of a model name that the CLI, the gateway and embedding programs share.
@Suite("Model selection in the host")
struct ModelSelectorTests {
    /// Two Echo instances, an alias with its own strategy, an agent, and `routing.strategy: cascade`.
    static func host() throws -> SwitchboardHost {
        let configuration = try ConfigurationLoader(
            environment: [:], homeDirectory: "/nonexistent-home", sections: [.gateway]
        ).decode(
            yaml: """
                plugins:
                  directories: [\(TestSupport.buildDirectory)]
                  include_default_directories: false
                  enable: [echo]
                providers:
                  echo: {plugin: echo, local: true}
                  parrot: {plugin: echo, local: true, settings: {prefix: "parrot: "}}
                routing:
                  strategy: cascade
                agents:
                  mimic: {provider: parrot}
                gateway:
                  aliases:
                    auto: {}
                    racing: {strategy: parallel}
                """, name: "test.yaml")
        return SwitchboardHost(configuration: configuration)
    }

    static let request = ChatRequest(model: "", messages: [.user("hi")])

    @Test func aPinnedModelRunsTheConfiguredStrategy() async throws {
        let host = try Self.host()
        let route = try await host.resolve(ModelSelector("parrot/echo"), for: Self.request)
        #expect(route.target == .model(provider: "parrot", id: "echo"))
        #expect(route.candidates.map(\.id) == ["parrot/echo"])
        #expect(route.strategy.name == .cascade)
        #expect(route.alias == nil)
        // `--provider parrot --model echo` is the same selection as `parrot/echo`.
        let split = try await host.resolve(ModelSelector("echo", provider: "parrot"), for: Self.request)
        #expect(split.candidates.map(\.id) == ["parrot/echo"])
        #expect(split.strategy.name == .cascade)
    }

    @Test func aBareModelIdIsAnsweredByEveryProviderThatOffersIt() async throws {
        let route = try await Self.host().resolve(ModelSelector("echo"), for: Self.request)
        #expect(route.target == .model(provider: nil, id: "echo"))
        #expect(Set(route.candidates.map(\.id)) == ["echo/echo", "parrot/echo"])
        #expect(route.candidates.allSatisfy { $0.availability.status == .available })
        #expect(route.strategy.name == .cascade)
    }

    @Test func aliasesRunTheirOwnStrategyAndAutoIsTheAutoAlias() async throws {
        let host = try Self.host()
        let racing = try await host.resolve(ModelSelector("racing"), for: Self.request)
        #expect(racing.alias == "racing")
        #expect(racing.strategy.name == .parallel)
        #expect(racing.candidates.count == 2)
        for selector in [ModelSelector.automatic, ModelSelector("auto"), ModelSelector("")] {
            let route = try await host.resolve(selector, for: Self.request)
            #expect(route.target == .alias("auto"))
            #expect(route.strategy.name == .cascade)
            #expect(route.candidates.count == 2)
        }
        // Without an `auto` alias (a gateway configured without one), the router chooses all the same.
        let bare = try await host.resolve(.automatic, for: Self.request, aliases: [])
        #expect(bare.target == .router)
        #expect(bare.candidates.count == 2)
    }

    @Test func agentsAreNamesToo() async throws {
        let route = try await Self.host().resolve(ModelSelector("mimic"), for: Self.request)
        #expect(route.target == .agent("mimic"))
        #expect(route.candidates.map(\.id) == ["parrot/echo"])
    }

    @Test func aModelTheCatalogDoesNotListIsStillAskedOfTheProviderNamed() async throws {
        let route = try await Self.host().resolve(ModelSelector("echo/pulled-since"), for: Self.request)
        #expect(route.candidates.map(\.id) == ["echo/pulled-since"])
        #expect(route.candidates.first?.rationale == "named explicitly; not in the registry's catalog")
    }

    @Test func unknownNamesAreNotFoundSayingWhatExists() async throws {
        let host = try Self.host()
        let error = await #expect(throws: ProviderError.self) {
            try await host.resolve(ModelSelector("gpt-9"), for: Self.request)
        }
        #expect(error?.kind == .notFound)
        #expect(error?.message.contains("no provider offers a model \"gpt-9\"") == true)
        #expect(error?.message.contains("auto, racing, mimic") == true)
        let provider = await #expect(throws: ProviderError.self) {
            try await host.resolve(ModelSelector("echo", provider: "nowhere"), for: Self.request)
        }
        #expect(provider?.message.contains("no provider named \"nowhere\"") == true)
    }
}
