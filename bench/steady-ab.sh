#!/bin/bash
# Long A/B of two node flag sets for one target at defaults (--poll.interval=auto), scraped every
# 15 s, both at once against one Redis with 1,000 keys: CPU of every thread per minute (schedstat)
# and RSS, for MINUTES minutes, so what a young process pays once (JIT warm-up, the memory
# reducer's start-up collections) can be told from what it pays every poll. Each run's stderr has
# --trace-gc (LOGDIR/steady-ab-a.log, -b.log). Measures only; asserts nothing.
# usage: npm run build && bench/steady-ab.sh MINUTES "<node flags A>" "<node flags B>"
#   e.g. bench/steady-ab.sh 35 "" "--no-memory-reducer"
set -u
cd "$(dirname "$0")/.."
M=$1; FA=$2; FB=$3; LOGDIR=${LOGDIR:-/tmp}
fp() { python3 -c "import socket;s=socket.socket();s.bind((\"127.0.0.1\",0));print(s.getsockname()[1])"; }
st() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{s+=$1} END {printf "%.0f\n", s}'; }
rss() { awk '/VmRSS/{print $2}' "/proc/$1/status"; }
RP=$(fp); RD=$(mktemp -d)
redis-server --port "$RP" --dir "$RD" --save '' --enable-debug-command yes >/dev/null 2>&1 &
until redis-cli -p "$RP" ping >/dev/null 2>&1; do sleep 0.2; done
redis-cli -p "$RP" debug populate 1000 >/dev/null
PA=$(fp); PB=$(fp)
# shellcheck disable=SC2086
node --trace-gc $FA dist/cli.js --redis.addr "redis://127.0.0.1:$RP" --web.listen-address "127.0.0.1:$PA" --log-level warn >"$LOGDIR/steady-ab-a.log" 2>&1 &
A=$!
# shellcheck disable=SC2086
node --trace-gc $FB dist/cli.js --redis.addr "redis://127.0.0.1:$RP" --web.listen-address "127.0.0.1:$PB" --log-level warn >"$LOGDIR/steady-ab-b.log" 2>&1 &
B=$!
a0=$(st $A); b0=$(st $B)
for m in $(seq 1 "$M"); do
  for _ in 1 2 3 4; do sleep 15; curl -s "127.0.0.1:$PA/metrics" >/dev/null; curl -s "127.0.0.1:$PB/metrics" >/dev/null; done
  a1=$(st $A); b1=$(st $B)
  echo "min $m: A [$FA] $(((a1 - a0) / 1000000)) ms, B [$FB] $(((b1 - b0) / 1000000)) ms CPU; RSS $(rss $A) / $(rss $B) kB; load $(cut -d' ' -f1 /proc/loadavg)"
  a0=$a1; b0=$b1
done
echo "full GCs: A $(grep -c Mark-Compact "$LOGDIR/steady-ab-a.log"), B $(grep -c Mark-Compact "$LOGDIR/steady-ab-b.log")"
kill $A $B; redis-cli -p "$RP" shutdown nosave >/dev/null 2>&1; wait 2>/dev/null; rm -rf "$RD"
