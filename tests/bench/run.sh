#!/usr/bin/env bash
# quota-gateway benchmark: warm /quotas against nginx serving the identical bytes, cold fan-out
# against the critical path, upstream economy, memory at 1,000 idle connections and over a soak.
#
#   bash tests/bench/run.sh            # full run (~12 min: includes a 5-minute soak)
#   SOAK_SECONDS=30 bash tests/bench/run.sh   # shorter soak while iterating
#
# Needs (Debian): nginx-light wrk python3, plus the build dependencies. Not part of ctest.
# Both servers get the same CPU: each pinned to core 0 (nginx with one worker, the gateway with
# one I/O thread); wrk runs on core 1. These machines are noisy, so runs alternate and the
# report gives the median of per-pair ratios. Results: tests/bench/results/<commit>.{json,md}.
set -euo pipefail
[ -n "${BENCH_DEBUG:-}" ] && set -x
cd "$(dirname "$0")/../.."
ROOT=$PWD
WORK=$(mktemp -d /tmp/qg-bench-XXXXXX)
chmod 755 "$WORK"  # nginx workers run as an unprivileged user
RUNS=${RUNS:-5}
DURATION=${DURATION:-5}
SOAK_SECONDS=${SOAK_SECONDS:-300}
LATENCY_MS=${LATENCY_MS:-200}
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
OUT_DIR=$ROOT/tests/bench/results
mkdir -p "$OUT_DIR"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

for tool in nginx wrk python3 taskset; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y nginx-light wrk python3 util-linux"; exit 1; }
done

echo "== building (Release)"
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DQG_BUILD_TESTS=OFF >"$WORK/build.log" 2>&1
cmake --build build-bench -j2 --target quota-gateway provider-emulator >>"$WORK/build.log" 2>&1 || { tail -50 "$WORK/build.log"; exit 1; }
GW=$ROOT/build-bench/gateway/quota-gateway
EMU=$ROOT/build-bench/adapters/emulator/provider-emulator

port_of() {  # waits for "listening on http://...:PORT" in a log file
  for _ in $(seq 1 200); do
    local p; p=$(grep -oE 'listening on http://[^ ]*:[0-9]+' "$1" 2>/dev/null | grep -oE '[0-9]+$' | head -1 || true)
    [ -n "$p" ] && { echo "$p"; return; }
    sleep 0.05
  done
  echo "no port in $1" >&2; exit 1
}

start_emulator() {  # $1: log file, rest: extra args; sets EMU_PORT
  local log=$1; shift
  taskset -c 1 "$EMU" --listen 127.0.0.1:0 --threads 1 --control "$@" >"$log" 2>&1 &
  PIDS+=($!)
  EMU_PORT=$(port_of "$log")
}

gateway_config() {  # $1 emulator port, $2 extra yaml
  cat <<EOF
listen: 127.0.0.1:0
threads: 1
log: { level: info, format: json }
request_deadline: 10s
$2
accounts:
  - { name: live, provider: tencent-live, endpoint: "http://127.0.0.1:$1", secret_id: AKIDEMULATOR0000000000000000000000TEST, secret_key: emulator-tencent-secret-key-000000 }
  - { name: rtc, provider: alibaba-ice, region: cn-shanghai, endpoint: "http://127.0.0.1:$1", access_key_id: LTAI5tEmulator000000000000, access_key_secret: emulator-alibaba-secret-000000 }
  - { name: aic, provider: alibaba-aicontent, endpoint: "http://127.0.0.1:$1", access_key_id: LTAI5tEmulator000000000000, access_key_secret: emulator-alibaba-secret-000000, page_size: 100 }
EOF
}

start_gateway() {  # $1 config file, $2 log file; sets GW_PORT and GW_PID
  taskset -c 0 "$GW" --config "$1" >"$2" 2>&1 &
  GW_PID=$!
  PIDS+=($GW_PID)
  GW_PORT=$(port_of "$2")
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$GW_PORT/readyz" >/dev/null && return; sleep 0.1; done
  echo "gateway not ready"; exit 1
}

# Busy share of cores 0 (server) and 1 (wrk) between two /proc/stat snapshots: when wrk's core
# is saturated while the server's is not, the run measured the client, not the server.
cpu_busy() {  # $1 $2 snapshot files → "server_busy client_busy" (fractions)
  python3 - "$1" "$2" <<'EOF2'
import sys
def cores(path):
    return {l.split()[0]: [int(x) for x in l.split()[1:]] for l in open(path) if l.startswith(("cpu0 ", "cpu1 "))}
a, b = cores(sys.argv[1]), cores(sys.argv[2])
def busy(name):
    d = [y - x for x, y in zip(a[name], b[name])]
    idle = d[3] + d[4]  # idle + iowait
    return 1 - idle / max(sum(d), 1)
print(f"{busy('cpu0'):.3f} {busy('cpu1'):.3f}")
EOF2
}

wrk_run() {  # $1 url → "rps p50_ms p99_ms server_core_busy client_core_busy"
  cat /proc/stat >"$WORK/stat.before"
  local measured; measured=$(taskset -c 1 wrk -t1 -c50 -d"${DURATION}s" --latency "$1" | python3 "$ROOT/tests/bench/wrk_parse.py")
  cat /proc/stat >"$WORK/stat.after"
  echo "$measured $(cpu_busy "$WORK/stat.before" "$WORK/stat.after")"
}

echo "== warm: gateway vs nginx on the identical bytes"
start_emulator "$WORK/emulator.log"
gateway_config "$EMU_PORT" "cache: { ttl: 1h }" >"$WORK/gateway.yaml"
start_gateway "$WORK/gateway.yaml" "$WORK/gateway.log"
mkdir -p "$WORK/www"
declare -A QUERIES=( [default]="" [filtered]="status=active&sort=-remaining&page_size=20" [csv]="format=csv" )
for name in default filtered csv; do
  q=${QUERIES[$name]}
  curl -sf "http://127.0.0.1:$GW_PORT/quotas${q:+?$q}" -o "$WORK/www/$name"
done
cat >"$WORK/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  server { listen 127.0.0.1:0; location / { root $WORK/www; default_type application/json; } }
}
EOF
NGINX_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
sed -i "s/listen 127.0.0.1:0;/listen 127.0.0.1:$NGINX_PORT;/" "$WORK/nginx.conf"
taskset -c 0 nginx -c "$WORK/nginx.conf" &
PIDS+=($!)
sleep 0.5
: >"$WORK/warm.tsv"
for name in default filtered csv; do
  q=${QUERIES[$name]}
  for run in $(seq 1 "$RUNS"); do
    echo "$name gateway $(wrk_run "http://127.0.0.1:$GW_PORT/quotas${q:+?$q}")" >>"$WORK/warm.tsv"
    echo "$name nginx $(wrk_run "http://127.0.0.1:$NGINX_PORT/$name")" >>"$WORK/warm.tsv"
  done
done
BODY_BYTES=$(stat -c %s "$WORK/www/default")

echo "== upstream economy: calls per 1,000 client requests within one TTL"
before=$(curl -sf "http://127.0.0.1:$EMU_PORT/__emulator/stats" | python3 -c 'import json,sys; d=json.load(sys.stdin)["apis"]; print(sum(a["calls"] for a in d.values()))')
python3 - "$GW_PORT" <<'EOF'
import sys, http.client
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]))
targets = ["/quotas", "/quotas?status=active", "/quotas?provider=tencent-live&sort=-remaining", "/quotas?format=csv",
           "/quotas?expires_before=30d", "/quotas?page_size=5&q=traffic", "/quotas?kind=ai-oral", "/quotas?fields=name,remaining"]
for i in range(1000):
    c.request("GET", targets[i % len(targets)]); r = c.getresponse(); r.read(); assert r.status == 200, r.status
EOF
after=$(curl -sf "http://127.0.0.1:$EMU_PORT/__emulator/stats" | python3 -c 'import json,sys; d=json.load(sys.stdin)["apis"]; print(sum(a["calls"] for a in d.values()))')
UPSTREAM_PER_1000=$((after - before))

echo "== memory: 1,000 idle keep-alive connections"
RSS_BEFORE=$(awk '/VmRSS/{print $2}' /proc/$GW_PID/status)
python3 - "$GW_PORT" "$GW_PID" >"$WORK/idle.txt" <<'EOF'
import sys, socket
port, pid = int(sys.argv[1]), sys.argv[2]
socks = []
for i in range(1000):
    s = socket.create_connection(("127.0.0.1", port)); s.sendall(b"GET /healthz HTTP/1.1\r\nHost: b\r\n\r\n"); s.recv(4096); socks.append(s)
rss = [l for l in open(f"/proc/{pid}/status") if l.startswith("VmRSS")][0].split()[1]
print(rss)
EOF
RSS_IDLE=$(cat "$WORK/idle.txt")

echo "== soak: ${SOAK_SECONDS}s of load, RSS sampled"
: >"$WORK/soak.txt"
taskset -c 1 wrk -t1 -c50 -d"${SOAK_SECONDS}s" "http://127.0.0.1:$GW_PORT/quotas?status=active" >/dev/null &
WRK_PID=$!
for i in $(seq 0 10); do
  awk '/VmRSS/{print $2}' /proc/$GW_PID/status >>"$WORK/soak.txt"
  sleep $((SOAK_SECONDS / 10)) || true
done
wait $WRK_PID || true
kill $GW_PID 2>/dev/null || true

echo "== cold: fan-out latency against the critical path (emulator latency ${LATENCY_MS} ms per call)"
start_emulator "$WORK/emulator-slow.log" --latency-ms "$LATENCY_MS"
gateway_config "$EMU_PORT" "cache: { ttl: 1h }" >"$WORK/gateway-cold.yaml"
start_gateway "$WORK/gateway-cold.yaml" "$WORK/gateway-cold.log"
GW2_PORT=$GW_PORT
sleep 1.2  # Tencent's rolling 1-second budget recovers from the start-up warm-up fetch
: >"$WORK/cold.txt"
for i in $(seq 1 7); do
  curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$GW2_PORT/quotas?refresh=true" >>"$WORK/cold.txt"
  sleep 1.2  # let Tencent's rolling 1-second budget recover between cold fetches
done

python3 "$ROOT/tests/bench/report.py" "$WORK" "$OUT_DIR" "$COMMIT" "$BODY_BYTES" "$UPSTREAM_PER_1000" "$RSS_BEFORE" \
  "$RSS_IDLE" "$LATENCY_MS"
