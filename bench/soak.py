#!/usr/bin/env python3
"""bench/soak.py LANCHATD: a long run of lanchatd under the kind of abuse a
shared LAN produces, beside honest members who must lose nothing.

For SOAK_SECONDS (default 600) it runs, at once:
  - stayers: framed members present the whole time, each saying a
    numbered line every second; every stayer must get every stayer's line,
    once, in order;
  - a slow reader: an honest member that reads in small sips;
  - churn: members joining and leaving, framed and line, from many
    loopback addresses;
  - floods: a line client flooding for a few seconds at a time (it must
    be throttled, then cut);
  - junk: random bytes, HTTP requests, TLS ClientHellos, half lines that
    stall (slowloris), hellos never sent.
Every 5 seconds it samples the server's RSS and open descriptors. At the
end they must be back where they started (within a margin for the
allocator), and nothing may be lost. Loopback only (127.0.0.0/8); every
thread stops at the deadline; the server is stopped by its PID. The last
line is "JSON {...}"; the exit status is 0 when every check held.
"""
import json
import os
import random
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

LANCHATD = sys.argv[1] if len(sys.argv) > 1 else "./lanchatd"
SECONDS = float(os.environ.get("SOAK_SECONDS", "600"))
STAYERS = 6


def frame(t, *fields):
    body = bytes([1, t])
    for f in fields:
        b = f.encode() if isinstance(f, str) else f
        body += struct.pack(">H", len(b)) + b
    return struct.pack(">I", len(body)) + body


HELLO, SAY, PING, PONG, CHAT, LEAVE = 0x01, 0x02, 0x08, 0x09, 0x21, 0x26


class Member:
    """A framed member on its own thread: answers pings, records chat."""

    def __init__(self, port, nick, src="127.0.0.1", sip=0):
        self.s = socket.create_connection(("127.0.0.1", port), 10, (src, 0))
        self.s.settimeout(1)
        self.nick, self.sip = nick, sip
        self.buf = b""
        self.got = {}  # sender -> list of numbers
        self.gone = None
        self.lock = threading.Lock()
        self.s.sendall(frame(HELLO, nick))

    def reader(self, stop):
        greeted = False
        while not stop.is_set():
            try:
                d = self.s.recv(self.sip or 65536)
            except socket.timeout:
                continue
            except OSError as e:
                self.gone = str(e)
                return
            if not d:
                self.gone = "closed by the server"
                return
            self.buf += d
            if not greeted and b"\n" in self.buf:
                self.buf = self.buf.split(b"\n", 1)[1]
                greeted = True
            while greeted and len(self.buf) >= 4:
                n = struct.unpack(">I", self.buf[:4])[0]
                if len(self.buf) < 4 + n:
                    break
                body, self.buf = self.buf[4:4 + n], self.buf[4 + n:]
                self.on(body)
            if self.sip:
                time.sleep(0.01)

    def on(self, b):
        if b[1] == PING:
            n = struct.unpack(">H", b[2:4])[0]
            self.send(frame(PONG, b[4:4 + n]))
        elif b[1] == CHAT:
            fl = struct.unpack(">H", b[2:4])[0]
            who = b[4:4 + fl].decode()
            tl = struct.unpack(">H", b[4 + fl:6 + fl])[0]
            text = b[6 + fl:6 + fl + tl].decode()
            m = re.match(r"soak (\d+)$", text)
            if m:
                with self.lock:
                    self.got.setdefault(who, []).append(int(m.group(1)))

    def send(self, data):
        with self.lock:
            try:
                self.s.sendall(data)
            except OSError:
                pass


def proc_sample(pid):
    rss = 0
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
    return rss, len(os.listdir("/proc/%d/fd" % pid))


def main():
    srv = subprocess.Popen([LANCHATD, "-q", "--dns-sd", "no", "-l", "127.0.0.1", "-p", "0",
                            "--ping", "5:5", "--flood-timeout", "3",
                            "--line-timeout", "3", "--join-timeout", "3"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        line = srv.stdout.readline().decode()
        port = int(re.search(r":(\d+)$", line.strip()).group(1))
        return run(srv, port)
    finally:
        srv.send_signal(signal.SIGTERM)
        try:
            srv.wait(10)
        except subprocess.TimeoutExpired:
            srv.kill()


def run(srv, port):
    stop = threading.Event()
    threads, counts = [], {"churn": 0, "floods": 0, "cut": 0, "junk": 0}

    def spawn(fn, *a):
        t = threading.Thread(target=fn, args=a, daemon=True)
        t.start()
        threads.append(t)

    # One address per stayer: the per-address limit stays on.
    stayers = [Member(port, "stay%d" % i, "127.0.1.%d" % (i + 1))
               for i in range(STAYERS)]
    slow = Member(port, "sipper", "127.0.1.99", sip=64)
    for m in stayers + [slow]:
        spawn(m.reader, stop)
    time.sleep(1)
    base = proc_sample(srv.pid)
    samples = [base]
    said = [0] * STAYERS

    def talk():
        while not stop.is_set():
            for i, m in enumerate(stayers):
                said[i] += 1
                m.send(frame(SAY, "soak %d" % said[i]))
            stop.wait(1.0)

    def churn():
        while not stop.is_set():
            src = "127.0.2.%d" % random.randrange(1, 250)
            try:
                c = socket.create_connection(("127.0.0.1", port), 5, (src, 0))
                if random.random() < 0.5:
                    c.sendall(frame(HELLO, "ch%d" % random.randrange(10 ** 6)))
                else:
                    c.sendall(b"/nick ch%d\nhello\n" % random.randrange(10 ** 6))
                time.sleep(random.random() * 0.5)
                c.close()
                counts["churn"] += 1
            except OSError:
                pass
            stop.wait(0.05)

    def flood():
        while not stop.is_set():
            src = "127.0.3.%d" % random.randrange(1, 250)
            try:
                c = socket.create_connection(("127.0.0.1", port), 5, (src, 0))
                c.setblocking(False)
                end = time.monotonic() + 6
                counts["floods"] += 1
                got = b""
                while time.monotonic() < end and not stop.is_set():
                    try:
                        c.send(b"flood flood flood flood\n" * 200)
                    except (BlockingIOError, InterruptedError):
                        pass
                    except OSError:
                        break
                    try:
                        d = c.recv(65536)
                        if not d:
                            break
                        got = (got + d)[-4096:]
                    except (BlockingIOError, InterruptedError):
                        pass
                    time.sleep(0.01)
                if b"flooding" in got:
                    counts["cut"] += 1
                c.close()
            except OSError:
                pass
            stop.wait(2)

    def junk():
        kinds = [os.urandom(300), b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
                 bytes.fromhex("16030100c8010000c40303") + os.urandom(40),
                 b"a half line that never ends", b"\x00\x00"]
        while not stop.is_set():
            src = "127.0.4.%d" % random.randrange(1, 250)
            try:
                c = socket.create_connection(("127.0.0.1", port), 5, (src, 0))
                c.sendall(random.choice(kinds))
                c.settimeout(5)
                try:
                    while c.recv(4096):
                        pass
                except OSError:
                    pass
                c.close()
                counts["junk"] += 1
            except OSError:
                pass
            stop.wait(0.1)

    spawn(talk)
    for fn in (churn, churn, flood, junk, junk):
        spawn(fn)
    end = time.monotonic() + SECONDS
    while time.monotonic() < end:
        time.sleep(min(5, max(0, end - time.monotonic())))
        samples.append(proc_sample(srv.pid))
    stop.set()
    for t in threads:
        t.join(10)
    time.sleep(4)  # deadlines and lingers run out
    final = proc_sample(srv.pid)
    samples.append(final)

    # Every stayer got every stayer's lines, in order, once.
    problems = []
    for m in stayers + [slow]:
        if m.gone:
            problems.append("%s was disconnected: %s" % (m.nick, m.gone))
        for i, other in enumerate(stayers):
            want = list(range(1, said[i] + 1))
            got = m.got.get(other.nick, [])
            # the last line or two may still be in flight at the end
            if got != want[:len(got)] or len(got) < said[i] - 2:
                problems.append("%s got %d of %s's %d lines%s" % (
                    m.nick, len(got), other.nick, said[i],
                    "" if got == want[:len(got)] else ", out of order"))
    rss_growth = final[0] - base[0]
    if final[1] > base[1] + 2:
        problems.append("descriptors %d at the start, %d at the end" %
                        (base[1], final[1]))
    if rss_growth > 8 * 1024:
        problems.append("RSS grew %d KiB" % rss_growth)
    if counts["floods"] and not counts["cut"]:
        problems.append("no flooder was cut")
    for p in problems:
        print("soak: " + p)
    quarters = [samples[len(samples) * q // 4][0] for q in (1, 2, 3)]
    print("soak: RSS at each quarter: %s KiB" % " -> ".join(
        str(x) for x in [base[0]] + quarters + [final[0]]))
    print("soak: %.0f s; %d lines said by each stayer; %d churned, %d floods "
          "(%d cut), %d junk connections; RSS %d -> %d KiB (peak %d); fds "
          "%d -> %d" % (SECONDS, min(said), counts["churn"], counts["floods"],
                        counts["cut"], counts["junk"], base[0], final[0],
                        max(s[0] for s in samples), base[1], final[1]))
    print("JSON " + json.dumps({
        "tool": "soak", "seconds": SECONDS, "said": min(said),
        "churned": counts["churn"], "floods": counts["floods"],
        "cut": counts["cut"], "junk": counts["junk"],
        "rss_start_kb": base[0], "rss_end_kb": final[0],
        "rss_peak_kb": max(s[0] for s in samples),
        "rss_quarters_kb": quarters, "fds_start": base[1],
        "fds_end": final[1], "problems": len(problems)}))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
