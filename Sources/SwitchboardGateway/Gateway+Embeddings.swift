import Hummingbird
import NIOCore
import Switchboard
import SwitchboardKit

extension Gateway {
    /// `POST /v1/embeddings`: read, resolve the model among the embedding models, answer in OpenAI's shape.
    ///
    /// The same middleware as the chat endpoints stands in front (key, limits, metrics); the host's executor
    /// retries, breaks and falls back as for chat, and its meter records the input tokens and cost in the ledger and
    /// holds the request to the budgets.
    func embeddings(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let key = context.key
        var request = request
        let bytes = try await collectBody(&request)
        var call = try OpenAIEmbeddingsDecoder.decode(JSONReader.parse(bytes))
        context.exchange?.annotate("model", attribute: "switchboard.model", keyring.redacting(call.model))
        let route = try resolver.resolve(embeddings: call, key: key)
        if let key { call.request.tags.append("key:\(key.name)") }
        let result = try await host.embed(call.request, strategy: route.strategy, candidates: route.candidates)
        context.exchange?.settle(.embedded(result))
        var headers: HTTPFields = [:]
        headers[.requestID] = context.id
        headers[.switchboardProvider] = result.candidate.provider
        headers[.switchboardModel] = result.candidate.model.id
        headers[.switchboardCostUSD] = "\(result.costUSD)"
        headers[.contentType] = "application/json"
        let body = OpenAIEmbeddingsEncoder.response(result, model: call.model, encoding: call.encoding)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
