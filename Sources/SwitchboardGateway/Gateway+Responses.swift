import Hummingbird
import Switchboard
import SwitchboardKit

extension Gateway {
    /// `POST /v1/responses`: OpenAI's Responses API over the same host, strategies, limits and accounting as the chat
    /// endpoints; the answer is a `response` object, or its server-sent events when the request streams.
    func responses(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        var request = request
        let root = try JSONReader.parse(try await collectBody(&request))
        let call = try ResponsesRequestDecoder.decode(root)
        let requestID = context.id
        let createdAt = Self.created(context)
        let object = ResponseObject(
            requestID: requestID, createdAt: createdAt, model: call.chat.model, settings: call.settings)
        return try await answer(
            call.chat, fields: .responses, request: request, context: context,
            encoder: ResponsesStreamEncoder(object)
        ) { ResponseObject.response($0, requestID: requestID, createdAt: createdAt, settings: call.settings) }
    }
}
