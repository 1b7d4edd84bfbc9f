#!/usr/bin/env bash
# Builds Switchboard's libFuzzer targets with swiftc into .build-fuzz/ (never SwiftPM's .build) and runs each one
# for a bounded time. Exits non-zero when any target crashes, leaks or times out, naming the target and the file its
# crashing input was saved to.
#
# Usage: Fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
#   SECONDS_PER_TARGET  how long each fuzzer runs (default 15)
#   TARGET              run only these (default: all; see `targets` below)
# Environment: SWITCHBOARD_FUZZ_DIR  the build and corpus directory (default: <repo>/.build-fuzz)
#
# Each run's corpus starts from the vendor fixtures in Plugins/<Name>/Tests/Fixtures/, the seeds in Fuzz/Seeds/
# and the regression inputs in Tests/SwitchboardTests/Fixtures/FuzzRegressions/; inputs the fuzzer finds are kept in
# .build-fuzz/corpus/ between local runs. See Fuzz/README.md.
set -euo pipefail

seconds=${1:-15}
shift || true
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${SWITCHBOARD_FUZZ_DIR:-$root/.build-fuzz}
fixtures=$root/Tests/SwitchboardTests/Fixtures
vendor=$root/Plugins # each plugin's recorded transcripts: $vendor/<Name>/Tests/Fixtures/
targets=(sse-parser ndjson-parser json-parser stream-event openai anthropic gemini ollama claude-code gemini-cli config)
if (($# > 0)); then targets=("$@"); fi

swift_flags=(
    -parse-as-library -package-name switchboard -sanitize=fuzzer,address -O -g -suppress-warnings
    -swift-version 6 -enable-upcoming-feature ExistentialAny -enable-upcoming-feature MemberImportVisibility
    -enable-upcoming-feature InternalImportsByDefault
)

# What each target compiles: its module name, then its sources (the harness first).
sources() {
    local harness=$root/Fuzz/Harnesses
    case $1 in
        sse-parser) echo SSEParserFuzzer "$harness/ServerSentEventParserFuzzer.swift" ;;
        ndjson-parser) echo JSONLinesParserFuzzer "$harness/JSONLinesParserFuzzer.swift" ;;
        json-parser) echo JSONParserFuzzer "$harness/JSONParserFuzzer.swift" ;;
        stream-event) echo StreamEventFuzzer "$harness/StreamEventFuzzer.swift" ;;
        openai) echo OpenAIPlugin "$harness/OpenAIFuzzer.swift" "$root"/Plugins/OpenAI/*.swift ;;
        anthropic) echo AnthropicPlugin "$harness/AnthropicFuzzer.swift" "$root"/Plugins/Anthropic/*.swift ;;
        gemini) echo GeminiPlugin "$harness/GeminiFuzzer.swift" "$root"/Plugins/Gemini/*.swift ;;
        ollama) echo OllamaPlugin "$harness/OllamaFuzzer.swift" "$root"/Plugins/Ollama/*.swift ;;
        claude-code) echo ClaudeCodePlugin "$harness/ClaudeCodeFuzzer.swift" "$root"/Plugins/ClaudeCode/*.swift ;;
        gemini-cli) echo GeminiCLIPlugin "$harness/GeminiCLIFuzzer.swift" "$root"/Plugins/GeminiCLI/*.swift ;;
        # The configuration reader needs nothing of the Switchboard module beyond its Configuration folder (and
        # its subfolders, such as Schema/).
        config) echo Switchboard "$harness/ConfigurationFuzzer.swift" $(find "$root/Sources/Switchboard/Configuration" -name '*.swift' | sort) ;;
        *) echo "unknown fuzz target '$1'; the targets are: ${targets[*]}" >&2; return 1 ;;
    esac
}

# The seed files of each target.
seeds() {
    case $1 in
        sse-parser) ls "$vendor"/*/Tests/Fixtures/*.sse ;;
        ndjson-parser) ls "$vendor"/Ollama/Tests/Fixtures/*.ndjson "$vendor"/ClaudeCode/Tests/Fixtures/*.jsonl ;;
        json-parser) ls "$vendor"/*/Tests/Fixtures/*.json ;;
        openai) ls "$vendor"/OpenAI/Tests/Fixtures/* ;;
        anthropic) ls "$vendor"/Anthropic/Tests/Fixtures/* ;;
        gemini) ls "$vendor"/Gemini/Tests/Fixtures/* ;;
        ollama) ls "$vendor"/Ollama/Tests/Fixtures/* ;;
        claude-code) ls "$vendor"/ClaudeCode/Tests/Fixtures/* ;;
        gemini-cli) ls "$vendor"/GeminiCLI/Tests/Fixtures/* ;;
        config)
            # The documented template, from the YAML block of docs/configuration.md.
            mkdir -p "$out/docs"
            awk '/^```yaml/ { inside = 1; next } /^```/ { inside = 0 } inside' "$root/docs/configuration.md" \
                >"$out/docs/configuration.yaml"
            echo "$out/docs/configuration.yaml"
            ;;
    esac
    if [[ -d $root/Fuzz/Seeds/$1 ]]; then find "$root/Fuzz/Seeds/$1" -type f; fi
    if [[ -d $fixtures/FuzzRegressions/$1 ]]; then find "$fixtures/FuzzRegressions/$1" -type f ! -name '*.md'; fi
}

# Whether `output` is missing or older than any of the other arguments.
stale() {
    local output=$1 input
    shift
    [[ -e $output ]] || return 0
    for input in "$@"; do [[ $input -nt $output ]] && return 0; done
    return 1
}

# Runs a build step quietly, printing its log only when it fails.
build_step() {
    local log=$1
    shift
    if ! "$@" >"$log" 2>&1; then
        cat "$log" >&2
        echo "fuzz: build failed (log: $log)" >&2
        exit 1
    fi
}

for target in "${targets[@]}"; do sources "$target" >/dev/null; done
mkdir -p "$out/kit/abi" "$out/bin" "$out/logs"
start=$SECONDS

# SwitchboardKit once, as a static library and module, with the SwitchboardABI C module it imports.
kit_sources=("$root"/Sources/SwitchboardKit/*/*.swift)
abi=$root/Sources/SwitchboardABI
if stale "$out/kit/libSwitchboardKit.a" "${kit_sources[@]}" "$abi/switchboard_abi.c" "$abi/include/switchboard_abi.h" "$0"; then
    echo "fuzz: building SwitchboardKit"
    printf 'module SwitchboardABI {\n    header "%s"\n    export *\n}\n' "$abi/include/switchboard_abi.h" \
        >"$out/kit/abi/module.modulemap"
    build_step "$out/logs/build-abi.log" clang -c -O1 -g -fsanitize=fuzzer-no-link,address -I "$abi/include" \
        "$abi/switchboard_abi.c" -o "$out/kit/switchboard_abi.o"
    # -enable-testing: the CLI harnesses build `CLIProcess.Exit` values, whose memberwise initializer is internal.
    build_step "$out/logs/build-kit.log" swiftc "${swift_flags[@]}" -enable-testing -module-name SwitchboardKit \
        -emit-library -static -emit-module -emit-module-path "$out/kit/SwitchboardKit.swiftmodule" \
        -I "$out/kit/abi" -o "$out/kit/libSwitchboardKit.a" "${kit_sources[@]}"
fi

for target in "${targets[@]}"; do
    read -r -a compiled <<<"$(sources "$target")"
    module=${compiled[0]}
    files=("${compiled[@]:1}" "$root/Fuzz/Support/FuzzInput.swift")
    if stale "$out/bin/$target" "${files[@]}" "$out/kit/libSwitchboardKit.a" "$0"; then
        echo "fuzz: building $target"
        build_step "$out/logs/build-$target.log" swiftc "${swift_flags[@]}" -module-name "$module" \
            -I "$out/kit" -I "$out/kit/abi" -I "$root/Sources/CYAML" -L "$out/kit" -lSwitchboardKit \
            "$out/kit/switchboard_abi.o" "${files[@]}" -o "$out/bin/$target"
    fi
done
echo "fuzz: built in $((SECONDS - start)) s"

# A trap must reach libFuzzer as the deadly signal it is: the Swift runtime's own crash handler would read the
# crashed process's memory from a helper thread under ASan and hang or garble the report.
export SWIFT_BACKTRACE=enable=no
failed=()
for target in "${targets[@]}"; do
    corpus=$out/corpus/$target
    seed_dir=$out/seeds/$target
    artifacts=$out/artifacts/$target
    log=$out/logs/$target.log
    rm -rf "$seed_dir" "$artifacts"
    mkdir -p "$corpus" "$seed_dir" "$artifacts"
    while IFS= read -r seed; do
        # Vendor fixtures share names (stream-text.sse); keep them apart by their folder.
        cp "$seed" "$seed_dir/$(basename "$(dirname "$seed")")-$(basename "$seed")"
    done < <(seeds "$target")
    # A dictionary: the fixed tokens of the input's syntax, plus the names and strings its seeds use.
    dictionary=$out/dictionaries/$target.dict
    mkdir -p "$out/dictionaries"
    if [[ $target == config ]]; then
        { cat "$root/Fuzz/Dictionaries/yaml.dict"; grep -ohaE '[a-z_]+:' "$seed_dir"/* | sort -u | sed 's/.*/"&"/'; } \
            >"$dictionary"
    else
        { cat "$root/Fuzz/Dictionaries/json.dict"; grep -ohaE '"[A-Za-z_@.][A-Za-z0-9_@./-]{0,40}"' "$seed_dir"/* | sort -u; } \
            >"$dictionary"
    fi
    echo "fuzz: running $target for ${seconds} s ($(ls "$seed_dir" | wc -l) seeds)"
    if "$out/bin/$target" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        -dict="$dictionary" -artifact_prefix="$artifacts/" "$corpus" "$seed_dir" >"$log" 2>&1; then
        grep -E '^stat::number_of_executed_units' "$log" | sed "s/^/fuzz: $target: /" || true
    else
        failed+=("$target")
        tail -n 60 "$log" >&2
        for artifact in "$artifacts"/*; do
            [[ -e $artifact ]] && echo "fuzz: $target failed; its input is saved in $artifact" >&2
        done
        echo "fuzz: $target failed (log: $log)" >&2
    fi
done

echo "fuzz: finished in $((SECONDS - start)) s"
if ((${#failed[@]} > 0)); then
    echo "fuzz: FAILED: ${failed[*]}" >&2
    exit 1
fi
echo "fuzz: all ${#targets[@]} targets ran ${seconds} s each without a crash, leak or timeout"
