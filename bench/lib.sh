# bench/lib.sh: what the bench scripts share, sourced after they set
# LANCHATD: a scratch directory removed at exit with every server still
# running (by its own PID), and lanchatd started on loopback with the
# room's limits lifted, so that the bench measures the server, not its
# rate limits.
BENCH_LIMITS="--dns-sd no --per-address 0 --connect-rate 0 --rate 100000000:100000000
    --byte-rate 1000000000:1000000000 --error-rate 0"
work=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	rm -rf "$work"
}
trap cleanup EXIT
ulimit -n "$(ulimit -Hn)" 2>/dev/null

# start ARGS...: lanchatd on loopback with ARGS; sets SPID and SPORT.
# START_BIN runs another binary, START_LIMITS other limits ("" none: a
# lanchatd from before they existed knows no such options).
start() {
	"${START_BIN:-$LANCHATD}" -q -l 127.0.0.1 -p 0 ${START_LIMITS-$BENCH_LIMITS} \
	    "$@" >"$work/addr" 2>"$work/log" &
	SPID=$!
	pids="$pids $SPID"
	for _ in $(seq 50); do
		grep -q listening "$work/addr" 2>/dev/null && break
		sleep 0.1
	done
	SPORT=$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$work/addr" | head -1)
}

# stop: the server start started, within 3 seconds, then for sure.
stop() {
	kill "$SPID" 2>/dev/null
	for _ in $(seq 30); do kill -0 "$SPID" 2>/dev/null || break; sleep 0.1; done
	kill -9 "$SPID" 2>/dev/null
	wait "$SPID" 2>/dev/null
}
