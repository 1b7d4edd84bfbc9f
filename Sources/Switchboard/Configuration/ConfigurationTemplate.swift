/// The commented default configuration that `switchboard init` writes.
public enum ConfigurationTemplate {
    /// A fully commented configuration that documents every key and decodes to
    /// ``SwitchboardConfiguration/builtInDefaults(environment:)`` (without `OPENAI_API_KEY`: the `openai`
    /// provider is shown commented out, ready to enable), with the registered sections' parts (each generated from
    /// the section's declaration) before `profiles`. `docs/configuration.md` contains the CLI's (with `gateway`).
    /// - Parameter sections: the sections registered with the loader.
    /// - Returns: YAML text.
    public static func yaml(sections: [ConfigurationSection] = []) -> String {
        hostSections + "\n" + sections.map { $0.template + "\n" }.joined() + profiles
    }

    /// The host's own sections.
    static let hostSections = #"""
        # Switchboard configuration (https://github.com/switchboard/switchboard/blob/main/docs/configuration.md).
        #
        # Switchboard looks for its configuration in this order: the --config option, $SWITCHBOARD_CONFIG,
        # ./switchboard.yaml, ~/.switchboard/config.yaml; without any, it uses the built-in defaults (this file).
        #
        # Any string value may use ${VAR} or ${VAR:-default} to read an environment variable; write $${ for a
        # literal "${". Values read from variables named like *KEY*, *TOKEN*, *SECRET*, *PASSWORD* or *AUTH*, settings
        # named like api_key, *_token, password, every env value, credential headers (Authorization, x-api-key) and a
        # URL's password or ?key= are secret: Switchboard never prints them (see docs/security.md).

        # The configuration format version. Only 1 exists.
        version: 1

        # Which provider plugins to load, and where to look for them.
        plugins:
          # Extra directories to search for plugins. Relative paths resolve against this file's directory.
          directories: []
          # Also search ./plugins next to this file, ~/.switchboard/plugins, and each directory of
          # $SWITCHBOARD_PLUGIN_PATH (colon-separated).
          include_default_directories: true
          # When given, only these plugin ids are loaded (others are not even opened). Default: all.
          # enable: [openai, ollama, echo]
          # Plugin ids never to load.
          disable: []
          # Load plugins built by a different Swift compiler than this host (at your own risk).
          allow_compiler_mismatch: false
          # Load plugin files that group or others can write, or that another user owns (see docs/security.md).
          allow_untrusted_paths: false
          # How long the scanner process may take over one plugin file's entry point and manifest (milliseconds).
          scan_timeout_ms: 5000
          # Where the scanner keeps what it read, so a warm start reads no plugin file; `off` keeps nothing.
          cache: ~/.switchboard/plugin-cache
          # Pin plugins' SHA-256 (as `sha256sum FILE` prints), by plugin id or file name; a differing file is refused.
          # checksums:
          #   openai: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef

        # Provider instances, by name. Several instances may use the same plugin (bundled: openai, anthropic, gemini, ollama, claude-code, gemini-cli, echo).
        providers:
          ollama:
            # The plugin that serves this instance. Required.
            plugin: ollama
            # Set to false to keep the instance configured but unused.
            enabled: true
            # Preference among candidates: higher is preferred.
            priority: 0
            # Whether the provider runs on this machine (no data leaves it).
            local: true
            # Free-form settings handed to the plugin as JSON. Unquoted values are typed (true, 3, 2.5, null);
            # quoted values and values containing ${...} stay strings.
            settings:
              base_url: http://127.0.0.1:11434
            # Per-model overrides of the plugin's catalog, keyed by model id. Every field is optional.
            models: {}
              # llama3.1:8b:
              #   display_name: Llama 3.1 8B
              #   pricing: {input: 0, output: 0, cache_read: 0, cache_write: 0, reasoning: 0}  # USD per million tokens
              #   context_window: 131072
              #   max_output_tokens: 8192
              #   capabilities: [chat, code, tools]  # chat, code, reasoning, vision, tools, json_schema, thinking, embeddings
              #   tier: standard                     # fast | standard | advanced
            # Models the plugin's catalog lacks: an id plus the same fields as the overrides.
            extra_models: []
              # - id: my-finetune
              #   display_name: My fine-tune
              #   context_window: 32768
            # Client-side rate limits; a request over them waits within its deadline or goes elsewhere.
            # rate_limits: {requests_per_minute: 60, tokens_per_minute: 100000}

          # LM Studio serves an OpenAI-compatible API, so it uses the openai plugin.
          lmstudio:
            plugin: openai
            local: true
            settings:
              base_url: http://127.0.0.1:1234/v1

          # Answers by echoing the request: for tests and dry runs.
          echo:
            plugin: echo
            local: true

          # OpenAI. Uncomment to use it, and export OPENAI_API_KEY.
          # openai:
          #   plugin: openai
          #   settings:
          #     base_url: https://api.openai.com/v1
          #     api_key: ${OPENAI_API_KEY}
          #   models:
          #     gpt-4o:
          #       pricing: {input: 2.5, output: 10, cache_read: 1.25}
          #       context_window: 128000
          #       max_output_tokens: 16384
          #       capabilities: [chat, code, vision, tools, json_schema]
          #       tier: advanced

          # Anthropic's Messages API. Uncomment to use it, and export ANTHROPIC_API_KEY.
          # anthropic:
          #   plugin: anthropic
          #   settings:
          #     api_key: ${ANTHROPIC_API_KEY}

          # Google Gemini. Uncomment to use it, and export GEMINI_API_KEY.
          # gemini:
          #   plugin: gemini
          #   settings:
          #     api_key: ${GEMINI_API_KEY}

        # How requests are routed among providers.
        routing:
          # auto | local_only | cloud_only | local_first | cloud_first | cascade | parallel | ensemble
          strategy: auto
          # Prefer local providers when candidates are otherwise equal.
          prefer_local: false
          # The most one request may cost, in USD. Default: no limit.
          # max_cost_per_request: 0.5
          # Ordered fallback chains: when `from` ("provider" or "provider/model") fails with one of the `on`
          # error kinds (default: any), try `to` in order. Error kinds: authentication, permission, rate_limited,
          # overloaded, context_window_exceeded, content_policy, invalid_request, not_found, timeout, connection,
          # server, cancelled, unsupported, budget_exceeded, plugin_crashed.
          fallbacks: []
            # - from: openai/gpt-4o
            #   to: [lmstudio]
            #   on: [rate_limited, overloaded, server]
          # Planner rules, first match wins. `when` (all optional): task (code_generation, code_review, reasoning,
          # summarization, error_diagnosis, data_interpretation, workflow_generation, general), risk and complexity
          # (low | medium | high), area (free text). `require`: tier, capabilities, locality (local | cloud | any),
          # max_cost (USD), min_context_window, provider, model.
          rules: []
            # - when: {task: code_review, risk: high}
            #   require: {tier: advanced, capabilities: [code], locality: any, min_context_window: 32000}
          # Retries on the same deployment, with exponential backoff and full jitter (docs/reliability.md).
          retry:
            # Attempts per candidate.
            max_attempts: 3
            initial_backoff_ms: 250
            max_backoff_ms: 8000
            # The process-wide retry budget: each request adds budget_ratio retries, up to budget_reserve.
            budget_ratio: 0.2
            budget_reserve: 10
          # Timeouts in milliseconds: the whole request, connecting, and each attempt's first token.
          timeouts:
            request_ms: 120000
            connect_ms: 10000
            first_token_ms: 30000
          # Per-deployment circuit breaker: opens after failure_threshold consecutive failures, probes after the
          # cooldown, doubles the cooldown after a failed probe (up to max_cooldown_ms). Only evidence of breakage
          # counts (5xx without Retry-After, timeouts, failed connections); a 429 waits its Retry-After instead.
          circuit_breaker:
            failure_threshold: 5
            cooldown_ms: 30000
            max_cooldown_ms: 300000
          # When a streamed answer fails after text reached the caller: fail | resume (the next candidate continues it).
          stream_failure: fail
          # Background health checks feeding the circuit breakers; interval_ms: 0 turns them off.
          health_checks:
            interval_ms: 0
            timeout_ms: 5000
          # The longest a request waits for a deployment that is not taking requests (open breaker, Retry-After,
          # rate limit); a longer wait fails at once and tells the caller when to retry.
          max_wait_ms: 2000

        # Named roles: pinned to {provider, model}, or described by {require: {...}} like a rule.
        agents: {}
          # reviewer: {require: {tier: advanced, capabilities: [code]}}
          # summarizer: {provider: ollama, model: llama3.1:8b}

        # Spending limits. period: day | week | month | total; action: block | warn; provider and tag are optional.
        budgets: []
          # - name: monthly-openai
          #   period: month
          #   limit_usd: 100
          #   provider: openai
          #   tag: team-a
          #   action: block
          #   alert_at: [0.8]  # log a warning and count a metric at these fractions of the limit

        # Usage metering: every answer is priced and recorded in the usage ledger, and budgets are enforced.
        usage:
          # Price, record and budget every request.
          enabled: true
          # The SQLite ledger, shared by every process that names it; or `memory` (this process only).
          ledger: ~/.switchboard/usage.sqlite
          # An exact-match response cache: a repeated request is answered without calling the provider.
          cache:
            enabled: false
            # How long an answer stays cached, in seconds.
            ttl_seconds: 3600
            # memory | ledger (the ledger's database, shared by every process using it)
            store: memory
            # The most answers the memory store keeps.
            max_entries: 1000

        """#

    /// The `profiles` section, last.
    static let profiles = #"""
        # Named overlays, deep-merged over this file when chosen with --profile or $SWITCHBOARD_PROFILE.
        profiles:
          local-only:
            routing: {strategy: local_only}
          cloud-only:
            routing: {strategy: cloud_only}
            providers:
              ollama: {enabled: false}
              lmstudio: {enabled: false}
              echo: {enabled: false}
          development:
            routing:
              strategy: local_first
              retry: {max_attempts: 1}

        """#
}
