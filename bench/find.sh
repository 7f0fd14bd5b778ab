#!/usr/bin/env bash
# bench/find.sh [--smoke] : finding rooms on the LAN (doc/protocol.md,
# section 13).
#
#   list     ROOMS lanchatd (default 20) on a private bridge of network
#            namespaces (root only; nothing leaves them), and lanchat
#            --list on another host: the time until the full list
#            (target: under 1.5 s), median of REPEAT (default 3);
#   answers  10,000 room-finding queries on loopback to one lanchatd
#            with its answer rates lifted: the server's CPU time for them
#            (target: under 0.5 s), and the answers' bytes against the
#            queries'.
#
# --smoke: 3 rooms, 1,000 queries, one round, no verdicts (CI). Servers
# are stopped by their own PID; namespaces are deleted on exit.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
smoke=0
[ "${1:-}" = "--smoke" ] && smoke=1
LANCHATD=${LANCHATD:-$PWD/lanchatd}
LANCHAT=${LANCHAT:-$PWD/lanchat}
[ -x "$LANCHATD" ] && [ -x "$LANCHAT" ] ||
	{ echo "bench: build lanchat and lanchatd first (make)"; exit 1; }
ROOMS=${ROOMS:-20}
QUERIES=${QUERIES:-10000}
REPEAT=${REPEAT:-3}
if [ $smoke = 1 ]; then
	ROOMS=3 QUERIES=1000 REPEAT=1
fi
export LANCHATD LANCHAT ROOMS QUERIES REPEAT smoke
exec python3 - <<'PY'
import os, socket, statistics, struct, subprocess, sys, tempfile, time

LANCHATD, LANCHAT = os.environ["LANCHATD"], os.environ["LANCHAT"]
ROOMS, QUERIES = int(os.environ["ROOMS"]), int(os.environ["QUERIES"])
REPEAT, smoke = int(os.environ["REPEAT"]), os.environ["smoke"] == "1"
procs, spaces = [], []


def cleanup():
    for p in procs:
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(3)
            except subprocess.TimeoutExpired:
                p.kill()
    for ns in reversed(spaces):
        subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)


def sh(*cmd):
    subprocess.run(list(cmd), check=True, stdout=subprocess.DEVNULL)


def ns_add(name):
    subprocess.run(["ip", "netns", "del", name], stderr=subprocess.DEVNULL)
    sh("ip", "netns", "add", name)
    spaces.append(name)
    sh("ip", "-n", name, "link", "set", "lo", "up")


def cpu_s(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench_list():
    if os.geteuid() != 0:
        print("list: skipped (network namespaces need root)")
        return None
    tag = "lcb%d" % os.getpid()
    sw = tag + "sw"
    ns_add(sw)
    sh("ip", "-n", sw, "link", "add", "br0", "type", "bridge")
    sh("ip", "-n", sw, "link", "set", "br0", "up")
    hosts = []
    for n in range(1, ROOMS + 2):
        ns = "%sh%d" % (tag, n)
        port = "b%d_%d" % (os.getpid() % 10000, n)
        ns_add(ns)
        sh("ip", "link", "add", port, "type", "veth", "peer", "name", "eth0",
           "netns", ns)
        sh("ip", "link", "set", port, "netns", sw)
        sh("ip", "-n", sw, "link", "set", port, "master", "br0", "up")
        sh("ip", "-n", ns, "addr", "add", "10.78.0.%d/24" % n, "dev", "eth0")
        sh("ip", "-n", ns, "link", "set", "eth0", "up")
        hosts.append(ns)
    for i, ns in enumerate(hosts[:ROOMS]):
        p = subprocess.Popen(["ip", "netns", "exec", ns, LANCHATD, "-q", "--dns-sd", "no",
                              "--name", "Room %02d" % i],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        procs.append(p)
        p.stdout.readline()  # "listening on": it is up
    times = []
    for _ in range(REPEAT):
        t0 = time.monotonic()
        # A private empty /run/dbus: the machine's Avahi is not asked.
        r = subprocess.run(["ip", "netns", "exec", hosts[-1], "unshare",
                            "--mount", "--propagation", "private", "sh",
                            "-c", "mkdir -p /run/dbus && mount -t tmpfs "
                            "tmpfs /run/dbus && exec \"$@\"", "sh",
                            LANCHAT, "--list"], capture_output=True,
                           text=True, timeout=30)
        took = time.monotonic() - t0
        found = len(r.stdout.splitlines())
        if found != ROOMS:
            print("list: found %d of %d rooms: %r" % (found, ROOMS,
                                                      r.stderr))
            return False
        times.append(took)
    med = statistics.median(times)
    print("list: %d rooms listed in %.2f s (median of %d; %s)" %
          (ROOMS, med, REPEAT, ", ".join("%.2f" % t for t in times)))
    return med < 1.5


def bench_answers():
    p = subprocess.Popen([LANCHATD, "-q", "--dns-sd", "no", "-l", "127.0.0.1", "-p", "0",
                          "--find-rate", "0", "--find-total", "0"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    procs.append(p)
    port = int(p.stdout.readline().decode().rsplit(":", 1)[1])
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, 255)
    u.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
    u.settimeout(0.5)
    body = bytes([1, 0x48]) + struct.pack(">IH", 1, 244) + b"\0" * 244
    q = struct.pack(">I", len(body)) + body
    cpu0 = cpu_s(p.pid)
    got = nbytes = 0
    for i in range(QUERIES):
        u.sendto(q, ("127.0.0.1", port))
        if i % 64 == 63:  # keep the receive buffer from overflowing
            try:
                while True:
                    nbytes += len(u.recv(2000, socket.MSG_DONTWAIT))
                    got += 1
            except (BlockingIOError, socket.timeout):
                pass
    try:
        while True:
            nbytes += len(u.recv(2000))
            got += 1
    except socket.timeout:
        pass
    cpu = cpu_s(p.pid) - cpu0
    print("answers: %d queries, %d answered, server cpu %.3f s; %d answer "
          "bytes for %d query bytes (%.2fx)" % (QUERIES, got, cpu, nbytes,
                                                QUERIES * len(q),
                                                nbytes / (QUERIES * len(q))))
    return cpu < 0.5 * QUERIES / 10000 and nbytes <= QUERIES * len(q)


try:
    ok_list = bench_list()
    ok_answers = bench_answers()
finally:
    cleanup()
if smoke:
    sys.exit(0)
print("verdict: list %s, answers %s" % (
    "skipped" if ok_list is None else "under 1.5 s" if ok_list else "SLOW",
    "under 0.5 s of cpu" if ok_answers else "OVER"))
sys.exit(0 if ok_list is not False and ok_answers else 1)
PY
