import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

extension ReliabilitySuites {
    /// Background health checks, the host's availability report and the reliability configuration keys.
    @Suite("Reliability: health checks, host wiring, configuration")
    struct HealthAndConfigurationTests {
        typealias H = FaultHarness

        @Test func aFailedHealthCheckTripsTheBreakerAndTheHostReportsIt() async throws {
            let server = try await FaultInjectingServer.start { request in
                request.deployment == "down" ? .serverError : .ok
            }
            let plugin = try TestSupport.loadPlugin("OpenAI")
            var routing = SwitchboardConfiguration.Routing()
            routing.healthChecks = .init(intervalMs: 20, timeoutMs: 15_000)
            let host = SwitchboardHost(
                configuration: SwitchboardConfiguration(routing: routing), loader: .init(optionalDirectories: []))
            for name in ["down", "up"] {
                host.registry.register(
                    try plugin.makeProvider(
                        name: name, settings: ["base_url": .string(server.baseURL(name)), "api_key": "sk-test"]))
            }
            let verdicts = await host.healthMonitor.checkNow()
            #expect(verdicts["down"]?.status == .unavailable)
            #expect(verdicts["up"]?.status == .ok, "\(verdicts["up"]?.message ?? "")")
            #expect(host.reliability.breakers.state(of: "up") == .closed)
            guard case .open = host.reliability.breakers.state(of: "down") else {
                Issue.record("the failed check did not open the breaker")
                return
            }
            let report = await host.availability()
            let down = try #require(report.first { $0.provider == "down" })
            #expect(down.health.status == .unavailable, "the monitor's verdict is reused")
            guard case .open = down.circuit else {
                Issue.record("availability does not report the open breaker")
                return
            }

            host.healthMonitor.start()
            #expect(host.healthMonitor.isRunning)
            let before = server.requests.count
            #expect(await eventually { server.requests.count >= before + 4 }, "rounds run in the background")
            await host.healthMonitor.stop()
            #expect(!host.healthMonitor.isRunning)
            let stopped = server.requests.count
            try await Task.sleep(for: .milliseconds(100))
            #expect(server.requests.count == stopped, "no check runs after stop()")
            try await server.shutdown()
        }

        @Test func healthChecksAreOffByDefault() {
            let host = SwitchboardHost(
                configuration: SwitchboardConfiguration(), loader: .init(optionalDirectories: []))
            host.healthMonitor.start()
            #expect(!host.healthMonitor.isRunning)
            #expect(host.executor.reliability === host.reliability, "every executor of the host shares its breakers")
        }

        @Test func theConnectTimeoutSelectsAProcessWideTransport() {
            let a = AsyncHTTPClientTransport.shared(connectTimeout: .milliseconds(1234))
            let b = AsyncHTTPClientTransport.shared(connectTimeout: .milliseconds(1234))
            #expect(a.client === b.client)
            #expect(
                AsyncHTTPClientTransport.shared(connectTimeout: .seconds(10)).client
                    === AsyncHTTPClientTransport.shared.client)
            #expect(a.client !== AsyncHTTPClientTransport.shared.client)
        }

        @Test func theReliabilityKeysDecode() throws {
            let configuration = try ConfigurationFixtures.load(
                """
                version: 1
                providers:
                  openai:
                    plugin: openai
                    rate_limits: {requests_per_minute: 500, tokens_per_minute: 30000}
                routing:
                  retry: {max_attempts: 4, budget_ratio: 0.1, budget_reserve: 20}
                  circuit_breaker: {failure_threshold: 3, cooldown_ms: 1000, max_cooldown_ms: 60000}
                  stream_failure: resume
                  health_checks: {interval_ms: 15000, timeout_ms: 2000}
                  max_wait_ms: 500
                """)
            let routing = configuration.routing
            #expect(routing.maxWaitMs == 500)
            #expect(SwitchboardConfiguration.Routing().maxWaitMs == 2_000, "about 2 s by default")
            #expect(routing.retry == .init(maxAttempts: 4, budgetRatio: 0.1, budgetReserve: 20))
            #expect(routing.circuitBreaker == .init(failureThreshold: 3, cooldownMs: 1000, maxCooldownMs: 60_000))
            #expect(routing.streamFailure == .resume)
            #expect(routing.healthChecks == .init(intervalMs: 15_000, timeoutMs: 2000))
            #expect(
                configuration.provider(named: "openai")?.rateLimits
                    == .init(requestsPerMinute: 500, tokensPerMinute: 30_000))
            let loader = ConfigurationLoader(environment: [:], currentDirectory: "/", homeDirectory: "/home/u")
            #expect(try loader.decode(yaml: configuration.renderedYAML(), name: "rendered.yaml").routing == routing)
        }

        @Test func badReliabilityValuesAreReportedWithTheirPlace() throws {
            let error = try #require(
                ConfigurationFixtures.error(
                    """
                    version: 1
                    providers:
                      openai:
                        plugin: openai
                        rate_limits: {requests_per_minute: 0, per_hour: 3}
                    routing:
                      stream_failure: retry
                      circuit_breaker: {cooldown_ms: 5000, max_cooldown_ms: 100}
                      max_wait_ms: -1
                    """))
            let messages = ([error] + error.otherErrors).map(\.description)
            #expect(
                messages.contains(
                    "config.yaml:5:43: providers.openai.rate_limits.per_hour: unknown key `per_hour`; valid keys here: requests_per_minute, tokens_per_minute"
                ))
            #expect(
                messages.contains {
                    $0.hasPrefix(
                        "config.yaml:5:40: providers.openai.rate_limits.requests_per_minute: must be at least 1, found 0"
                    )
                })
            #expect(
                messages.contains {
                    $0.hasPrefix(
                        "config.yaml:7:19: routing.stream_failure: unknown stream failure policy `retry`; valid values: fail, resume"
                    )
                })
            #expect(
                messages.contains {
                    $0.hasPrefix(
                        "config.yaml:8:57: routing.circuit_breaker.max_cooldown_ms: max_cooldown_ms (100) is smaller than cooldown_ms (5000)"
                    )
                })
            #expect(
                messages.contains {
                    $0.hasPrefix("config.yaml:9:16: routing.max_wait_ms: must be at least 0, found -1")
                }, "\(messages)")
        }
    }
}
