#!/bin/bash
# A/B of V8's --heap-growing-percent (src/config/v8-heap.ts sets 20) for one target: copies of
# dist/ that differ only in that number run at once against one Redis with 1,000 keys, each
# polling every 5 s and scraped every 15 s; CPU from /proc/<pid>/stat over 3 minutes after a
# 40 s warm-up, RSS at the end. Measures only; asserts nothing.
# usage: npm run build && bench/heap-growing-ab.sh 20 50 100
set -u
cd "$(dirname "$0")/.."
fp() { python3 -c "import socket;s=socket.socket();s.bind((\"127.0.0.1\",0));print(s.getsockname()[1])"; }
t() { awk '{print $14+$15}' "/proc/$1/stat"; }
RP=$(fp); RD=$(mktemp -d)
redis-server --port "$RP" --dir "$RD" --save '' --enable-debug-command yes >/dev/null 2>&1 &
until redis-cli -p "$RP" ping >/dev/null 2>&1; do sleep 0.2; done
redis-cli -p "$RP" debug populate 1000 >/dev/null
declare -A PID PORT C0
for pct in "$@"; do
  d=".bench-heap-$pct"; rm -rf "$d"; cp -r dist "$d"   # inside the checkout, so node_modules resolves
  sed -i "s/--heap-growing-percent=20/--heap-growing-percent=$pct/" "$d/config/v8-heap.js"
  PORT[$pct]=$(fp)
  node "$d/cli.js" --redis.addr "redis://127.0.0.1:$RP" --web.listen-address "127.0.0.1:${PORT[$pct]}" --poll.interval 5s --log-level warn >/dev/null 2>&1 &
  PID[$pct]=$!
done
sleep 40
for pct in "$@"; do C0[$pct]=$(t "${PID[$pct]}"); done
for _ in $(seq 1 12); do sleep 15; for pct in "$@"; do curl -s "127.0.0.1:${PORT[$pct]}/metrics" >/dev/null; done; done
for pct in "$@"; do
  c1=$(t "${PID[$pct]}")
  echo "heap-growing-percent=$pct cpu_s_per_min=$(echo "($c1-${C0[$pct]})/100/3" | bc -l | cut -c1-5) rss_mb=$(awk '/VmRSS/{printf "%.1f", $2/1024}' "/proc/${PID[$pct]}/status") load=$(cut -d' ' -f1 /proc/loadavg)"
  kill "${PID[$pct]}"; rm -rf ".bench-heap-$pct"
done
redis-cli -p "$RP" shutdown nosave >/dev/null 2>&1; wait 2>/dev/null; rm -rf "$RD"
