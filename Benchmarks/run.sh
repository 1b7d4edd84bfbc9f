#!/usr/bin/env bash
# Runs every Switchboard benchmark on this machine and prints the figures docs/benchmarks.md records.
#
#   Benchmarks/run.sh            # everything
#   Benchmarks/run.sh --quick    # fewer iterations, for a smoke run
#
# Installs what it needs (nginx-light, wrk, hyperfine) when missing, builds in release, starts nginx on 127.0.0.1
# as the upstream for the end-to-end figures, and stops everything it started on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

need=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v hyperfine >/dev/null 2>&1 || need+=(hyperfine)
if [ "${#need[@]}" -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

echo "# Switchboard benchmarks — $(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(swift --version 2>/dev/null | head -1)"
echo

swift build -c release >/dev/null
bin="$root/.build/release"

work=$(mktemp -d)
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
