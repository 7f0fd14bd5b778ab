#!/usr/bin/env bash
# bench/history.sh [--smoke] : what the room's history costs lanchatd,
# against itself without it, in the same run (doc/protocol.md, section 12).
#
#   seating  N members (default 10,000) join a room whose backlog holds
#            100 messages, each asking for it (lcload -B: seated once its
#            backlog came), against the same with --backlog 0: the
#            seating time as a ratio (target: within 1.5x), and the
#            server's RSS growth beyond the backlog's own (target: under
#            1 MiB);
#   writing  10 senders flat out to 100 members with --history-file,
#            against the same without: efficiency (deliveries per server
#            CPU-second) as a ratio (target: at least 0.9).
#
# Each pair runs REPEAT times (default 3), taking turns; medians are
# compared. --smoke: small numbers, one round, no verdicts (CI). Loopback
# only; servers are stopped by their own PID.
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
REPEAT=${REPEAT:-3}
N=${N:-10000}
if [ $smoke = 1 ]; then
	REPEAT=1
	N=300
fi
. "$here/lib.sh"
cc -O2 -o "$work/lcload" "$here/lcload.c" || exit 1

rss() {
	awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

# seat BACKLOG: a room with BACKLOG (0 or 100) filled, then N join.
seat() {
	start --backlog "$1"
	# 200 lines said, of which the backlog keeps the last 100.
	timeout 60 "$work/lcload" -p "$SPORT" -n 1 -k 1 -r 200 -d 1 \
	    >/dev/null 2>&1
	local before
	before=$(rss "$SPID")
	timeout 300 "$work/lcload" -p "$SPORT" -n "$N" -k 0 -r 1 -d 1 \
	    -C 2000 -B -P "$SPID" >"$work/out" 2>"$work/err" ||
	    cat "$work/err" >&2
	stop
	grep '^JSON ' "$work/out" | sed "s/^JSON {/{\"bench\":\"seat\",\"backlog\":$1,\"rss_before_kb\":$before,/"
}

# write FILE?: 10 senders flat out to 100, with a history file or not.
write() {
	if [ "$1" = 1 ]; then
		rm -f "$work/history"*
		start --history-file "$work/history"
	else
		start
	fi
	local d=5
	[ $smoke = 1 ] && d=1
	timeout 120 "$work/lcload" -p "$SPORT" -n 100 -k 10 -r 0 -d $d \
	    -P "$SPID" >"$work/out" 2>"$work/err" || cat "$work/err" >&2
	stop
	grep '^JSON ' "$work/out" | sed "s/^JSON {/{\"bench\":\"write\",\"file\":$1,/"
}

results="$work/results.jsonl"
for rep in $(seq "$REPEAT"); do
	# Turns alternate which goes first, so a noisy spell hits both.
	if [ $((rep % 2)) = 1 ]; then order="0 100"; else order="100 0"; fi
	for b in $order; do seat "$b" >>"$results"; done
	if [ $((rep % 2)) = 1 ]; then order="0 1"; else order="1 0"; fi
	for f in $order; do write "$f" >>"$results"; done
done

python3 - "$results" "$smoke" <<'PY'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
smoke = sys.argv[2] == "1"
def med(xs):
    return statistics.median(xs) if xs else float("nan")
seat = {b: [r for r in runs if r["bench"] == "seat" and r["backlog"] == b]
        for b in (0, 100)}
write = {f: [r for r in runs if r["bench"] == "write" and r["file"] == f]
         for f in (0, 1)}
if not all(seat.values()) or not all(write.values()):
    print("history bench: runs missing: %r" % {k: len(v) for k, v in
                                               list(seat.items()) + list(write.items())})
    sys.exit(1)
s0, s1 = med([r["seat_s"] for r in seat[0]]), med([r["seat_s"] for r in seat[100]])
g0 = med([r["rss_kb"] - r["rss_before_kb"] for r in seat[0]])
g1 = med([r["rss_kb"] - r["rss_before_kb"] for r in seat[100]])
items = med([r["history_items"] for r in seat[100]])
e0, e1 = med([r["efficiency"] for r in write[0]]), med([r["efficiency"] for r in write[1]])
n = seat[0][0]["clients"]
print("seating %d: %.2fs without a backlog, %.2fs with 100 (%.2fx); "
      "%d history items received" % (n, s0, s1, s1 / s0, items))
print("server RSS growth while seating: %d KiB without, %d KiB with "
      "(%+d KiB)" % (g0, g1, g1 - g0))
print("flat out, 10 senders to 100: efficiency %.0f without a history "
      "file, %.0f with (%.2fx)" % (e0, e1, e1 / e0))
if smoke:
    sys.exit(0)
ok = s1 / s0 <= 1.5 and g1 - g0 < 1024 and e1 / e0 >= 0.9
print("verdict: seating %s 1.5x, RSS %s 1 MiB, writing %s 0.9x" %
      ("within" if s1 / s0 <= 1.5 else "PAST",
       "under" if g1 - g0 < 1024 else "PAST",
       "at least" if e1 / e0 >= 0.9 else "UNDER"))
sys.exit(0 if ok else 1)
PY
