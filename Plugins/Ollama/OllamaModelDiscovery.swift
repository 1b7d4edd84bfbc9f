import Foundation
import SwitchboardKit

/// Lists the models an Ollama server has installed, refined by what each model says about itself.
///
/// `GET /api/tags` names the models; `POST /api/show` for each (a few at a time) adds its context window and
/// capabilities. A model whose `/api/show` fails keeps what the tag list and the catalog say.
struct OllamaModelDiscovery {
    /// How many `/api/show` requests run at once.
    private static let concurrentShows = 8

    /// The exchange of `GET api/tags`.
    let exchange: WireExchange

    /// The installed models, local and free.
    func models() async throws -> [ModelInfo] {
        let tags = try await exchange.getJSON(OllamaWire.TagList.self).models
        let shows = await details(of: tags.map(\.name))
        try Task.checkCancellation()
        return zip(tags, shows).map { tag, show in Self.model(tag: tag, show: show) }
    }

    /// `/api/show` for each name, in order; nil where it failed.
    private func details(of names: [String]) async -> [OllamaWire.ShowResponse?] {
        var results = [OllamaWire.ShowResponse?](repeating: nil, count: names.count)
        await withTaskGroup(of: (Int, OllamaWire.ShowResponse?).self) { group in
            var pending = names.indices.makeIterator()
            func addNext() {
                guard let index = pending.next() else { return }
                group.addTask { (index, try? await show(names[index])) }
            }
            for _ in 0..<Self.concurrentShows { addNext() }
            for await (index, show) in group {
                results[index] = show
                addNext()
            }
        }
        return results
    }

    private func show(_ name: String) async throws -> OllamaWire.ShowResponse {
        let body = try JSONEncoder().encode(OllamaWire.ShowRequest(model: name))
        return try await exchange.http.json(
            OllamaWire.ShowResponse.self,
            HTTPRequest(
                method: "POST",
                url: exchange.address("api/show"),
                headers: exchange.headers + [HTTPHeader("content-type", "application/json")],
                body: Array(body),
                timeout: exchange.timeout
            )
        )
    }

    /// One installed model: the catalog entry for its base name (or a plain chat model), renamed to the installed
    /// name, described by its size and quantization, and refined by `/api/show`.
    private static func model(tag: OllamaWire.Tag, show: OllamaWire.ShowResponse?) -> ModelInfo {
        let known = OllamaCatalog.entry(forInstalled: tag.name)
        var model =
            known
            ?? ModelInfo(
                id: tag.name,
                capabilities: [.chat, .jsonSchema],
                pricing: Pricing(input: 0, output: 0),
                tier: OllamaCatalog.tier(parameterSize: tag.details?.parameterSize),
                local: true
            )
        model.id = tag.name
        let facts = [tag.details?.parameterSize, tag.details?.quantizationLevel].compactMap { $0 }
        let baseName = known?.displayName ?? tag.name
        model.displayName = facts.isEmpty ? baseName : "\(baseName) (\(facts.joined(separator: ", ")))"

        guard let show else { return model }
        if let window = show.modelInfo?.first(where: { $0.key.hasSuffix(".context_length") })?.value.intValue {
            model.contextWindow = window
        }
        if let reported = show.capabilities {
            model.capabilities = capabilities(reported: reported, known: known?.capabilities ?? [])
        }
        return model
    }

    /// Ollama's capability words mapped into ours, keeping what only the catalog knows (code, reasoning).
    private static func capabilities(reported: [String], known: Set<Capability>) -> Set<Capability> {
        var capabilities = known.intersection([.code, .reasoning])
        for word in reported {
            switch word {
            case "completion": capabilities.formUnion([.chat, .jsonSchema])
            case "tools": capabilities.insert(.tools)
            case "vision": capabilities.insert(.vision)
            case "thinking": capabilities.formUnion([.thinking, .reasoning])
            case "embedding": capabilities.insert(.embeddings)
            default: break
            }
        }
        return capabilities
    }
}

extension WireProtocol.ModelListing {
    /// The installed models (`GET api/tags`), refined by `POST api/show`.
    static var ollamaInstalledModels: Self {
        Self(path: "api/tags") { exchange in try await OllamaModelDiscovery(exchange: exchange).models() }
    }
}
