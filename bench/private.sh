#!/usr/bin/env bash
# bench/private.sh [--smoke] : what a private room costs (doc/security.md),
# against an open room in the same run.
#
#   server   10 senders flat out to 100 members, in a private room (lines
#            the size of a sealed 64-byte line: 116 bytes, joined with the
#            admission proof) and in an open room with lines of the same
#            116 bytes: efficiency (deliveries per server CPU-second) as a
#            ratio (target: at least 0.9; the server does no cryptography
#            per line). The open room with 64-byte lines is shown too:
#            the 52 bytes a box adds cost the kernel's copies, not the
#            server's work;
#   members  sealing and opening a 64-byte line as lanchat does (target:
#            under 5 us each), against checking its text alone
#            (bench/sealbench);
#   joining  lanchat --batch --secret from start to welcome, against an
#            open room's join (target: under 1 s; Argon2id is most of it).
#
# Each server pair runs REPEAT times (default 3), taking turns; medians
# are compared. --smoke: one short round, no verdicts (CI). Loopback only;
# servers are stopped by their own PID.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
smoke=0
[ "${1:-}" = "--smoke" ] && smoke=1
for v in LANCHATD LANCHAT SEALBENCH; do
	[ -x "${!v:-}" ] || { echo "bench: set $v (make bench-private does)"; exit 1; }
done
pkg-config --exists libsodium || { echo "bench: needs libsodium-dev"; exit 1; }
REPEAT=${REPEAT:-3}
DUR=5
[ $smoke = 1 ] && REPEAT=1 && DUR=1
. "$here/lib.sh"
cc -O2 -DLCLOAD_SODIUM -o "$work/lcload" "$here/lcload.c" \
    $(pkg-config --cflags --libs libsodium) || exit 1
umask 077
echo "otter-maple-quartz-river-lamp" >"$work/secret"
"$LANCHATD" --secret-file "$work/secret" --name bench \
    --print-admission-key >"$work/key" || exit 1
KEY=$(cut -d' ' -f3 "$work/key")

# flat PRIVATE SIZE: 10 senders flat out to 100 members.
flat() {
	local p=$1 size=$2
	if [ "$p" = 1 ]; then
		start --admission-key-file "$work/key"
		set -- -s "$size" -S "$KEY"
	else
		start
		set -- -s "$size"
	fi
	timeout 120 "$work/lcload" -p "$SPORT" -n 100 -k 10 -r 0 -d $DUR \
	    -P "$SPID" "$@" >"$work/out" 2>"$work/err" || cat "$work/err" >&2
	stop
	grep '^JSON ' "$work/out" | sed "s/^JSON {/{\"bench\":\"flat\",\"private\":$p,/"
}

# join PRIVATE: seconds from starting lanchat --batch to its welcome.
join() {
	if [ "$1" = 1 ]; then
		start --secret-file "$work/secret" --name bench
	else
		start
	fi
	python3 - "$LANCHAT" "$SPORT" "$1" "$work/secret" <<'PY'
import os, select, subprocess, sys, time
lanchat, port, private, secret = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4]
env = dict(os.environ, LANCHAT_SECRET=open(secret).read().strip())
args = [lanchat, "--batch", "-n", "joiner"] + (["--secret"] if private else []) + ["127.0.0.1:" + port]
t0 = time.monotonic()
p = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
out, end = b"", t0 + 30
while b"welcome" not in out and time.monotonic() < end:
    r, _, _ = select.select([p.stdout], [], [], 1)
    if r:
        out += os.read(p.stdout.fileno(), 4096)
t = time.monotonic() - t0
p.kill()
p.wait()
print('{"bench":"join","private":%d,"join_s":%.3f,"ok":%d}' % (private, t, b"welcome" in out))
PY
	stop
}

results="$work/results.jsonl"
for rep in $(seq "$REPEAT"); do
	if [ $((rep % 2)) = 1 ]; then order="0 1"; else order="1 0"; fi
	for p in $order; do flat "$p" 116 >>"$results"; done
	flat 0 64 >>"$results"
	for p in $order; do join "$p" >>"$results"; done
done
"$SEALBENCH" | sed -n 's/^JSON {/{"bench":"seal",/p' >>"$results"

python3 - "$results" "$smoke" <<'PY'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
smoke = sys.argv[2] == "1"
med = lambda xs: statistics.median(xs) if xs else float("nan")
flat = {(p, n): [r["efficiency"] for r in runs if r["bench"] == "flat" and
                 r["private"] == p and r["size"] == n]
        for p, n in ((0, 116), (1, 116), (0, 64))}
join = {p: [r["join_s"] for r in runs if r["bench"] == "join" and r["private"] == p and r["ok"]] for p in (0, 1)}
seal = [r for r in runs if r["bench"] == "seal"]
if not all(flat.values()) or not all(join.values()) or not seal:
    print("private bench: runs missing: %r" % runs)
    sys.exit(1)
e0, e1, e64 = med(flat[0, 116]), med(flat[1, 116]), med(flat[0, 64])
j0, j1 = med(join[0]), med(join[1])
s = seal[0]
print("flat out, 10 senders to 100, 116-byte lines: efficiency %.0f in an "
      "open room, %.0f in a private one (%.2fx)" % (e0, e1, e1 / e0))
print("  (an open room's 64-byte lines, which seal to 116: %.0f; the private "
      "room %.2fx of it)" % (e64, e1 / e64))
print("a 64-byte line: sealed in %.2f us, opened in %.2f us (its text "
      "checked alone: %.2f us); %d bytes on the wire" % (
          s["seal_ns"] / 1e3, s["open_ns"] / 1e3, s["text_check_ns"] / 1e3,
          s["box_bytes"]))
print("joining: %.3f s an open room, %.3f s a private one (Argon2id and the "
      "proof alone: %.0f ms)" % (j0, j1, s["join_ms"]))
if smoke:
    sys.exit(0)
ok = e1 / e0 >= 0.9 and s["seal_ns"] < 5000 and s["open_ns"] < 5000 and j1 < 1
print("verdict: server %s 0.9x, members %s 5 us, joining %s 1 s" % (
    "at least" if e1 / e0 >= 0.9 else "UNDER",
    "under" if max(s["seal_ns"], s["open_ns"]) < 5000 else "PAST",
    "under" if j1 < 1 else "PAST"))
sys.exit(0 if ok else 1)
PY
