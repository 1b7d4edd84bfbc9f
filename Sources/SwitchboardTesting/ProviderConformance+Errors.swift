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
        for vendorError in transcripts.vendorErrors {
            try await checkVendorError(vendorError, request: request, &problems)
        }
    }

    /// One of ``ConformanceTranscripts/vendorErrors``: every expectation it states, exactly.
    private func checkVendorError(
        _ vendorError: ConformanceTranscripts.VendorError,
        request: ChatRequest,
        _ problems: inout Problems
    ) async throws {
        let response = MockHTTPServer.Response.json(vendorError.status, vendorError.body, headers: vendorError.headers)
        try await withProvider(answering: { _ in response }) { provider, _ in
            let (events, error) = await provider.collect(request)
            let what = "the vendor's \(vendorError)"
            guard let error else {
                problems.add("\(what) ended the stream without an error")
                return
            }
            problems.expect(
                events.isEmpty, "\(what) delivered \(events.count) event(s) before the error; expected none")
            problems.expect(
                error.kind == vendorError.kind,
                "\(what) became \(error.kind); expected \(vendorError.kind) (message: \(error.message))")
            problems.expect(
                error.httpStatus == vendorError.status,
                "\(what) carries HTTP status \(error.httpStatus.map(String.init) ?? "none"); expected \(vendorError.status)"
            )
            problems.expect(
                error.provider == instanceName,
                "\(what) names the provider \(error.provider ?? "nil"); expected \"\(instanceName)\"")
            problems.expect(
                error.retryAfter == vendorError.retryAfter,
                "\(what) carries retry_after \(error.retryAfter.map { "\($0)" } ?? "none"); expected "
                    + (vendorError.retryAfter.map { "\($0)" } ?? "none"))
            if let message = vendorError.message {
                problems.expect(
                    error.message == message, "\(what) has the message \"\(error.message)\"; expected \"\(message)\"")
            } else {
                problems.expect(!error.message.isEmpty, "\(what) has an empty message")
            }
            for secret in secrets where !secret.isEmpty && error.description.contains(secret) {
                problems.add("\(what)'s error shows a secret from the settings; redact it (HTTPErrorMapping.redacting)")
            }
        }
    }
}
