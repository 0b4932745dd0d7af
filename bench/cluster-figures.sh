#!/usr/bin/env bash
# Distributed runtime figures on one machine (loopback): Nexmark q0/q5 throughput on a coordinator + 2 workers
# (2 slots each, parallelism 4) against the single-process run at parallelism 4, and the time from a worker's SIGKILL
# to the job running again; as root also from a worker's network cut (veth link in a network namespace) to running again.
# Needs a Release build (./build.sh test or dotnet build -c Release).
#   bench/cluster-figures.sh [EVENTS] [cut]     (cut: only the network-cut figure)
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${1:-5000000}
BIN=samples/Nexmark/bin/Release/net10.0/Nexmark.dll
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
export COMPILED_CLUSTER_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
PORT=$((20000 + RANDOM % 20000))

ms() { date -d "$1" +%s%3N; }                       # HH:MM:SS.mmm of today -> epoch ms
stamp() { grep -m1 "$2" "$1" | cut -c1-12; }          # log time of the first line matching $2

cluster() { # $1 = log prefix, rest = job args; 2 workers with 2 slots
  dotnet "$BIN" coordinator --bind 127.0.0.1:$PORT --rest off "${@:2}" >"$WORK/$1.coord" 2>&1 & local c=$!
  sleep 0.5
  dotnet "$BIN" worker --coordinator 127.0.0.1:$PORT --slots 2 >"$WORK/$1.w1" 2>&1 & local w1=$!
  dotnet "$BIN" worker --coordinator 127.0.0.1:$PORT --slots 2 >"$WORK/$1.w2" 2>&1 & local w2=$!
  wait $c; wait $w1 || true; wait $w2 || true
}

ONLY=${2:-}
if [ "$ONLY" != cut ]; then
echo "| query | single process, parallelism 4 | coordinator + 2 workers × 2 slots |"
echo "|---|---:|---:|"
for q in q0 q5; do
  local_line=$(dotnet "$BIN" --query $q --events "$EVENTS" --parallelism 4 2>&1 | grep events/s)
  local_rate=$(sed -E 's/.* ([0-9]+) events\/s.*/\1/' <<<"$local_line")
  cluster $q --query $q --events "$EVENTS" --parallelism 4
  deployed=$(ms "$(stamp "$WORK/$q.coord" 'Attempt 1: deployed')"); finished=$(ms "$(stamp "$WORK/$q.coord" 'finished in')")
  echo "| $q | $((local_rate / 1000)) k events/s | $((EVENTS * 1000 / (finished - deployed) / 1000)) k events/s |"
done

# Failover: a third worker waits with free slots; one running worker is killed 5 s into a checkpointed q5 run.
dotnet "$BIN" coordinator --bind 127.0.0.1:$PORT --rest off --query q5 --events "$EVENTS" --parallelism 4 \
  --output "$WORK/out" --checkpoint-dir "$WORK/chk" --checkpoint-interval 500ms >"$WORK/f.coord" 2>&1 & c=$!
sleep 0.5
dotnet "$BIN" worker --coordinator 127.0.0.1:$PORT --slots 2 >"$WORK/f.w1" 2>&1 & w1=$!
sleep 0.3
dotnet "$BIN" worker --coordinator 127.0.0.1:$PORT --slots 2 >"$WORK/f.w2" 2>&1 & w2=$!
sleep 0.3
dotnet "$BIN" worker --coordinator 127.0.0.1:$PORT --slots 2 >"$WORK/f.w3" 2>&1 & w3=$!
sleep 5
killed=$(date +%s%3N); kill -9 $w1
wait $c; wait $w2 || true; wait $w3 || true
detected=$(ms "$(stamp "$WORK/f.coord" 'lost:')"); redeployed=$(ms "$(stamp "$WORK/f.coord" 'Attempt 2: deployed')")
running=$(ms "$(grep -h 'Attempt 2: running' "$WORK/f.w2" "$WORK/f.w3" | cut -c1-12 | sort | tail -1)")
echo
echo "Worker SIGKILL → loss detected: $((detected - killed)) ms; → next attempt deployed: $((redeployed - killed)) ms (restart delay 1 s); → subtasks running again: $((running - killed)) ms"
fi

# Network cut (root only): the worker in a namespace loses its link without any socket closing. It is declared lost
# after --heartbeat-timeout (3 s); its slots are redeployed once its own heartbeat timeout (5 s) stopped its subtasks.
NS=cmpbench$$; VO=cvb$$o; VI=cvb$$i; HOST=198.19.255.1; INNER=198.19.255.2
if ip netns add $NS 2>/dev/null; then
  trap 'kill $(jobs -p) 2>/dev/null || true; ip link del $VO 2>/dev/null || true; ip netns del $NS 2>/dev/null || true; rm -rf "$WORK"' EXIT
  ip link add $VO type veth peer name $VI && ip link set $VI netns $NS
  ip addr add $HOST/30 dev $VO && ip link set $VO up
  ip netns exec $NS ip addr add $INNER/30 dev $VI && ip netns exec $NS ip link set $VI up && ip netns exec $NS ip link set lo up
  rm -rf "$WORK/out" "$WORK/chk"
  dotnet "$BIN" coordinator --bind $HOST:$PORT --rest off --query q5 --events "$EVENTS" --parallelism 4 \
    --output "$WORK/out" --checkpoint-dir "$WORK/chk" --checkpoint-interval 500ms >"$WORK/n.coord" 2>&1 & c=$!
  sleep 0.5
  ip netns exec $NS dotnet "$BIN" worker --coordinator $HOST:$PORT --slots 2 --bind $INNER >"$WORK/n.w1" 2>&1 &
  sleep 0.3
  dotnet "$BIN" worker --coordinator $HOST:$PORT --slots 2 --bind $HOST >"$WORK/n.w2" 2>&1 & w2=$!
  sleep 0.3
  dotnet "$BIN" worker --coordinator $HOST:$PORT --slots 2 --bind $HOST >"$WORK/n.w3" 2>&1 & w3=$!
  sleep 5
  cut=$(date +%s%3N); ip link set $VO down
  wait $c; wait $w2 || true; wait $w3 || true
  detected=$(ms "$(stamp "$WORK/n.coord" 'lost:')"); redeployed=$(ms "$(stamp "$WORK/n.coord" 'Attempt 2: deployed')")
  running=$(ms "$(grep -h 'Attempt 2: running' "$WORK/n.w2" "$WORK/n.w3" | cut -c1-12 | sort | tail -1)")
  echo
  echo "Worker network cut → loss detected: $((detected - cut)) ms; → next attempt deployed: $((redeployed - cut)) ms (after the cut worker's own 5 s timeout); → subtasks running again: $((running - cut)) ms"
fi
