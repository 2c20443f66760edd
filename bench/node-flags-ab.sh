#!/bin/bash
# A/B of node/V8 flag sets for one target: the same dist/ started once per flag set, all at once
# against one Redis with 1,000 keys, each scraped every 15 s from the start (so the default
# --poll.interval=auto learns that cadence). CPU of every thread (/proc/<pid>/task/*/schedstat)
# over WINDOW seconds after a 40 s warm-up; idle RSS the median of 5 samples at the end. Measures
# only; asserts nothing. An empty argument is "no flags".
# usage: npm run build && bench/node-flags-ab.sh "" "--no-opt" "--lite-mode"
#   env: LOGDIR=/tmp (each run's stderr: node-flags-ab-<n>.log), WINDOW=180 (s), FLEET=<n> (n targets on the one Redis), ARGS="--poll.interval 1s" (exporter flags for every run), ENTRY=dist/cli.js
set -u
cd "$(dirname "$0")/.."
WINDOW=${WINDOW:-180}
ENTRY=${ENTRY:-dist/cli.js}
fp() { python3 -c "import socket;s=socket.socket();s.bind((\"127.0.0.1\",0));print(s.getsockname()[1])"; }
# ns of CPU run by every thread of the process
cpu() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{s+=$1} END {printf "%.0f\n", s}'; }
rss() { awk '/VmRSS/{print $2}' "/proc/$1/status"; }
RP=$(fp)
RD=$(mktemp -d)
redis-server --port "$RP" --dir "$RD" --save '' --enable-debug-command yes >/dev/null 2>&1 &
until redis-cli -p "$RP" ping >/dev/null 2>&1; do sleep 0.2; done
redis-cli -p "$RP" debug populate 1000 >/dev/null
TARGETS=()
if [ -n "${FLEET:-}" ]; then
  # FLEET=N: N targets on that one Redis, through a targets file, instead of --redis.addr
  { echo "targets:"; for n in $(seq 1 "$FLEET"); do printf '  - name: t%s\n    addr: redis://127.0.0.1:%s\n' "$n" "$RP"; done; } >"$RD/targets.yml"
  TARGETS=(--config.file "$RD/targets.yml")
else
  TARGETS=(--redis.addr "redis://127.0.0.1:$RP")
fi
PIDS=()
PORTS=()
for flags in "$@"; do
  port=$(fp)
  # shellcheck disable=SC2086 # flags are words on purpose
  node $flags "$ENTRY" "${TARGETS[@]}" --web.listen-address "127.0.0.1:$port" --log-level warn ${ARGS:-} >/dev/null 2>"${LOGDIR:-/tmp}/node-flags-ab-${#PIDS[@]}.log" &
  PIDS+=($!)
  PORTS+=("$port")
done
scrape() { for p in "${PORTS[@]}"; do curl -s "127.0.0.1:$p/metrics" >/dev/null; done; }
sleep 2
for _ in 1 2 3; do scrape; sleep 13; done
C0=()
for pid in "${PIDS[@]}"; do C0+=("$(cpu "$pid")"); done
end=$((SECONDS + WINDOW))
while [ $SECONDS -lt $end ]; do
  scrape
  sleep 15
done
declare -a R
for i in "${!PIDS[@]}"; do R[$i]=""; done
for _ in 1 2 3 4 5; do
  for i in "${!PIDS[@]}"; do R[$i]="${R[$i]} $(rss "${PIDS[$i]}")"; done
  sleep 1
done
i=0
for flags in "$@"; do
  pid=${PIDS[$i]}
  c1=$(cpu "$pid")
  med=$(echo "${R[$i]}" | tr ' ' '\n' | grep . | sort -n | sed -n 3p)
  printf 'flags=%-28s cpu_s_per_min=%.3f idle_rss_mb=%.1f load=%s\n' "'${flags}'" "$(echo "(${c1}-${C0[$i]})/1000000000/${WINDOW}*60" | bc -l)" "$(echo "$med/1024" | bc -l)" "$(cut -d' ' -f1 /proc/loadavg)"
  kill "$pid"
  i=$((i + 1))
done
redis-cli -p "$RP" shutdown nosave >/dev/null 2>&1
wait 2>/dev/null
rm -rf "$RD"
