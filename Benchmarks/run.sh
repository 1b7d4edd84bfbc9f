#!/usr/bin/env bash
# Runs every Switchboard benchmark on this machine and prints the figures docs/benchmarks.md records.
#
#   Benchmarks/run.sh
#
# Installs what it needs (nginx-light, wrk, hyperfine, postgresql) when missing, builds in release, starts nginx on 127.0.0.1
# as the upstream for the end-to-end figures, runs `switchboard-bench` (library, streaming, registry, plugin load,
# isolation), then `switchboard serve` under wrk and a fixed-rate load (gateway), the same on a PostgreSQL ledger (a
# throwaway cluster, `.ci/postgres`) with one replica, with a key's per-minute limit held in it, and two behind nginx, a
# 1,000-stream client and a client that stops reading (gateway memory), and hyperfine over `switchboard route`
# (start-up), and stops everything it started on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

need=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v hyperfine >/dev/null 2>&1 || need+=(hyperfine)
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || need+=(postgresql)
if [ "${#need[@]}" -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

echo "# Switchboard benchmarks — $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(swift --version 2>/dev/null | head -1)"
echo

swift build -c release >/dev/null
bin="$root/.build/release"

work=$(mktemp -d)
chmod 755 "$work"  # nginx's workers run as another user when the script runs as root
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# The upstream: nginx answering OpenAI-shaped SSE from files (POST is served through error_page 405).
mkdir -p "$work/www" "$work/logs"
python3 - "$work/www" <<'PY'
import json, sys
root = sys.argv[1]
def chunk(delta, finish=None, usage=None):
    body = {"id": "chatcmpl-bench", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini",
            "choices": [] if usage else [{"index": 0, "delta": delta, "finish_reason": finish}]}
    if usage: body["usage"] = usage
    return "data: " + json.dumps(body, separators=(",", ":")) + "\n\n"
usage = {"prompt_tokens": 9, "completion_tokens": 3, "total_tokens": 12}
short = chunk({"role": "assistant", "content": ""}) + chunk({"content": "Hi"}) + chunk({"content": " there!"}) \
    + chunk({}, "stop") + chunk(None, usage=usage) + "data: [DONE]\n\n"
open(f"{root}/chat.sse", "w").write(short)
long = chunk({"role": "assistant", "content": ""}) + "".join(chunk({"content": f" w{i}"}) for i in range(20000)) \
    + chunk({}, "stop") + chunk(None, usage=usage) + "data: [DONE]\n\n"
open(f"{root}/stream.sse", "w").write(long)
open(f"{root}/slow.sse", "w").write(long)
big = chunk({"role": "assistant", "content": ""}) \
    + "".join(chunk({"content": f"<{i:05d}>" + "a" * 993}) for i in range(27000)) \
    + chunk({}, "stop") + chunk(None, usage=usage) + "data: [DONE]\n\n"
open(f"{root}/big.sse", "w").write(big)
PY
nginx_port=$(free_port)
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 8192; }
http {
    access_log off;
    keepalive_requests 10000000;
    server {
        listen 127.0.0.1:$nginx_port;
        root $work/www;
        location = /v1/chat/completions { default_type text/event-stream; try_files /chat.sse =404; error_page 405 =200 /chat.sse; }
        location = /stream/v1/chat/completions { default_type text/event-stream; try_files /stream.sse =404; error_page 405 =200 /stream.sse; }
        # The long answer at 2 KiB/s (set where the POST is redirected to): each stream stays open for about 20 minutes.
        location = /slow/v1/chat/completions { default_type text/event-stream; try_files /slow.sse =404; error_page 405 =200 /slow.sse; }
        location = /slow.sse { default_type text/event-stream; limit_rate 2k; }
        # A 30 MB answer at full speed, for the gateway's memory under a client that stops reading.
        location = /big/v1/chat/completions { default_type text/event-stream; try_files /big.sse =404; error_page 405 =200 /big.sse; }
        location ~ \.sse\$ { default_type text/event-stream; }
    }
}
CONF
"$nginx_bin" -c "$work/nginx.conf" -p "$work" &
pids+=($!)
upstream="http://127.0.0.1:$nginx_port"
for _ in $(seq 50); do curl -fs -o /dev/null -X POST "$upstream/v1/chat/completions" && break; sleep 0.1; done

echo '```'
"$bin/switchboard-bench" --upstream "$upstream"
echo '```'
echo

# The gateway: `switchboard serve` with the OpenAI plugin in front of the same nginx, and a SQLite usage ledger.
gateway_port=$(free_port)
cat > "$work/gateway.yaml" <<YAML
version: 1
plugins:
  directories: [$bin]
  include_default_directories: false
  enable: [openai]
providers:
  nginx:
    plugin: openai
    local: true
    settings: {base_url: "$upstream/v1", api_key: bench}
  slow:
    plugin: openai
    local: true
    settings: {base_url: "$upstream/slow/v1", api_key: bench}
  big:
    plugin: openai
    local: true
    settings: {base_url: "$upstream/big/v1", api_key: bench}
usage:
  ledger: $work/usage.sqlite
gateway:
  port: $gateway_port
YAML
start_gateway() {
    "$bin/switchboard" serve --config "$work/gateway.yaml" --log-level warning 2>>"$work/logs/gateway.log" &
    gateway_pid=$!
    pids+=($gateway_pid)
    for _ in $(seq 100); do curl -fs -o /dev/null "$gateway/healthz" && break; sleep 0.1; done
    sleep 1
}
rss() { awk -v what="$2" '$1 == what":" {printf "%.1f MiB", $2/1024}' "/proc/$1/status"; }
gateway="http://127.0.0.1:$gateway_port"
start_gateway

cat > "$work/chat.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"nginx/gpt-4o-mini","messages":[{"role":"user","content":"Say hi"}]}'
LUA
wrk_run() { wrk -t2 -c64 -d15s --latency -s "$work/chat.lua" "$1" | grep -E 'Requests/sec|^ +(50|75|90|99)%|Non-2xx|errors'; }
echo "## Gateway: wrk -t2 -c64 -d15s --latency, POST /v1/chat/completions (non-streaming answer)"
echo '```'
wrk_run "$upstream/v1/chat/completions" >/dev/null  # warm-up
echo "nginx alone ($upstream/v1/chat/completions):"
wrk_run "$upstream/v1/chat/completions"
wrk_run "$gateway/v1/chat/completions" >/dev/null  # warm-up
echo "switchboard serve in front of nginx ($gateway/v1/chat/completions, model nginx/gpt-4o-mini):"
wrk_run "$gateway/v1/chat/completions"
echo '```'
echo

echo "## Gateway latency at a fixed offered load: 1,000 req/s for 10 s, open loop (switchboard-bench --fixed-rate)"
echo '```'
echo "nginx alone:"
"$bin/switchboard-bench" --fixed-rate "$upstream/v1/chat/completions"
echo "switchboard serve in front of nginx:"
"$bin/switchboard-bench" --fixed-rate "$gateway/v1/chat/completions"
echo '```'
echo

# The same gateway on a PostgreSQL ledger: a throwaway cluster, a fresh database per run. One replica alternating with
# the SQLite ledger (same wrk command, minutes apart), then two replicas on one database behind nginx.
postgres_dir=$(mktemp -d)
postgres_admin=$("$root/.ci/postgres" start "$postgres_dir")
trap '"$root/.ci/postgres" stop "$postgres_dir" || true; rm -rf "$postgres_dir"; cleanup' EXIT
fresh_database() {
    psql "$postgres_admin" -qc "DROP DATABASE IF EXISTS bench WITH (FORCE)" -c "CREATE DATABASE bench"
    echo "${postgres_admin/\/postgres\?/\/bench?}"
}
serve_on() { # ledger port [unlimited|requests-per-minute]: a gateway like the one above on another ledger and port;
    # with a third argument, only for the key sk-bench-key (its per-minute limit held in the ledger's rate buckets)
    sed -e "s#^  ledger: .*#  ledger: \"$1\"#" -e "s#^  port: .*#  port: $2#" "$work/gateway.yaml" >"$work/gateway-$2.yaml"
    case "${3:-}" in
        "") ;;
        unlimited) echo "  keys: [{name: bench, key: sk-bench-key}]" >>"$work/gateway-$2.yaml" ;;
        *) echo "  keys: [{name: bench, key: sk-bench-key, requests_per_minute: $3}]" >>"$work/gateway-$2.yaml" ;;
    esac
    "$bin/switchboard" serve --config "$work/gateway-$2.yaml" --log-level warning 2>>"$work/logs/gateway.log" &
    pids+=($!)
    for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$2/healthz" && break; sleep 0.1; done
    sleep 1
}
echo "## Gateway on a PostgreSQL ledger: the same wrk command, SQLite and PostgreSQL alternating"
echo '```'
for round in 1 2; do
    for ledger in "$work/usage-$round.sqlite" "$(fresh_database)"; do
        port=$(free_port)
        serve_on "$ledger" "$port"
        wrk_run "http://127.0.0.1:$port/v1/chat/completions" >/dev/null  # warm-up
        echo "$([ "${ledger#postgres}" = "$ledger" ] && echo SQLite || echo PostgreSQL) ledger, one replica (round $round):"
        wrk_run "http://127.0.0.1:$port/v1/chat/completions"
        kill "${pids[-1]}"
        wait "${pids[-1]}" 2>/dev/null || true
    done
done
echo '```'
echo
echo "## Per-key limits across replicas: the cost of the leases (PostgreSQL ledger, one replica, key sk-bench-key)"
echo '```'
sed 's#^wrk.method = "POST"#&\nwrk.headers["Authorization"] = "Bearer sk-bench-key"#' "$work/chat.lua" >"$work/chat-key.lua"
for round in 1 2; do
    for limit in unlimited 1000000 120000; do
        port=$(free_port)
        serve_on "$(fresh_database)" "$port" "$limit"
        url="http://127.0.0.1:$port/v1/chat/completions"
        wrk -t2 -c64 -d5s -s "$work/chat-key.lua" "$url" >/dev/null  # warm-up
        if [ "$limit" = unlimited ]; then
            echo "key without a limit (round $round):"
        else
            echo "key with requests_per_minute: $limit, leases of $((limit / 100)) (round $round):"
        fi
        wrk -t2 -c64 -d15s --latency -s "$work/chat-key.lua" "$url" | grep -E 'Requests/sec|^ +(50|99)%|Non-2xx|errors'
        kill "${pids[-1]}"
        wait "${pids[-1]}" 2>/dev/null || true
    done
done
database=$(fresh_database)
replica_ports=("$(free_port)" "$(free_port)")
for port in "${replica_ports[@]}"; do serve_on "$database" "$port"; done
balancer_port=$(free_port)
cat > "$work/balancer.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/balancer.pid;
error_log $work/logs/balancer.log warn;
events { worker_connections 8192; }
http {
    access_log off;
    upstream switchboard {
        least_conn;
        server 127.0.0.1:${replica_ports[0]};
        server 127.0.0.1:${replica_ports[1]};
        keepalive 64;
    }
    server {
        listen 127.0.0.1:$balancer_port;
        location / {
            proxy_pass http://switchboard;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_buffering off;
        }
    }
}
CONF
"$nginx_bin" -c "$work/balancer.conf" -p "$work" &
pids+=($!)
for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$balancer_port/healthz" && break; sleep 0.1; done
wrk_run "http://127.0.0.1:$balancer_port/v1/chat/completions" >/dev/null  # warm-up
echo "PostgreSQL ledger, two replicas behind nginx (least_conn, keepalive 64):"
wrk_run "http://127.0.0.1:$balancer_port/v1/chat/completions"
echo "rows in the shared ledger: $(psql "$database" -Atc 'SELECT count(*) FROM usage_record')"
echo '```'
echo

echo "## Gateway memory (VmRSS / VmHWM of switchboard serve)"
echo '```'
echo "the gateway above, idle after the wrk runs: VmRSS $(rss "$gateway_pid" VmRSS), VmHWM $(rss "$gateway_pid" VmHWM)"
kill "$gateway_pid"
wait "$gateway_pid" 2>/dev/null || true
start_gateway
echo "a fresh gateway, idle after start: VmRSS $(rss "$gateway_pid" VmRSS)"
python3 "$root/Benchmarks/streams.py" --port "$gateway_port" --pid "$gateway_pid" --streams 1000 --model slow/gpt-4o-mini
kill "$gateway_pid"
wait "$gateway_pid" 2>/dev/null || true
start_gateway
python3 "$root/Benchmarks/slow_client.py" --port "$gateway_port" --pid "$gateway_pid"
echo '```'
echo

# Start-up: a process that finds every bundled plugin, registers one provider per plugin and routes a prompt; with
# the scanner's cache warm (no scanner process, no plugin file opened), cold (the cache removed before each run: one
# scanner process reads all seven files) and off (a scanner process every run, nothing written).
for cache in "$work/plugin-cache" off; do
    name=$([ "$cache" = off ] && echo all-plugins-nocache || echo all-plugins)
    cat > "$work/$name.yaml" <<YAML
version: 1
plugins:
  directories: [$bin]
  include_default_directories: false
  cache: $cache
providers:
  echo: {plugin: echo, local: true}
  openai: {plugin: openai, settings: {base_url: "$upstream/v1", api_key: bench}}
  ollama: {plugin: ollama, local: true, settings: {base_url: "$upstream"}}
  anthropic: {plugin: anthropic, settings: {api_key: bench}}
  gemini: {plugin: gemini, settings: {api_key: bench}}
  claude-code: {plugin: claude-code}
  gemini-cli: {plugin: gemini-cli}
usage:
  ledger: memory
YAML
done
route="$bin/switchboard route hello --discovery-timeout 0 --config"
"$bin/switchboard" route hello --config "$work/all-plugins.yaml" --discovery-timeout 0 >/dev/null
echo "## Start-up: process start to a routed request, every bundled plugin found (hyperfine, 50 runs)"
echo '```'
hyperfine -N --warmup 5 --runs 50 --export-json "$work/startup.json" \
    --prepare true "$bin/switchboard --help" \
    --prepare true "$route $work/all-plugins.yaml" \
    --prepare "rm -f $work/plugin-cache" "$route $work/all-plugins.yaml" \
    --prepare true "$route $work/all-plugins-nocache.yaml" \
    --prepare true "$bin/switchboard plugins --config $work/all-plugins.yaml" >/dev/null
python3 - "$work/startup.json" <<'PY'
import json, sys
labels = ["floor", "warm cache", "cold cache", "no cache", "plugins, warm cache"]
for label, result in zip(labels, json.load(open(sys.argv[1]))["results"]):
    times = sorted(result["times"])
    p99 = times[min(len(times) - 1, int((len(times) - 1) * 0.99))]
    print(f"{label}: {result['command']}\n  median {result['median'] * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, min {times[0] * 1000:.1f} ms")
PY
echo '```'
echo

echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
