#!/bin/bash
# 500 targets on 5 redis-servers at --poll.interval=5s, run alone: polls completed (redis_vitals_polls_total
# summed from two /metrics bodies SECONDS apart, as the cost bench counts), CPU of every thread, RSS. Measures only.
# usage: npm run build && bench/fleet-5s.sh dist 30 [node flags, e.g. --turbofan]
D=$1; T=$2; shift 2
fp() { python3 -c "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])"; }
PORTS=""; DIRS=""
for i in 1 2 3 4 5; do p=$(fp); d=$(mktemp -d); redis-server --port $p --dir $d --save '' --hz 1 --daemonize yes --pidfile $d/pid >/dev/null; PORTS="$PORTS $p"; DIRS="$DIRS $d"; done
sleep 1
F=$(mktemp); echo "targets:" > $F; i=0; for n in $(seq 0 499); do p=$(echo $PORTS | cut -d' ' -f$(( n % 5 + 1 ))); printf "  - name: t$n\n    addr: redis://127.0.0.1:$p\n" >> $F; done
WP=$(fp)
node "$@" $D/cli.js --config.file $F --poll.interval 5s --web.listen-address 127.0.0.1:$WP --log-level warn > "${LOGDIR:-/tmp}/fleet-5s.log" 2>&1 & pid=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' 127.0.0.1:$WP/-/ready)" = 200 ]; do sleep 1; done
sleep 10
cnt() { curl -s 127.0.0.1:$WP/metrics | awk '/^redis_vitals_polls_total\{/{s+=$2} END{print s}'; }
st() { cat /proc/$pid/task/*/schedstat | awk '{s+=$1} END {printf "%.0f\n", s}'; }
p0=$(cnt); c0=$(st); sleep $T; p1=$(cnt); c1=$(st)
echo "$D $*: polls $((p1-p0)) in $T s, CPU $(( (c1-c0)/1000000 )) ms, rss $(awk '/VmRSS/{print $2}' /proc/$pid/status) kB, load $(cut -d' ' -f1 /proc/loadavg)"
kill $pid; for d in $DIRS; do redis-cli -p $(echo $PORTS | cut -d' ' -f1) shutdown nosave >/dev/null 2>&1; PORTS=$(echo $PORTS | cut -d' ' -f2-); done; rm -rf $DIRS $F
