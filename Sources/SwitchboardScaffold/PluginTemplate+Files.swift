// Generated from plugin-template/ by `SWITCHBOARD_UPDATE_TEMPLATE=1 swift test --filter PluginTemplateTests`.
// Do not edit: change plugin-template/ and regenerate.

extension PluginTemplate {
    /// The template's files, sorted by path.
    public static let files: [TemplateFile] = [
        TemplateFile(
            path: ".gitignore",
            contents: ##"""
.build*/
Package.resolved

"""##
        ),
        TemplateFile(
            path: "Package.swift",
            contents: ##"""
// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "SkeletonPlugin",
    platforms: [.macOS(.v15)],
    products: [
        // The plugin: libSkeletonPlugin.so, which the Switchboard host loads with dlopen.
        .library(name: "SkeletonPlugin", type: .dynamic, targets: ["SkeletonPlugin"])
    ],
    dependencies: [
        // Switchboard's plugin kit: SwitchboardKit (the plugin SDK) and SwitchboardConformanceKit (the tests' side of
        // the conformance suite, which runs in the `switchboard` executable). Nothing of the host is built here.
        {{SWITCHBOARD_DEPENDENCY}}
    ],
    targets: [
        .target(
            name: "SkeletonPlugin",
            dependencies: [.product(name: "SwitchboardKit", package: "{{SWITCHBOARD_PACKAGE}}")]
        ),
        .testTarget(
            name: "SkeletonPluginTests",
            dependencies: [
                .product(name: "SwitchboardKit", package: "{{SWITCHBOARD_PACKAGE}}"),
                .product(name: "SwitchboardConformanceKit", package: "{{SWITCHBOARD_PACKAGE}}"),
            ]
        ),
    ]
)

for target in package.targets {
    target.swiftSettings = [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
    ]
}

"""##
        ),
        TemplateFile(
            path: "README.md",
            contents: ##"""
# SkeletonPlugin

A Switchboard provider plugin for Skeleton's chat API: one SwiftPM package whose one product,
`libSkeletonPlugin.so`, the Switchboard host loads with `dlopen`.

`switchboard new-provider` made this package from Switchboard's `plugin-template/`, naming the types, the plugin id
(`skeleton`), the product and the files after the provider. `docs/writing-a-provider.md` in the Switchboard
repository walks through every step below.

## Layout

| Path | What it is |
|---|---|
| `Package.swift` | The package: the dynamic-library product, and Switchboard's plugin kit as a dependency (`SwitchboardKit`, the plugin SDK, linked statically into the plugin; `SwitchboardConformanceKit` for the tests). Nothing of the host is built. |
| `Sources/SkeletonPlugin/SkeletonPlugin.swift` | The whole provider in 60 lines, top to bottom: settings (`HTTPSettings`), manifest, the wire (`WireProtocol`: chat path, authentication, request encoding, stream decoding, error mapping) that `WireProvider` runs. The file to edit. |
| `Tests/SkeletonPluginTests/SkeletonPluginTests.swift` | Switchboard's conformance suite run on the built `.so` (by the `switchboard` executable), and a test of the request the plugin sends. |
| `Tests/SkeletonPluginTests/SkeletonTranscripts.swift` | Skeleton's wire format as a local server replays it: a streamed answer, a cut-off one, an error body per failure. |

## Build, test, install

```sh
swift build                # writes .build/debug/libSkeletonPlugin.so
swift test                 # the conformance suite loads that file: build first
switchboard plugins install .build/debug/libSkeletonPlugin.so
```

The tests build only SwitchboardKit and SwitchboardConformanceKit; the checks run in `switchboard conformance`, which
loads the `.so` through the host's own loader and drives it against a local server replaying
`SkeletonTranscripts`. The `switchboard` used is `$SWITCHBOARD_CLI` if set, else the one that scaffolded this package
(its path is in `SkeletonPluginTests.swift`), else the one on `PATH`; a test that cannot find it says where it
looked. A failed check names the check, the plugin file and every difference it found. For the request on the wire,
`exchange(_:answering:)` returns the provider's answer and every request the server received (see
`theRequestIsWhatSkeletonsAPIExpects`).

`switchboard plugins install` loads the file once to check it, then copies it into `~/.switchboard/plugins` (or
`--plugins-dir DIR`). Build it with the same Swift compiler (major.minor) as the `switchboard` that loads it.

To use it, add a provider instance to the configuration (`~/.switchboard/config.yaml`):

```yaml
providers:
  skeleton:
    plugin: skeleton
    settings:
      base_url: https://api.skeleton.example/v1
      api_key_env: SKELETON_API_KEY
```

and ask it something: `switchboard complete --provider skeleton --model skeleton-chat "Say hello"`.

## Making it speak your API

1. **Manifest**: the plugin's id, name, version, settings, and the models with their capabilities, context windows
   and prices per million tokens. The conformance suite exercises every capability a model advertises.
2. **Request encoding**: `Body` is the JSON the API takes; `body(_:)` maps a `ChatRequest` into it.
3. **Stream decoding**: `Chunk` is one server-sent event's JSON; `ChunkDecoder` turns each into `StreamEvent`s and
   sets `isComplete` with the finish reason. A stream that ends before that is an error.
4. **Error mapping**: the vendor's error codes that refine the HTTP status's kind.
5. **Transcripts**: replace `SkeletonTranscripts` with answers recorded from the real API, and run `swift test`.

"""##
        ),
        TemplateFile(
            path: "Sources/SkeletonPlugin/SkeletonPlugin.swift",
            contents: ##"""
import SwitchboardKit

/// Skeleton's chat API as a Switchboard plugin: its manifest, and the wire description `WireProvider` runs. Replace
/// the placeholder wire format with your API's: POST {base_url}/chat {"model":…,"messages":[{"role":…,"content":…}],…}
/// streams events {"delta":"Hel"} … {"finish_reason":"stop","usage":{"input_tokens":9,"output_tokens":4}}.
enum SkeletonPlugin: ProviderPlugin {
    static let settings = HTTPSettings(baseURL: "https://api.skeleton.example/v1", apiKeyVariables: "SKELETON_API_KEY")
    static let manifest = PluginManifest(
        id: "skeleton", name: "Skeleton", version: "0.1.0",
        description: "Skeleton's chat API, streamed over server-sent events", providerKinds: ["skeleton"],
        settings: .declaring(settings), models: [model])
    static let model = ModelInfo(
        id: "skeleton-chat", capabilities: [.chat, .code], contextWindow: 32_768, maxOutputTokens: 4_096,
        pricing: Pricing(input: 0.5, output: 1.5), tier: .standard)
    static let wire = WireProtocol(
        chatPath: "chat", authentication: .bearer,
        encode: { request, context in try ProviderHTTPClient.jsonBody(try Body(request), provider: context.provider) },
        decoder: { _, context in ChunkDecoder(provider: context.provider) },
        error: HTTPErrorMapping.mapper(codes: ["context_length_exceeded": .contextWindowExceeded]))
    static func makeProvider(_ context: ProviderContext) throws -> any Provider {
        try WireProvider(context, wire: wire, settings: settings, catalog: manifest.models)
    }
}

/// The plugin's C entry point: hands the host the plugin's function table.
@_cdecl("switchboard_plugin_entry_v1")
public func switchboardPluginEntry(_ host: UnsafeRawPointer?) -> UnsafeRawPointer? {
    PluginExport.entry(host, SkeletonPlugin.self)
}

/// The request: `{"model":…,"messages":[{"role":…,"content":…}],"max_tokens":…,"stream":true}`.
struct Body: Encodable {
    struct Message: Encodable { var role, content: String }
    var model: String, messages: [Message], maxTokens: Int?, stream = true
    init(_ request: ChatRequest) throws {
        guard request.tools.isEmpty else { throw ProviderError(.unsupported, "Skeleton's API takes no tools") }
        (model, maxTokens) = (request.model, request.maxOutputTokens)
        messages = request.messages.map { Message(role: $0.role.rawValue, content: $0.text) }
    }
}

/// One streamed event: `{"delta":…}`, `{"finish_reason":…,"usage":{…}}` or `{"error":{"message":…}}`.
struct ChunkDecoder: StreamDecoder {
    struct Chunk: Decodable {
        struct Tokens: Decodable { var inputTokens, outputTokens: Int }
        var delta, finishReason: String?, usage: Tokens?, error: [String: String]?
    }
    var provider: String, isComplete = false
    mutating func decode(_ event: ServerSentEvent) throws -> [StreamEvent] {
        let chunk = try event.json(Chunk.self, provider: provider)
        if let error = chunk.error { throw ProviderError(.server, error["message"] ?? "error", provider: provider) }
        var events: [StreamEvent] = chunk.delta.map { [.textDelta($0)] } ?? []
        if let tokens = chunk.usage {
            events.append(.usage(Usage(inputUncached: tokens.inputTokens, outputText: tokens.outputTokens)))
        }
        if let reason = chunk.finishReason { events.append(.finish(FinishReason(rawValue: reason))) }
        isComplete = chunk.finishReason != nil
        return events
    }
}

"""##
        ),
        TemplateFile(
            path: "Tests/SkeletonPluginTests/SkeletonPluginTests.swift",
            contents: ##"""
import SwitchboardConformanceKit
import SwitchboardKit
import Testing

/// The built plugin (`libSkeletonPlugin.so`), checked by Switchboard's conformance suite in the `switchboard`
/// executable (`$SWITCHBOARD_CLI`, else the one that scaffolded this package, else the one on `PATH`) against a local
/// server that speaks Skeleton's wire format. Run `swift build` before `swift test`.
@Suite("Skeleton plugin")
struct SkeletonPluginTests {
    static let apiKey = "sk-skeleton-test-0123456789"

    /// Switchboard's conformance suite, pointed at this plugin and its transcripts.
    static func conformance() throws -> PluginConformance {
        try PluginConformance(
            product: "SkeletonPlugin",
            settings: { baseURL in ["base_url": .string(baseURL), "api_key": .string(apiKey)] },
            transcripts: SkeletonTranscripts.all,
            secrets: [apiKey],
            cli: SwitchboardCLI(recordedPath: "{{SWITCHBOARD_CLI}}")
        )
    }

    @Test(arguments: ConformanceCheck.allCases)
    func conformance(_ check: ConformanceCheck) async throws {
        try await Self.conformance().run(check)
    }

    @Test func theRequestIsWhatSkeletonsAPIExpects() async throws {
        let request = ChatRequest(
            model: "skeleton-chat", messages: [.system("Be brief."), .user("Say hello")], maxOutputTokens: 64)
        let exchange = try await Self.conformance().exchange(
            request, answering: .events(SkeletonTranscripts.answer))
        #expect(exchange.answer?.text == "Hello, world!")
        let sent = try #require(exchange.requests.first)
        #expect(sent.method == "POST")
        #expect(sent.uri == "/chat")
        #expect(sent.header("authorization") == "Bearer \(Self.apiKey)")
        let body: JSONValue = try sent.json()
        #expect(body["model"] == "skeleton-chat")
        #expect(body["max_tokens"] == 64)
        #expect(body["stream"] == true)
        #expect(body["messages"]?.arrayValue?.last?["content"] == "Say hello")
    }
}

"""##
        ),
        TemplateFile(
            path: "Tests/SkeletonPluginTests/SkeletonTranscripts.swift",
            contents: ##"""
import SwitchboardConformanceKit

/// Skeleton's wire format, as a local server replays it to the plugin. Replace them with answers recorded from the
/// real API (status, headers and body, byte for byte) when you change the wire format.
enum SkeletonTranscripts {
    /// A complete streamed answer: text, usage, finish reason.
    static let answer = """
        data: {"delta":"Hello"}

        data: {"delta":", world!"}

        data: {"finish_reason":"stop","usage":{"input_tokens":12,"output_tokens":4}}


        """

    /// The same answer, stopped before its finish reason.
    static let cutOff = """
        data: {"delta":"Hello"}

        data: {"delta":", wor"}


        """

    /// Skeleton's error body for each failure the conformance suite drives.
    static func errorBody(_ failure: HTTPFailure) -> String {
        let (message, code) =
            switch failure {
            case .unauthorized: ("Invalid API key.", "invalid_api_key")
            case .forbidden: ("This key may not use skeleton-chat.", "permission_denied")
            case .notFound: ("The model skeleton-nope does not exist.", "model_not_found")
            case .rateLimited: ("Rate limit reached; retry in 7 s.", "rate_limited")
            case .contextWindowExceeded:
                ("The request needs 40000 tokens; the model takes 32768.", "context_length_exceeded")
            case .serverError: ("Internal error.", "internal_error")
            case .unavailable: ("The service is overloaded.", "overloaded")
            }
        return #"{"error":{"message":"\#(message)","code":"\#(code)"}}"#
    }

    /// Everything the conformance suite replays.
    static let all = ReplayTranscripts(
        stream: .events(answer), truncatedStream: .events(cutOff), errorBody: { errorBody($0) })
}

"""##
        ),
    ]
}
