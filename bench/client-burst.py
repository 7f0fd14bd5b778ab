"""The client under a burst: a peer floods 10,000 lines at a full-screen
lanchat in tmux; prints the client's CPU time and memory, then memory again
after 20,000 more lines (the scrollback keeps 10,000). Loopback only."""
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests",
                                "integration"))
from harness import Framed, Server, encode  # noqa: E402
from tmuxpane import Pane  # noqa: E402


def cpu(pid):
    v = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(v[11]) + int(v[12])) / os.sysconf("SC_CLK_TCK")


def rss(pid):
    for line in open("/proc/%d/status" % pid):
        if line.startswith("VmRSS"):
            return int(line.split()[1])
    return 0


s = Server()
a = Pane(["-n", "reader", "127.0.0.1:%d" % s.port], cols=120, rows=40)
a.wait_connected()
f = Framed(s, "flooder")
a.expect("flooder")
pid = a.pid()
c0, t0 = cpu(pid), time.monotonic()
f.send(b"".join(encode("SAY", "burst line %05d with some words to wrap and "
                       "draw" % i) for i in range(10000)))
a.expect("burst line 09999", timeout=60)
r = {"lines": 10000, "client_cpu_s": round(cpu(pid) - c0, 3),
     "wall_s": round(time.monotonic() - t0, 3), "rss_kb": rss(pid)}
f.send(b"".join(encode("SAY", "second burst %05d" % i) for i in range(20000)))
a.expect("second burst 19999", timeout=60)
r["rss_kb_after_30000"] = rss(pid)
a.kill()
s.stop()
print("JSON " + json.dumps(r))
