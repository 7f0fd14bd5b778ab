#!/usr/bin/env bash
# bench/limits.sh [--smoke] : what the shared-LAN limits cost lanchatd
# (lanchatd(8), "LIMITS"), against the same server with them lifted, in
# the same run.
#
#   fan-out  the fan-out workloads of bench/run.sh, framed (lcload) and
#            line-mode (the shared kit's fanout-bench, when present), with
#            every limit active (rates raised past what the generators
#            send, pings and deadlines at their defaults) and with every
#            limit lifted (rates 0, pings off): efficiency (deliveries per
#            server CPU-second) and fixed-rate p99 as ratios (target:
#            within 5 %);
#   idle     10,000 framed members seated and silent for 20 s, pinged
#            every 2 s (thirty times the default of 60 s) and with pings
#            off: the server's CPU for them, as a share of one core
#            (target: under 1 %, at the default).
#
# LANCHATD_BEFORE, when set, is a lanchatd from before the limits existed
# (5be72bc): it runs the fan-out workloads too, with no options.
# Each workload runs REPEAT times (default 3), servers taking turns;
# medians are compared. --smoke: one short round, no verdicts (CI).
# Loopback only; servers are stopped by their own PID.
set -u
here=$(cd "$(dirname "$0")" && pwd)
smoke=0
[ "${1:-}" = "--smoke" ] && smoke=1
[ -x "${LANCHATD:-}" ] || { echo "bench: set LANCHATD (make bench-limits does)"; exit 1; }
REPEAT=${REPEAT:-3}
DUR=5 IDLE_N=10000 IDLE_S=20
[ $smoke = 1 ] && REPEAT=1 DUR=1 IDLE_N=200 IDLE_S=2
SHARED_BENCH=${SHARED_BENCH:-$here/../../shared/bench}
. "$here/lib.sh"
cc -O2 -o "$work/lcload" "$here/lcload.c" || exit 1
have_fb=0
[ -f "$SHARED_BENCH/fanout-bench.c" ] &&
	cc -O2 -o "$work/fanout-bench" "$SHARED_BENCH/fanout-bench.c" && have_fb=1

LIFTED="--rate 0 --byte-rate 0 --ping 0 --error-rate 0"
servers="on off"
[ -n "${LANCHATD_BEFORE:-}" ] && servers="$servers before"

# serve KIND: lanchatd with its limits active (on), lifted (off), or the
# binary from before them (before; it knows none of these options).
serve() {
	case $1 in
	on) start ;;
	off) start $LIFTED ;;
	before) START_BIN=$LANCHATD_BEFORE START_LIMITS="" start ;;
	esac
}

# run KIND TAG TOOL ARGS...: one measurement as a JSON line.
run() {
	local kind=$1 tag=$2 tool=$3
	shift 3
	serve "$kind"
	if [ "$tool" = line ]; then
		timeout 300 "$work/fanout-bench" -H 127.0.0.1 -p "$SPORT" -P "$SPID" \
		    -g "$@" >"$work/out" 2>/dev/null
	else
		timeout 300 "$work/lcload" -p "$SPORT" -P "$SPID" "$@" \
		    >"$work/out" 2>"$work/err" || cat "$work/err" >&2
	fi
	stop
	grep '^JSON ' "$work/out" |
	    sed "s/^JSON {/{\"server\":\"$kind\",\"tag\":\"$tag\",/"
}

# idle PING: IDLE_N silent members for IDLE_S seconds.
idle() {
	start --ping "$1"
	timeout 300 "$work/lcload" -p "$SPORT" -P "$SPID" -n $IDLE_N -k 0 -r 1 \
	    -d $IDLE_S -C 4000 >"$work/out" 2>"$work/err" || cat "$work/err" >&2
	stop
	grep '^JSON ' "$work/out" |
	    sed "s/^JSON {/{\"server\":\"idle\",\"tag\":\"ping $1\",/"
}

results="$work/results.jsonl"
for rep in $(seq "$REPEAT"); do
	echo "limits bench: round $rep of $REPEAT" >&2
	order=$servers
	[ $((rep % 2)) = 0 ] && order=$(echo $servers | tr ' ' '\n' | tac | tr '\n' ' ')
	for s in $order; do
		run $s "framed flat 100" framed -n 100 -k 1 -r 0 -d $DUR
		run $s "framed flat 1000" framed -n 1000 -k 1 -r 0 -d $DUR -C 2000
		run $s "framed 10x10 1000" framed -n 1000 -k 10 -r 10 -d $DUR -C 2000
		run $s "framed 10x100 1000" framed -n 1000 -k 10 -r 100 -d $DUR -C 2000
		if [ $have_fb = 1 ]; then
			run $s "line flat 100" line -n 100 -k 1 -r 0 -d $DUR -c 16
			run $s "line 10x10 100" line -n 100 -k 10 -r 10 -d $DUR -c 16
		fi
	done >>"$results"
	for p in 2:2 0; do idle $p; done >>"$results"
done

python3 - "$results" "$smoke" "$IDLE_S" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
smoke, idle_s = sys.argv[2] == "1", float(sys.argv[3])
for r in rows:  # fanout-bench names its figures its own way
    if "srv_cpu_s" in r:
        r["server_cpu_s"] = r["srv_cpu_s"]
        r["efficiency"] = r["delivered"] / r["srv_cpu_s"] if r["srv_cpu_s"] else 0
        r["p99_ms"] = r["lat_p99_us"] / 1000
def med(tag, server, key):
    v = [r[key] for r in rows if r["tag"] == tag and r["server"] == server
         and r.get(key) is not None]
    return statistics.median(v) if v else float("nan")
tags = []
for r in rows:
    if r["server"] != "idle" and r["tag"] not in tags:
        tags.append(r["tag"])
before = any(r["server"] == "before" for r in rows)
ok = True
print("| workload | limits on eff | lifted eff | on/lifted | on p99 ms | lifted p99 ms |%s lost |" %
      (" before eff | on/before | before p99 ms |" if before else ""))
print("|---|---|---|---|---|---|%s---|" % ("---|---|---|" if before else ""))
for t in tags:
    eon, eoff = med(t, "on", "efficiency"), med(t, "off", "efficiency")
    pon, poff = med(t, "on", "p99_ms"), med(t, "off", "p99_ms")
    lost = sum(r.get("lost", 0) for r in rows if r["tag"] == t)
    extra = ""
    if before:
        eb, pb = med(t, "before", "efficiency"), med(t, "before", "p99_ms")
        extra = " %.2fM | %.3f | %.2f |" % (eb / 1e6, eon / eb if eb else 0, pb)
    print("| %s | %.2fM | %.2fM | %.3f | %.2f | %.2f |%s %d |" % (
        t, eon / 1e6, eoff / 1e6, eon / eoff if eoff else 0, pon, poff,
        extra, lost))
    if "flat" in t:
        ok = ok and eon / eoff >= 0.95
    ok = ok and lost == 0
cpu = {p: med("ping " + p, "idle", "server_cpu_s") for p in ("2:2", "0")}
n = max((r["clients"] for r in rows if r["server"] == "idle"), default=0)
share = (cpu["2:2"] - cpu["0"]) / idle_s
print()
print("idle: %d members for %.0f s: server CPU %.3f s pinged every 2 s, "
      "%.3f s with pings off; pings cost %.2f %% of a core at 2 s, so "
      "%.3f %% at the default 60 s (all in: %.2f %% of a core at 2 s)" % (
          n, idle_s, cpu["2:2"], cpu["0"], 100 * share, 100 * share / 30,
          100 * cpu["2:2"] / idle_s))
if smoke:
    sys.exit(0)
at_default = (cpu["0"] + (cpu["2:2"] - cpu["0"]) / 30) / idle_s
ok = ok and at_default < 0.01
print("idle at the default ping: %.3f %% of a core" % (100 * at_default))
print("verdict: %s" % ("flat-out efficiency within 5 %, 10,000 idle members "
                       "under 1 % of a core" if ok else
                       "a target is MISSED (see above)"))
sys.exit(0 if ok else 1)
PY
