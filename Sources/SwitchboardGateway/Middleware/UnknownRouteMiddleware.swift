import Hummingbird
import SwitchboardKit

/// Answers requests no route matches with a 404 in OpenAI's error shape instead of an empty body.
struct UnknownRouteMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let failure = APIFailure(
                status: 404, kind: .notFound,
                "no endpoint \(request.method) \(request.uri.path); this gateway serves POST /v1/chat/completions, "
                    + "POST /v1/messages, POST /v1/responses, POST /v1/embeddings, GET /v1/models, GET /healthz, "
                    + "GET /readyz and GET /metrics",
                code: "unknown_url")
            return Gateway.failureResponse(failure, dialect: .openAI, requestID: context.id)
        }
    }
}
