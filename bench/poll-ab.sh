#!/bin/bash
# Paired A/B of one poll's CPU: for each build, a 200 ms-poll process and a polling-off process,
# all four running at once (same machine load); CPU from /proc/<pid>/stat, polls from /metrics.
# Measures only; asserts nothing. Needs redis-server and python3 (for a free port).
# usage: bench/poll-ab.sh WARMUP SECONDS DIST_A DIST_B   (a DIST is a directory holding cli.js,
#        e.g. dist/ from `npm run build`, or an older build made with tsc --outDir)
W=$1; T=$2; A=$3; B=$4
fp() { python3 -c "import socket;s=socket.socket();s.bind((\"127.0.0.1\",0));print(s.getsockname()[1])"; }
RP=$(fp); RD=$(mktemp -d)
redis-server --port $RP --dir $RD --save '' --enable-debug-command yes >/dev/null 2>&1 & rs=$!
until redis-cli -p $RP ping >/dev/null 2>&1; do sleep 0.2; done
redis-cli -p $RP debug populate 1000 >/dev/null
start() { local port=$(fp); node $1/cli.js --redis.addr redis://127.0.0.1:$RP --web.listen-address 127.0.0.1:$port --poll.interval $2 --log-level warn >/dev/null 2>&1 & echo "$! $port"; }
read af afp < <(start $A 200ms); read as asp < <(start $A 1h); read bf bfp < <(start $B 200ms); read bs bsp < <(start $B 1h)
sleep $W
t() { awk '{print $14+$15}' /proc/$1/stat; }
m() { awk '{print $14+$15}' /proc/$1/task/$1/stat; }
p() { curl -s 127.0.0.1:$1/metrics | awk '/^redis_vitals_polls_total/{print $2}'; }
pa0=$(p $afp); pb0=$(p $bfp); a0=$(t $af); am0=$(m $af); as0=$(t $as); b0=$(t $bf); bm0=$(m $bf); bs0=$(t $bs)
sleep $T
pa1=$(p $afp); pb1=$(p $bfp); a1=$(t $af); am1=$(m $af); as1=$(t $as); b1=$(t $bf); bm1=$(m $bf); bs1=$(t $bs)
na=$((pa1-pa0)); nb=$((pb1-pb0))
echo "A $A polls=$na ms/poll=$(echo "(($a1-$a0)-($as1-$as0))*10/$na" | bc -l | cut -c1-5) main=$(echo "($am1-$am0)*10/$na" | bc -l | cut -c1-5) idle_s/min=$(echo "($as1-$as0)/100/$T*60" | bc -l | cut -c1-5)"
echo "B $B polls=$nb ms/poll=$(echo "(($b1-$b0)-($bs1-$bs0))*10/$nb" | bc -l | cut -c1-5) main=$(echo "($bm1-$bm0)*10/$nb" | bc -l | cut -c1-5) idle_s/min=$(echo "($bs1-$bs0)/100/$T*60" | bc -l | cut -c1-5) load=$(cut -d' ' -f1 /proc/loadavg)"
kill $af $as $bf $bs; redis-cli -p $RP shutdown nosave >/dev/null 2>&1; wait 2>/dev/null; rm -rf $RD
