import Hummingbird
import Logging
import Switchboard

/// Checks the gateway key of every API request (``GatewayKeyring/authenticate(_:)``) and puts it in the context
/// (``GatewayRequestContext/key``), the log line and the span; a request without a valid key never reaches the
/// handler.
///
/// A gateway without keys lets every request through with no key.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    let keyring: GatewayKeyring

    /// - Throws: ``APIFailure`` 401 when the request presents no key or an unknown one.
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let key = try keyring.authenticate(request.headers) else { return try await next(request, context) }
        var context = context
        context.key = key
        context.logger[metadataKey: "gateway.key"] = "\(key.name)"
        context.exchange?.annotate("gateway.key", attribute: "switchboard.gateway_key", key.name)
        return try await next(request, context)
    }
}
