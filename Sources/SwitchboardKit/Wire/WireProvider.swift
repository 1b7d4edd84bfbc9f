import Foundation

/// A provider that runs a ``WireProtocol``: streams chats through the host's transport with the wire's request
/// mapper and decoder, maps errors with its error mapper, embeds, lists models and checks health where the wire has
/// the endpoints, and otherwise answers with the plugin's catalog.
///
/// ```swift
/// static let settings = HTTPSettings(baseURL: "https://api.deepseek.com", apiKeyVariables: "DEEPSEEK_API_KEY")
/// static func makeProvider(_ context: ProviderContext) throws -> any Provider {
///     try WireProvider(context, wire: .openAIChatCompletions(), settings: settings, catalog: manifest.models)
/// }
/// ```
public struct WireProvider<Decoder: StreamDecoder & SendableMetatype>: Provider {
    public let name: String
    private let wire: WireProtocol<Decoder>
    private let context: WireContext
    private let http: ProviderHTTPClient
    private let headers: [HTTPHeader]
    private let timeout: Duration?
    private let address: @Sendable (String) -> String
    private let describe: @Sendable (String) -> ModelInfo
    private let catalog: [ModelInfo]
    private let unavailable: ProviderError?

    /// A provider for `context`'s instance that reads the ``HTTPSettings`` `settings` once.
    /// - Parameter headers: the instance's own headers (e.g. an API version), after the wire's.
    /// - Throws: `invalid_request` naming a setting that is unusable; `authentication` when the instance has no key
    ///   and `settings` require one (``HTTPSettings/KeyRequirement/required``).
    public init(
        _ context: ProviderContext, wire: WireProtocol<Decoder>, settings: HTTPSettings, catalog: [ModelInfo],
        headers: [HTTPHeader] = []
    ) throws {
        let baseURL = try context[settings.baseURL]
        let apiKey = try context[settings.apiKey]
        var unavailable: ProviderError?
        switch (apiKey, settings.keyRequirement) {
        case (nil, .required):
            throw settings.missingKey(provider: context.name)
        case (nil, .requiredOnHost(let host)) where baseURL.host?.lowercased() == host:
            unavailable = settings.missingKey(provider: context.name)
        default:
            break
        }
        let root = baseURL.absoluteString
        self.init(
            context, wire: wire, apiKey: apiKey, headers: headers, configuredHeaders: try context[settings.headers],
            timeout: try context[settings.timeout], catalog: catalog, unavailable: unavailable,
            address: { "\(root)/\($0)" })
    }

    /// A provider for `context`'s instance.
    /// - Parameters:
    ///   - apiKey: the key, sent as `wire.authentication` says and redacted from every message.
    ///   - headers: the instance's own headers (e.g. an organization id), after the wire's.
    ///   - configuredHeaders: the `headers` setting, which replaces any header of the same name.
    ///   - catalog: the models the instance offers when the wire has no model list, and the entries listed ids
    ///     are described with.
    ///   - describe: the model a listed id is (``WireExchange/describe``); by default its catalog entry, or a chat
    ///     model with that id.
    ///   - unavailable: why no request can go out (Google's endpoint and no key): every request throws it before
    ///     anything is sent. Nil when requests may go out.
    ///   - address: the absolute URL of a path (`chat/completions`, `models`, …) under the API root.
    public init(
        _ context: ProviderContext,
        wire: WireProtocol<Decoder>,
        apiKey: String?,
        headers: [HTTPHeader] = [],
        configuredHeaders: [HTTPHeader] = [],
        timeout: Duration? = nil,
        catalog: [ModelInfo],
        describe: (@Sendable (String) -> ModelInfo)? = nil,
        unavailable: ProviderError? = nil,
        address: @escaping @Sendable (String) -> String
    ) {
        let replaced = Set(configuredHeaders.map { $0.name.lowercased() })
        let builtIn = wire.authentication.headers(apiKey) + wire.headers + headers
        let headers = builtIn.filter { !replaced.contains($0.name.lowercased()) } + configuredHeaders
        let wireContext = WireContext(
            provider: context.name,
            secrets: [apiKey].compactMap { $0 } + SecretPolicy.credentialValues(in: headers))
        self.name = context.name
        self.wire = wire
        self.context = wireContext
        self.http = context.httpClient { head, body in wire.error(head, body, wireContext) }
        self.headers = headers
        self.timeout = timeout
        self.address = address
        self.catalog = catalog
        self.unavailable = unavailable
        self.describe =
            describe ?? { id in catalog.first { $0.id == id } ?? ModelInfo(id: id) }
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        .decoding(
            { [wire, http, headers, timeout, context, address, unavailable] in
                if let unavailable { throw unavailable }
                return try await wire.framing.open(
                    http, address(wire.chatPath(request)), headers, try wire.encode(request, context), timeout)
            },
            with: { [wire, context] in wire.decoder(request, context) }
        )
    }

    /// The wire's embeddings; `unsupported` when it has none.
    public func embed(_ request: EmbeddingRequest) async throws -> EmbeddingResponse {
        guard let embeddings = wire.embeddings else {
            throw ProviderError(.unsupported, "provider \"\(name)\" does not offer embeddings", provider: name)
        }
        return try await embeddings.embed(request, exchange(embeddings.path(request)))
    }

    /// The models the wire lists; the catalog when it has no list.
    public func models() async throws -> [ModelInfo] {
        guard let listing = wire.modelListing else { return catalog }
        return try await listing.models(exchange(listing.path))
    }

    /// The wire's health check, else its model list, timed; ok without a check when it has neither.
    public func health() async -> ProviderHealth {
        if let check = wire.healthCheck {
            return await ProviderHealth.measure(provider: name) { try await check.check(exchange(check.path)) }
        }
        guard let listing = wire.modelListing else {
            return ProviderHealth(status: .ok, message: "no health check; assumed available")
        }
        return await ProviderHealth.measure(provider: name) {
            let count = try await listing.models(exchange(listing.path)).count
            return "\(count) model\(count == 1 ? "" : "s") listed"
        }
    }

    /// The exchange for `path`.
    /// - Throws: ``init(_:wire:apiKey:headers:configuredHeaders:timeout:catalog:describe:unavailable:address:)``'s
    ///   `unavailable` error.
    private func exchange(_ path: String) throws -> WireExchange {
        if let unavailable { throw unavailable }
        return WireExchange(
            http: http, url: address(path), address: address, headers: headers, timeout: timeout, context: context,
            describe: describe)
    }
}
