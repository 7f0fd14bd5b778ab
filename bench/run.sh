#!/usr/bin/env bash
# bench/run.sh [--smoke] : lanchatd's benchmarks, side by side with the
# anchors where they are installed (ncat --broker, and the coalescing
# reference server from ../shared/bench). Loopback only; every run is
# bounded in time; servers are stopped by their own PID.
#
#   --smoke   a few seconds, small numbers, no table: CI keeps it working
#
# Every workload runs REPEAT times (default 3), the servers taking turns
# within each round so that a noisy spell hits them alike; bench/report.py
# reports medians with the range. ngIRCd joins when installed.
#
# Environment: LANCHATD (default ./lanchatd or lanchatd on PATH),
# SHARED_BENCH (default ../shared/bench beside the tree), OUT (default
# bench/RESULTS.md, with the raw runs in bench/results.jsonl; --smoke
# writes nothing), REPEAT.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
smoke=0
[ "${1:-}" = "--smoke" ] && smoke=1
LANCHATD=${LANCHATD:-}
if [ -z "$LANCHATD" ]; then
	for c in "$PWD/lanchatd" "$top/lanchatd" "$(command -v lanchatd)"; do
		[ -x "$c" ] && LANCHATD=$c && break
	done
fi
[ -x "${LANCHATD:-}" ] || { echo "bench: build lanchatd first (make)"; exit 1; }
SHARED_BENCH=${SHARED_BENCH:-$top/../shared/bench}
OUT=${OUT:-$here/RESULTS.md}
REPEAT=${REPEAT:-3}
LANCHATD_ARGS=""
. "$here/lib.sh"

cc -O2 -o "$work/lcload" "$here/lcload.c" || exit 1
have_fb=0
if [ -f "$SHARED_BENCH/fanout-bench.c" ]; then
	cc -O2 -o "$work/fanout-bench" "$SHARED_BENCH/fanout-bench.c" &&
	cc -O2 -o "$work/floor" "$SHARED_BENCH/floor.c" &&
	cc -O2 -o "$work/syscall-floor" "$SHARED_BENCH/syscall-floor.c" &&
	have_fb=1
fi

# start_server NAME: starts it on loopback; sets SPID, SPORT and IRC.
start_server() {
	local name=$1 log="$work/$1.log"
	IRC=""
	case $name in
	lanchatd)
		# The load generators send faster than any person and
		# from one address: the limits are raised, not lifted, so
		# the limiter's cost is in every figure (lanchatd(8)).
		"$LANCHATD" -q -l 127.0.0.1 -p 0 $BENCH_LIMITS $LANCHATD_ARGS \
		    >"$work/addr" 2>"$log" &
		SPID=$!
		for _ in $(seq 50); do
			grep -q listening "$work/addr" 2>/dev/null && break
			sleep 0.1
		done
		SPORT=$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$work/addr" | head -1)
		pids="$pids $SPID"
		return ;;
	floor-coalesce)
		SPORT=$(free_port)
		"$work/floor" -p "$SPORT" -m coalesce >"$log" 2>&1 & ;;
	ncat-broker)
		SPORT=$(free_port)
		ncat --broker -m 100000 -l 127.0.0.1 "$SPORT" >"$log" 2>&1 </dev/null & ;;
	ngircd)
		SPORT=$(free_port)
		sed "s/@PORT@/$SPORT/" "$SHARED_BENCH/ngircd-bench.conf.in" >"$work/ngircd.conf"
		ngircd -n -f "$work/ngircd.conf" >"$log" 2>&1 </dev/null &
		IRC="-I" ;;
	esac
	SPID=$!
	pids="$pids $SPID"
	for _ in $(seq 50); do
		ss -ltnH "sport = :$SPORT" 2>/dev/null | grep -q . && break
		sleep 0.1
	done
}

# free_port: a loopback TCP port nothing listens on now.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

stop_server() {
	kill "$SPID" 2>/dev/null
	for _ in $(seq 30); do kill -0 "$SPID" 2>/dev/null || break; sleep 0.1; done
	kill -9 "$SPID" 2>/dev/null
	wait "$SPID" 2>/dev/null
}

# line SERVER N K RATE DUR [args]: fanout-bench (line-mode clients). lanchatd
# greets at accept, so it is run with -g as the shared kit suggests.
line() {
	local s=$1 n=$2 k=$3 r=$4 d=$5 g=""
	shift 5
	[ "$s" = lanchatd ] && g="-g"
	start_server "$s"
	timeout 300 "$work/fanout-bench" -H 127.0.0.1 -p "$SPORT" -n "$n" -k "$k" \
		-r "$r" -d "$d" -P "$SPID" -l "$s" $IRC $g "$@" >"$work/out" 2>"$work/err"
	stop_server
	grep '^JSON ' "$work/out" | sed "s/^JSON {/{\"server\":\"$s\",\"tool\":\"fanout-bench\",\"rep\":$rep,/"
}

# framed N K RATE DUR [lcload args]: lcload (lanchat protocol) against lanchatd
framed() {
	local n=$1 k=$2 r=$3 d=$4
	shift 4
	start_server lanchatd
	timeout 300 "$work/lcload" -p "$SPORT" -n "$n" -k "$k" -r "$r" -d "$d" \
		-P "$SPID" "$@" >"$work/out" 2>"$work/err" || cat "$work/err" >&2
	stop_server
	grep '^JSON ' "$work/out" | sed "s/^JSON {/{\"server\":\"lanchatd\",\"tool\":\"lcload\",\"rep\":$rep,\"tag\":\"$tag\",/"
}

results="$work/results.jsonl"
rep=1
tag=""
if [ $smoke = 1 ]; then
	framed 50 2 50 1 >>"$results"
	framed 50 2 50 1 -u >>"$results"
	LANCHATD_ARGS="--ping 0.2:1" tag=idle-ping framed 50 0 1 1 >>"$results"
	SOAK_SECONDS=15 timeout 120 python3 "$here/soak.py" "$LANCHATD" \
		>"$work/soak" 2>&1 || { cat "$work/soak"; exit 1; }
	tail -3 "$work/soak"
	[ $have_fb = 1 ] && line lanchatd 50 2 50 1 -c 8 >>"$results"
	python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
bad = [r for r in rows if r.get("lost", 1) or r.get("dup", 0)]
for r in rows:
    print("smoke: %s %s %s: delivered %s, lost %s" % (
        r["server"], r.get("tool"), r.get("mode", "line"),
        r.get("delivered"), r.get("lost")))
sys.exit(1 if bad or not rows else 0)
PY
	exit $?
fi

printf '{"tool":"run","date":"%s","repeat":%d}\n' "$(date '+%Y-%m-%d %H:%M')" "$REPEAT" >>"$results"
servers="lanchatd"
[ $have_fb = 1 ] && servers="$servers floor-coalesce"
command -v ncat >/dev/null && servers="$servers ncat-broker"
command -v ngircd >/dev/null && [ -f "$SHARED_BENCH/ngircd-bench.conf.in" ] &&
	servers="$servers ngircd"
for rep in $(seq "$REPEAT"); do
	echo "bench: round $rep of $REPEAT" >&2
	if [ $have_fb = 1 ]; then
		while read -r n k r c; do
			for s in $servers; do
				# ncat uses select() (about 1,020 clients at most);
				# ngIRCd could not seat 5,000 in five minutes.
				[ "$n" = 5000 ] && [ "$s" = ncat-broker -o "$s" = ngircd ] && continue
				line "$s" "$n" "$k" "$r" 5 $c >>"$results" </dev/null
			done
		done <<-EOF
		100 1 0 -c 16
		1000 1 0 -c 16 -C 1000
		100 10 10 -c 16
		1000 10 10 -c 16 -C 1000
		1000 10 100 -c 16 -C 1000
		5000 10 10 -c 32 -C 2000
		EOF
		# Seating 10,000 at 2,000 connects/s, against the reference in
		# the same harness (its probe and quiet phases count for both).
		line lanchatd 10000 1 1 2 -c 32 -C 2000 >>"$results"
		line floor-coalesce 10000 1 1 2 -c 32 -C 2000 >>"$results"
		timeout 120 "$work/syscall-floor" 2>/dev/null |
			sed -n "s/^udp  sendmmsg x64 : *\([0-9]*\) datagrams.*/{\"tool\":\"syscall-floor\",\"rep\":$rep,\"udp_dgrams_per_s\":\1}/p" >>"$results"
	fi
	framed 100 10 10 5 >>"$results"
	framed 100 10 10 5 -u >>"$results"
	framed 100 10 100 5 >>"$results"
	framed 100 10 100 5 -u >>"$results"
	framed 1000 10 10 5 >>"$results"
	framed 1000 10 10 5 -u >>"$results"
	framed 100 1 0 5 >>"$results"
	framed 100 1 0 5 -u >>"$results"
	framed 10000 1 1 2 -C 2000 >>"$results"
	# 10,000 idle members for 20 s, pinged every 2 s, against the same
	# with pings off: what liveness costs the server.
	LANCHATD_ARGS="--ping 2:2" tag=idle-ping \
		framed 10000 0 1 20 -C 4000 >>"$results"
	LANCHATD_ARGS="--ping 0" tag=idle-noping \
		framed 10000 0 1 20 -C 4000 >>"$results"
done
# UDP at half the datagram ceiling (median of the rounds): 10 senders to
# 100 members, each line one datagram per member.
ceiling=$(python3 - "$results" <<'PY'
import json, statistics, sys
v = [json.loads(l).get("udp_dgrams_per_s") for l in open(sys.argv[1]) if l.strip()]
v = [x for x in v if x]
print(int(statistics.median(v)) if v else 0)
PY
)
if [ "${ceiling:-0}" -gt 0 ]; then
	half=$((ceiling / 2 / 1000))
	for rep in $(seq "$REPEAT"); do
		tag=udp-half framed 100 10 "$half" 5 -u >>"$results"
	done
fi
rep=1
if command -v tmux >/dev/null; then
	LANCHATD=$LANCHATD LANCHAT=${LANCHAT:-$(dirname "$LANCHATD")/lanchat} \
		timeout 200 python3 "$here/client-burst.py" 2>/dev/null |
		sed -n 's/^JSON {/{"tool":"client-burst",/p' >>"$results"
fi

cp "$results" "$(dirname "$OUT")/results.jsonl"
python3 "$here/report.py" "$results" "$OUT" "$REPEAT"
