"""Dead peers on a real (if private) LAN: hosts in network namespaces on a
bridge, one of which vanishes without a FIN or RST (every packet dropped,
as when a cable is pulled or a laptop closed). Root only; skipped with the
reason elsewhere. Nothing leaves the namespaces this test makes."""
import re
import subprocess
import sys
import time

from harness import Batch, Server, check, main
from netns import Lan, inside

PING, TIMEOUT = 2, 2


def test_vanished_member_leaves_the_room():
    lan = Lan("10.77.31")
    srv, desk_ns, laptop_ns = lan.host(1), lan.host(2), lan.host(3)
    s = Server("--ping", "%d:%d" % (PING, TIMEOUT), listen=lan.addr(1),
               wrap=inside(srv))
    room = "%s:%d" % (lan.addr(1), s.port)
    desk = Batch("-n", "desk", room, wrap=inside(desk_ns))
    desk.joined()
    laptop = Batch("-n", "laptop", room, wrap=inside(laptop_ns))
    laptop.joined()
    desk.expect(r"laptop .*joined")
    start = time.monotonic()
    lan.blackhole(3)
    line = desk.expect(r"^-!- laptop left", timeout=PING + TIMEOUT + 5)
    took = time.monotonic() - start
    check(line == "-!- laptop left (ping timeout)", line)
    check(took <= PING + TIMEOUT + 1.5, "gone after %.1f s" % took)
    print("# the vanished member left after %.1f s" % took)
    laptop.proc.kill()
    s.stop()


def test_vanished_nc_member_found_by_keepalive():
    # nc cannot answer a ping: TCP keepalive is what finds it.
    lan = Lan("10.77.32")
    srv, desk_ns, nc_ns = lan.host(1), lan.host(2), lan.host(3)
    s = Server("--keepalive", "1,1,2", listen=lan.addr(1), wrap=inside(srv))
    room = "%s:%d" % (lan.addr(1), s.port)
    desk = Batch("-n", "desk2", room, wrap=inside(desk_ns))
    desk.joined()
    nc = subprocess.Popen(inside(nc_ns) + [sys.executable, "-c",
        "import socket,time; s=socket.create_connection(('%s',%d)); "
        "time.sleep(60)" % (lan.addr(1), s.port)])
    try:
        guest = re.search(r"(guest\d+)", desk.expect(r"guest\d+ .*joined"))
        start = time.monotonic()
        lan.blackhole(3)
        line = desk.expect(r"^-!- %s left" % guest.group(1), timeout=15)
        took = time.monotonic() - start
        check("timed out" in line, line)
        check(took <= 1 + 1 * 2 + 2.5, "gone after %.1f s" % took)
        print("# the vanished nc member left after %.1f s" % took)
    finally:
        nc.kill()
        nc.wait()
    s.stop()


def test_client_notices_a_vanished_server():
    lan = Lan("10.77.33")
    srv, me = lan.host(1), lan.host(2)
    s = Server(listen=lan.addr(1), wrap=inside(srv))
    b = Batch("-n", "stranded", "--ping", "1:1", "--reconnect",
              "%s:%d" % (lan.addr(1), s.port), wrap=inside(me))
    b.joined()
    lan.blackhole(1)
    b.expect(r"^-!- the server at .* stopped answering \(nothing heard for "
             r"2 seconds\); trying again in 1 second$", timeout=8)
    b.proc.kill()
    s.proc.kill()


if __name__ == "__main__":
    main([v for k, v in globals().items() if k.startswith("test_")])
