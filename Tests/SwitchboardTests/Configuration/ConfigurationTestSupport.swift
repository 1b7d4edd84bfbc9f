import Foundation
import Switchboard
import Testing

/// A temporary directory that tests write files into; removed by `remove()`.
struct ConfigurationTemporaryDirectory {
    let path: String

    init() throws {
        path =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("switchboard-config-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `contents` to `name` (creating directories) and returns the absolute path.
    @discardableResult
    func write(_ name: String, _ contents: String) throws -> String {
        try write(name, bytes: Array(contents.utf8))
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let file = (path as NSString).appendingPathComponent(name)
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

enum ConfigurationFixtures {
    static let environment = ["OPENAI_API_KEY": "sk-test-SECRET-1234567890"]

    /// Loads YAML text as the file `name` inside a fresh temporary directory.
    static func load(
        _ yaml: String, name: String = "switchboard.yaml", environment: [String: String] = environment,
        profile: String? = nil
    ) throws -> SwitchboardConfiguration {
        let directory = try ConfigurationTemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write(name, yaml)
        let loader = ConfigurationLoader(
            environment: environment, currentDirectory: directory.path, homeDirectory: directory.path)
        return try loader.load(file: file, profile: profile)
    }

    /// Loads YAML text from a string source named `config.yaml` and returns the error it throws.
    static func error(_ yaml: String, environment: [String: String] = environment, profile: String? = nil)
        -> ConfigurationError?
    {
        let loader = ConfigurationLoader(
            environment: environment, currentDirectory: "/work", homeDirectory: "/home/test")
        do {
            _ = try loader.decode(yaml: yaml, name: "config.yaml", profile: profile)
            return nil
        } catch let error as ConfigurationError {
            return error
        } catch {
            Issue.record("unexpected error type: \(error)")
            return nil
        }
    }

    /// Every documented key, with non-default values.
    static let fullExample = """
        version: 1
        plugins:
          directories: [./plugins, /opt/switchboard/plugins]
          include_default_directories: false
          enable: [openai, ollama]
          disable: [echo]
          allow_compiler_mismatch: true
        providers:
          openai:
            plugin: openai
            enabled: true
            priority: 5
            local: false
            settings:
              base_url: https://api.openai.com/v1
              api_key: ${OPENAI_API_KEY}
              organization: "org-1"
              timeout: 30
              streaming: true
              extra: {nested: [1, two, null]}
            models:
              gpt-6.1-terra:
                display_name: GPT-4o
                pricing: {input: 2.5, output: 10, cache_read: 1.25, cache_write: 0, reasoning: 10}
                context_window: 128000
                max_output_tokens: 16384
                capabilities: [chat, vision, tools]
                tier: advanced
            extra_models:
              - id: my-finetune
                display_name: My fine-tune
                pricing: {input: 3, output: 12}
                context_window: 32000
                max_output_tokens: 4096
                capabilities: [chat, code, json_schema]
                tier: standard
          lmstudio:
            plugin: openai
            local: true
            priority: -1
            settings: {base_url: "http://127.0.0.1:1234/v1"}
        routing:
          strategy: cascade
          prefer_local: true
          max_cost_per_request: 0.5
          fallbacks:
            - from: openai/gpt-6.1-terra
              to: [lmstudio/qwen2.5-coder, lmstudio]
              on: [rate_limited, overloaded, server]
            - from: lmstudio
              to: [openai]
          rules:
            - when: {task: code_review, risk: high, area: security, complexity: high}
              require: {tier: advanced, capabilities: [code], locality: cloud, max_cost: 0.2, min_context_window: 32000, provider: openai, model: gpt-6.1-terra}
            - when: {task: summarization}
              require: {tier: fast, locality: local}
          retry: {max_attempts: 4, initial_backoff_ms: 100, max_backoff_ms: 2000}
          timeouts: {request_ms: 60000, connect_ms: 5000, first_token_ms: 15000}
        agents:
          reviewer: {provider: openai, model: gpt-6.1-terra}
          helper: {require: {tier: standard, locality: any}}
        budgets:
          - name: monthly-openai
            period: month
            limit_usd: 100
            provider: openai
            tag: team-a
            action: block
          - name: daily
            period: day
            limit_usd: 2.5
            action: warn
        profiles:
          local-only:
            routing: {strategy: local_only}
            providers: {openai: {enabled: false}}
        """
}
