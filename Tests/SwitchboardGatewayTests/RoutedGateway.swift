import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOHTTP1
import Switchboard
import SwitchboardGateway
import SwitchboardKit

/// A gateway driven through its router (HummingbirdTesting's `.router` mode): the application `switchboard serve`
/// runs (``Gateway/buildApplication()``), every middleware and handler, but no socket, so no connection timeouts to
/// widen on a loaded machine. Tests that need a real TCP peer (the connection guard, streams over sockets, shutdown)
/// use ``RunningGateway``.
struct RoutedGateway: Sendable {
    let gateway: Gateway
    let client: any TestClientProtocol

    /// Builds a gateway over `configuration` (its gateway section on 127.0.0.1), runs `body` against its router.
    static func with<T>(
        _ configuration: SwitchboardConfiguration,
        prepare: (SwitchboardHost) -> Void = { _ in },
        _ body: @Sendable (RoutedGateway) async throws -> T
    ) async throws -> T {
        var configuration = configuration
        configuration.gateway.host = "127.0.0.1"
        let host = SwitchboardHost(configuration: configuration)
        prepare(host)
        var logger = Logger(label: "gateway-test")
        logger.logLevel = .critical
        let gateway = try Gateway(host: host, logger: logger)
        return try await gateway.buildApplication().test(.router) { client in
            try await body(RoutedGateway(gateway: gateway, client: client))
        }
    }

    /// Sends a request through the router and collects the whole answer.
    func send(
        _ path: String, method: NIOHTTP1.HTTPMethod = .POST, json: String? = nil, headers: [(String, String)] = []
    ) async throws -> HTTPAnswer {
        var fields = HTTPFields()
        if json != nil { fields[.contentType] = "application/json" }
        for (name, value) in headers {
            guard let name = HTTPField.Name(name) else { throw GatewayTestError("bad header name \(name)") }
            fields.append(HTTPField(name: name, value: value))
        }
        let response = try await client.executeRequest(
            uri: path, method: HTTPRequest.Method(method.rawValue)!, headers: fields,
            body: json.map { ByteBuffer(string: $0) })
        return HTTPAnswer(
            status: response.status.code,
            headers: HTTPHeaders(response.headers.map { ($0.name.canonicalName, $0.value) }),
            body: String(buffer: response.body))
    }
}
