#!/usr/bin/env bash
# bench/ab.sh A B [REPEAT]: two lanchatd binaries (say, before and after a
# change) through the same workloads in the same run, taking turns within
# each round so that a noisy spell hits both alike. Prints, per workload,
# the median efficiency (deliveries per server CPU-second), p99 and server
# CPU, and B's efficiency as a ratio of A's. Loopback only; every run is
# bounded in time; servers are stopped by their own PID.
#
# Environment: AARGS and BARGS, options for each; SHARED_BENCH, the
# shared kit.
set -u
here=$(cd "$(dirname "$0")" && pwd)
A=${1:?usage: ab.sh LANCHATD_A LANCHATD_B [REPEAT]}
B=${2:?usage: ab.sh LANCHATD_A LANCHATD_B [REPEAT]}
REPEAT=${3:-3}
SHARED_BENCH=${SHARED_BENCH:-$here/../../shared/bench}
LANCHATD=$A
. "$here/lib.sh"
cc -O2 -o "$work/lcload" "$here/lcload.c" || exit 1
have_fb=0
[ -f "$SHARED_BENCH/fanout-bench.c" ] &&
	cc -O2 -o "$work/fanout-bench" "$SHARED_BENCH/fanout-bench.c" && have_fb=1

# opts BIN: what lib.sh's start gives this binary: one that knows the
# room's limits gets them lifted as lib.sh lifts them (the load generators
# connect from one address, faster than any member would), one from
# before them gets none; and never published through Avahi. Asked once
# per binary. AARGS and BARGS come after, so they can set limits of
# their own.
opts() {
	local known out=""
	known=$("$1" --help 2>&1)
	case $known in *--per-address*) out=${BENCH_LIMITS#--dns-sd no } ;; esac
	case $known in *--dns-sd*) out="--dns-sd no $out" ;; esac
	echo "$out"
}
AOPTS=$(opts "$A")
BOPTS=$(opts "$B")

# serve NAME BIN ARGS...: lib.sh's start for binary NAME (A or B).
serve() {
	local opts=${1}OPTS bin=$2
	shift 2
	START_BIN=$bin START_LIMITS=${!opts} start "$@"
}

# one NAME BIN ARGS -- TOOL ARGS: one measurement, as a JSON line.
one() {
	local name=$1 bin=$2 tag=$3 tool=$4
	shift 4
	# shellcheck disable=SC2086
	serve "$name" "$bin" $(eval echo "\${${name}ARGS:-}")
	if [ "$tool" = line ]; then
		timeout 300 "$work/fanout-bench" -H 127.0.0.1 -p "$SPORT" -P "$SPID" \
			-g "$@" >"$work/out" 2>/dev/null
	else
		timeout 300 "$work/lcload" -p "$SPORT" -P "$SPID" "$@" \
			>"$work/out" 2>/dev/null
	fi
	stop
	grep '^JSON ' "$work/out" | sed "s/^JSON {/{\"bin\":\"$name\",\"tag\":\"$tag\",/"
}

results=$work/ab.jsonl
for rep in $(seq "$REPEAT"); do
	echo "ab: round $rep of $REPEAT" >&2
	for who in A B; do
		bin=$A
		[ $who = B ] && bin=$B
		one $who "$bin" "framed flat 100" framed -n 100 -k 1 -r 0 -d 5
		one $who "$bin" "framed flat 1000" framed -n 1000 -k 1 -r 0 -d 5 -C 2000
		one $who "$bin" "framed 10x10 1000" framed -n 1000 -k 10 -r 10 -d 5 -C 2000
		one $who "$bin" "framed 10x100 1000" framed -n 1000 -k 10 -r 100 -d 5 -C 2000
		if [ $have_fb = 1 ]; then
			one $who "$bin" "line flat 100" line -n 100 -k 1 -r 0 -d 5 -c 16
			one $who "$bin" "line 10x10 100" line -n 100 -k 10 -r 10 -d 5 -c 16
		fi
	done >>"$results"
done
python3 - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
for r in rows:  # fanout-bench names its figures its own way
    if "srv_cpu_s" in r:
        r["efficiency"] = r["delivered"] / r["srv_cpu_s"] if r["srv_cpu_s"] else 0
        r["p99_ms"] = r["lat_p99_us"] / 1000
tags = []
for r in rows:
    if r["tag"] not in tags:
        tags.append(r["tag"])
def med(tag, who, key):
    v = [r.get(key) for r in rows if r["tag"] == tag and r["bin"] == who
         and r.get(key) is not None]
    return statistics.median(v) if v else float("nan")
print("| workload | A eff | B eff | B/A | A p99 ms | B p99 ms | lost |")
print("|---|---|---|---|---|---|---|")
for t in tags:
    ea, eb = med(t, "A", "efficiency"), med(t, "B", "efficiency")
    pa, pb = med(t, "A", "p99_ms"), med(t, "B", "p99_ms")
    lost = sum(r.get("lost", 0) for r in rows if r["tag"] == t)
    print("| %s | %.1fM | %.1fM | %.3f | %.2f | %.2f | %d |" % (
        t, ea / 1e6, eb / 1e6, eb / ea if ea else 0, pa, pb, lost))
PY
