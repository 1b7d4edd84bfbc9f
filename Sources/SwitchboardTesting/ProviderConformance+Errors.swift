import SwitchboardKit

extension ProviderConformance {
    /// ``ConformanceCheck/errors``.
    func checkErrors(_ problems: inout Problems) async throws {
        let request = Self.request(model: try firstModel())
        for failure in HTTPFailure.allCases {
            let headers = failure == .rateLimited ? [("retry-after", "\(HTTPFailure.retryAfterSeconds)")] : []
            let response = MockHTTPServer.Response.json(
                failure.status, transcripts.errorBody(failure), headers: headers)
            try await withProvider(answering: { _ in response }) { provider, _ in
                let (events, error) = await provider.collect(request)
                guard let error else {
                    problems.add("\(failure) ended the stream without an error")
                    return
                }
                problems.expect(
                    !events.contains(where: Self.isFinish), "\(failure) delivered a finish event before the error")
                problems.expect(
                    error.kind == failure.expectedKind,
                    "\(failure) became \(error.kind); expected \(failure.expectedKind) (message: \(error.message))"
                )
                problems.expect(
                    error.httpStatus == failure.status,
                    "\(failure) carries HTTP status \(error.httpStatus.map(String.init) ?? "none")")
                problems.expect(
                    error.provider == instanceName,
                    "\(failure) names the provider \(error.provider ?? "nil"); expected \"\(instanceName)\"")
                problems.expect(!error.message.isEmpty, "\(failure) has an empty message")
                if failure == .rateLimited {
                    problems.expect(
                        error.retryAfter == Double(HTTPFailure.retryAfterSeconds),
                        "\(failure) carries retry_after \(error.retryAfter.map { "\($0)" } ?? "none"); expected the header's \(HTTPFailure.retryAfterSeconds) s"
                    )
                }
                for secret in secrets where !secret.isEmpty && error.description.contains(secret) {
                    problems.add(
                        "\(failure)'s error shows a secret from the settings; redact it (HTTPErrorMapping.redacting)")
                }
            }
        }
    }
}
