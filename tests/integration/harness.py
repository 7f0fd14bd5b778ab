"""Test harness for lanchat's integration tests: real binaries on loopback.

Every server listens on port 0 and its port is read back from the
"listening on" line; every wait has a deadline; every process started is
ended by its PID at exit. Results are printed as TAP so each case counts.
"""
import atexit
import os
import random
import re
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback

LANCHATD = os.environ.get("LANCHATD", "lanchatd")
LANCHAT = os.environ.get("LANCHAT", "lanchat")
WAIT = float(os.environ.get("LANCHAT_TEST_WAIT", "10"))  # default deadline
# A command every lanchat and lanchatd run is started under, such as
# tests/valgrind.sh (make check-valgrind).
WRAP = os.environ.get("LANCHAT_WRAP", "").split()

_procs = []
_servers = []
# Everything a test run writes (server logs, settings and secret files,
# the panes' homes) lives under one directory, removed at exit.
SCRATCH = tempfile.mkdtemp(prefix="lanchat-test-")


def scratch(prefix="d"):
    """A new directory of the caller's own inside SCRATCH."""
    return tempfile.mkdtemp(prefix=prefix + "-", dir=SCRATCH)


def scratch_file(text, suffix="", mode=0o600):
    """A new file inside SCRATCH holding text; returns its path."""
    fd, path = tempfile.mkstemp(suffix=suffix, dir=SCRATCH)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.chmod(path, mode)
    return path


def _cleanup():
    for p in _procs:
        if p.poll() is None:
            p.kill()
            p.wait()
    shutil.rmtree(SCRATCH, ignore_errors=True)


atexit.register(_cleanup)
signal.signal(signal.SIGTERM, lambda *a: sys.exit(1))


class Fail(Exception):
    pass


class Skip(Exception):
    pass


def need_ipv6():
    """Skips the test where this machine has no IPv6 loopback."""
    try:
        s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        s.bind(("::1", 0))
        s.close()
    except OSError:
        raise Skip("no IPv6 loopback (::1) here")


def check(cond, what):
    if not cond:
        raise Fail(what)


def wait_for(pred, what, timeout=WAIT):
    """Polls pred until it is true or the deadline passes."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return
        time.sleep(0.01)
    raise Fail("timed out waiting for " + what)


# --- the protocol, written independently of the C code (doc/protocol.md)

VERSION = 1
T = dict(HELLO=0x01, SAY=0x02, ACT=0x03, TELL=0x04, NICK=0x05, WHO=0x06,
         QUIT=0x07, PING=0x08, PONG=0x09, WELCOME=0x20, CHAT=0x21,
         ACTION=0x22, PRIVATE=0x23, JOIN=0x24, JOINS=0x25, LEAVE=0x26,
         RENAME=0x27, NAME=0x28, NAMES_END=0x29, NOTICE=0x2a, ERROR=0x2b,
         LIMITS=0x2e, AWAY=0x0c, TOPIC=0x0d, AWAY_IS=0x2f, TOPIC_IS=0x30,
         HISTORY_REQ=0x0e, STAMP=0x31, BACKLOG=0x32, HISTORY=0x33,
         PROOF=0x0f, CHALLENGE=0x34)
NAMES = {v: k for k, v in T.items()}
SCHEMA = dict(HELLO="s", SAY="s", ACT="s", TELL="ss", NICK="s", WHO="",
              QUIT="s", PING="s", PONG="s", WELCOME="sns", CHAT="ss",
              ACTION="ss", PRIVATE="sss", JOIN="ss", JOINS="ns", LEAVE="ss",
              RENAME="ss", NAME="ss", NAMES_END="n", NOTICE="s", ERROR="ns",
              LIMITS="s", AWAY="s", TOPIC="s", AWAY_IS="ss", TOPIC_IS="nss",
              HISTORY_REQ="nn", STAMP="nn", BACKLOG="nn", HISTORY="nnb",
              PROOF="b", CHALLENGE="bb")
# 'n' a u32 (the C code's 'n' and 'q'), 's' a UTF-8 string, 'b' a string
# of bytes (a history item's inner body).
FRAME_MAX = 16384


def encode(name, *fields):
    body = bytes([VERSION, T[name]])
    for kind, f in zip(SCHEMA[name], fields):
        if kind == "n":
            body += struct.pack(">I", f)
        else:
            b = f.encode() if isinstance(f, str) else f
            body += struct.pack(">H", len(b)) + b
    return struct.pack(">I", len(body)) + body


def decode(body):
    check(len(body) >= 2 and body[0] == VERSION, "bad frame body %r" % body)
    name = NAMES.get(body[1], "0x%02x" % body[1])
    if name not in SCHEMA:  # a type we do not know: skipped, as clients do
        return (name, body[2:])
    fields, off = [], 2
    for kind in SCHEMA.get(name, ""):
        if kind == "n":
            fields.append(struct.unpack_from(">I", body, off)[0])
            off += 4
        else:
            n = struct.unpack_from(">H", body, off)[0]
            b = body[off + 2:off + 2 + n]
            # (a private room's sealed text is not UTF-8: kept, escaped)
            fields.append(b if kind == "b" else
                          b.decode("utf-8", "surrogateescape"))
            off += 2 + n
    check(off == len(body), "trailing bytes in %s" % name)
    return (name, *fields)


# Most tests run many clients from 127.0.0.1 at full speed: their servers
# lift the per-address and rate limits, which tests of their own check.
UNLIMITED = ["--per-address", "0", "--connect-rate", "0", "--rate", "0",
             "--byte-rate", "0", "--error-rate", "0"]


class Server:
    def __init__(self, *args, listen="127.0.0.1", limits=UNLIMITED, wrap=()):
        self.log = tempfile.NamedTemporaryFile(prefix="lanchatd-", suffix=".log",
                                               dir=SCRATCH, delete=False)
        _servers.append(self)
        # Tests publish nothing through a host's own Avahi: multicast
        # stays inside the namespaces the tests make.
        quiet = [] if "--dns-sd" in args else ["--dns-sd", "no"]
        cmd = (list(wrap) + WRAP + [LANCHATD, "-p", "0"] +
               (["-l", listen] if listen else []) + list(limits) + quiet +
               list(args))
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                     stderr=self.log, stdin=subprocess.DEVNULL)
        _procs.append(self.proc)
        self.addrs = []
        r, _, _ = select.select([self.proc.stdout], [], [], WAIT)
        check(r, "lanchatd printed no address")
        line = self.proc.stdout.readline().decode()
        m = re.match(r"listening on (.*):(\d+)$", line.strip())
        check(m, "bad first line from lanchatd: %r" % line)
        host = m.group(1).strip("[]")
        self.host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        self.port = int(m.group(2))

    def stop(self, sig=signal.SIGTERM, timeout=WAIT):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise Fail("lanchatd did not exit after signal %d" % sig)

    def alive(self):
        return self.proc.poll() is None

    def logtext(self):
        with open(self.log.name, errors="replace") as f:
            return f.read()


class Conn:
    """A raw TCP client with deadline-bound reads."""

    def __init__(self, srv, host=None, source=None):
        host = host or srv.host
        fam = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.sock = socket.socket(fam, socket.SOCK_STREAM)
        self.sock.settimeout(WAIT)
        if source:  # another loopback address, as another machine would be
            self.sock.bind((source, 0))
        self.sock.connect((host, srv.port))
        self.buf = b""
        self.eof = False
        self.greeting = self.read_greeting()

    def read_greeting(self, timeout=WAIT):
        """The line the server sends on accept, before anything else."""
        end = time.monotonic() + timeout
        while b"\n" not in self.buf:
            if not self.fill(end):
                raise Fail("no greeting (eof=%s, have %r)" % (self.eof, self.buf))
        line, self.buf = self.buf.split(b"\n", 1)
        line = line.decode()
        check(re.fullmatch(r"-!- lanchat/1 room \((.+, )?lanchat.+\)", line),
              "bad greeting %r" % line)
        return line

    def send(self, data):
        self.sock.sendall(data)

    def fill(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        r, _, _ = select.select([self.sock], [], [], left)
        if not r:
            return False
        try:
            data = self.sock.recv(1 << 16)
        except ConnectionResetError:
            data = b""
        if not data:
            self.eof = True
            return False
        self.buf += data
        return True

    def wait_closed(self, timeout=WAIT):
        end = time.monotonic() + timeout
        while not self.eof:
            if not self.fill(end) and not self.eof and time.monotonic() >= end:
                raise Fail("connection not closed by the server")
        return True

    def close(self):
        self.sock.close()


class Lines:
    """expect() for anything with a line() method."""

    def expect(self, pattern, timeout=WAIT):
        """Reads lines until one matches and returns it."""
        end = time.monotonic() + timeout
        seen = []
        while True:
            try:
                line = self.line(max(0.0, end - time.monotonic()))
            except Fail as e:
                raise Fail("never saw %r; saw %r (%s)" % (pattern, seen[-8:], e))
            if re.search(pattern, line):
                return line
            seen.append(line)

    def joined(self, timeout=WAIT):
        """Waits for the welcome; returns the nick it names."""
        line = self.expect(r"welcome, (\S+?):", timeout)
        return re.search(r"welcome, (\S+?):", line).group(1)


class Line(Lines, Conn):
    """A plain text client, as nc would be."""

    def line(self, timeout=WAIT):
        end = time.monotonic() + timeout
        while b"\n" not in self.buf:
            if not self.fill(end):
                raise Fail("no line (eof=%s, have %r)" % (self.eof, self.buf[-200:]))
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode("utf-8", "replace")

    def say(self, text):
        self.send((text + "\n").encode())


class Framed(Conn):
    """A client speaking frames; joins as nick unless nick is None. Like
    lanchat it answers the server's pings as it reads, unless pong is
    False (a member that stopped answering)."""

    def __init__(self, srv, nick=None, host=None, pong=True, source=None):
        super().__init__(srv, host, source)
        self.pong = pong
        if nick is not None:
            self.send(encode("HELLO", nick))
            self.welcome = self.expect("WELCOME")

    def msg(self, timeout=WAIT):
        end = time.monotonic() + timeout
        while True:
            if len(self.buf) >= 4:
                n = struct.unpack(">I", self.buf[:4])[0]
                check(n <= FRAME_MAX, "server sent a frame of %d bytes" % n)
                if len(self.buf) >= 4 + n:
                    body, self.buf = self.buf[4:4 + n], self.buf[4 + n:]
                    m = decode(body)
                    if m[0] == "PING" and self.pong:
                        self.send(encode("PONG", m[1]))
                        continue
                    return m
            if not self.fill(end):
                raise Fail("no frame (eof=%s)" % self.eof)

    def expect(self, name, timeout=WAIT, **match):
        end = time.monotonic() + timeout
        seen = []
        while True:
            try:
                m = self.msg(max(0.0, end - time.monotonic()))
            except Fail:
                raise Fail("never got %s; got %r" % (name, seen[-8:]))
            if m[0] == name and all(m[int(k[1:])] == v for k, v in match.items()):
                return m
            seen.append(m)

    def put(self, name, *fields):
        self.send(encode(name, *fields))

    def until(self, name, timeout=WAIT):
        """Every message up to and including the next one called name."""
        end = time.monotonic() + timeout
        got = []
        while not got or got[-1][0] != name:
            got.append(self.msg(max(0.0, end - time.monotonic())))
        return got


def control_check(srv, *members):
    """After bad input: a fresh client and the given members still talk."""
    ctl = Framed(srv, "ctl%04d" % random.randrange(10000))
    word = "alive-%d" % random.randrange(1 << 30)
    ctl.put("SAY", word)
    ctl.expect("CHAT", f2=word)
    for m in members:
        if isinstance(m, Framed):
            m.expect("CHAT", f2=word)
        else:
            m.expect(re.escape(word))
    ctl.put("QUIT", "")
    ctl.close()


class Batch(Lines):
    """lanchat --batch as a child process with piped stdin and stdout."""

    def __init__(self, *args, stdin=subprocess.PIPE, wrap=(), env=None):
        self.proc = subprocess.Popen(list(wrap) + WRAP + [LANCHAT, "--batch"] +
                                     list(args),
                                     stdin=stdin, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env)
        _procs.append(self.proc)
        self.out = b""

    def say(self, text):
        self.proc.stdin.write((text + "\n").encode())
        self.proc.stdin.flush()

    def line(self, timeout=WAIT):
        end = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while b"\n" not in self.out:
            left = end - time.monotonic()
            r, _, _ = select.select([fd], [], [], max(0, left))
            if not r:
                raise Fail("no output line from lanchat; have %r" % self.out)
            data = os.read(fd, 65536)
            if not data:
                raise Fail("lanchat's output ended; have %r; it said %r" %
                           (self.out, self.stderr_now()))
            self.out += data
        line, self.out = self.out.split(b"\n", 1)
        return line.decode()

    def stderr_now(self):
        """What lanchat wrote to stderr, once it has exited (for failure
        messages); "" while it runs."""
        try:
            self.proc.wait(timeout=2)
            return self.proc.stderr.read().decode("utf-8", "replace")
        except (subprocess.TimeoutExpired, ValueError, OSError):
            return ""

    def finish(self, timeout=WAIT):
        """Closes stdin; returns (status, remaining stdout, stderr)."""
        if self.proc.stdin:
            self.proc.stdin.close()
            self.proc.stdin = None
        try:
            out, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise Fail("lanchat --batch did not exit")
        return self.proc.returncode, (self.out + out).decode(), err.decode()


def pump(a, b):
    """Copies what a sends to b until either end closes; then both are
    shut down (a relay's one direction)."""
    try:
        while True:
            data = a.recv(65536)
            if not data:
                break
            b.sendall(data)
    except OSError:
        pass
    _shut(a, b)


def _shut(*socks):
    """Both directions of each socket shut, whatever state it is in."""
    for s in socks:
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


class Relay:
    """TCP and UDP on one port, forwarded to a server, as a LAN between
    them would; cut() ends every relayed TCP connection at both ends, as
    a lost network would, while the server stays up. rule(direction, message) returns how many copies of a
    datagram to pass (0 drops it), or "hold" to pass it after the next
    datagram in that direction. Everything relayed is kept (tcp_up,
    tcp_down: bytes; dgrams: (direction, bytes)), and whole frames from
    the server are kept per connection (frames[i]) so that inject(i, ...)
    can slip bytes into a client's stream between two of them."""

    def __init__(self, srv, rule=lambda d, m: 1):
        self.srv, self.rule = srv, rule
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for _ in range(20):
            self.udp.bind(("127.0.0.1", 0))
            self.port = self.udp.getsockname()[1]
            self.tcp = socket.socket()
            try:
                self.tcp.bind(("127.0.0.1", self.port))
                break
            except OSError:
                self.tcp.close()
                self.udp.close()
                self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.tcp.listen(8)
        self.host = "127.0.0.1"
        self.up = {}    # client address -> socket to the server
        self.held = {}  # direction -> held datagram
        self.stop = False
        self.lock = threading.Lock()
        self.tcp_up, self.tcp_down = bytearray(), bytearray()
        self.dgrams, self.frames, self.clients = [], [], []
        self.pairs = []  # (client, server) sockets of each TCP connection
        for fn in (self.accept_loop, self.udp_loop):
            threading.Thread(target=fn, daemon=True).start()

    def accept_loop(self):
        while not self.stop:
            try:
                c, _ = self.tcp.accept()
            except OSError:
                return
            s = socket.create_connection((self.srv.host, self.srv.port))
            with self.lock:
                i = len(self.clients)
                self.clients.append(c)
                self.pairs.append((c, s))
                self.frames.append([])
            threading.Thread(target=self.up_pump, args=(c, s),
                             daemon=True).start()
            threading.Thread(target=self.down_pump, args=(s, c, i),
                             daemon=True).start()

    def up_pump(self, c, s):
        try:
            while True:
                data = c.recv(65536)
                if not data:
                    break
                with self.lock:
                    self.tcp_up += data
                s.sendall(data)
        except OSError:
            pass
        _shut(c, s)

    def down_pump(self, s, c, i):
        """The greeting line, then whole frames only, each kept."""
        buf, greeted = b"", False
        try:
            while True:
                data = s.recv(65536)
                if not data:
                    break
                buf += data
                out = b""
                if not greeted and b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    out, greeted = line + b"\n", True
                while greeted and len(buf) >= 4:
                    n = struct.unpack(">I", buf[:4])[0]
                    if len(buf) < 4 + n:
                        break
                    frame, buf = buf[:4 + n], buf[4 + n:]
                    self.frames[i].append(frame)
                    out += frame
                with self.lock:
                    self.tcp_down += out
                    c.sendall(out)
        except OSError:
            pass
        _shut(c, s)

    def cut(self):
        """Ends every relayed TCP connection at both ends."""
        with self.lock:
            pairs, self.pairs = self.pairs, []
        for c, u in pairs:
            _shut(c, u)

    def inject(self, i, data):
        """Sends data to client connection i, between two frames."""
        with self.lock:
            self.clients[i].sendall(data)

    def forward(self, direction, data, send):
        try:
            m = decode(data[4:])
        except Exception:
            m = ("?",)
        with self.lock:
            self.dgrams.append((direction, data))
        verdict = self.rule(direction, m)
        if verdict == "hold" and direction not in self.held:
            self.held[direction] = data
            return
        for _ in range(verdict if isinstance(verdict, int) else 1):
            send(data)
        if direction in self.held:
            send(self.held.pop(direction))

    def down_loop(self, client, up):
        while not self.stop:
            try:
                data = up.recv(65536)
            except OSError:
                return
            try:
                self.forward("down", data,
                             lambda d: self.udp.sendto(d, client))
            except OSError:  # closed under us: the relay is done
                return

    def udp_loop(self):
        while not self.stop:
            try:
                data, client = self.udp.recvfrom(65536)
            except OSError:
                return
            if client not in self.up:
                up = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                up.connect((self.srv.host, self.srv.port))
                self.up[client] = up
                threading.Thread(target=self.down_loop, args=(client, up),
                                 daemon=True).start()
            try:
                self.forward("up", data, self.up[client].send)
            except OSError:
                return

    def everything(self):
        """Every byte relayed either way, TCP and UDP."""
        with self.lock:
            return (bytes(self.tcp_up) + bytes(self.tcp_down) +
                    b"".join(d for _, d in self.dgrams))

    def close(self):
        self.stop = True
        self.tcp.close()
        self.udp.close()
        for s in self.up.values():
            s.close()
        for c in self.clients:
            try:
                c.close()
            except OSError:
                pass


_shared = None


def shared_server():
    """One lanchatd for the tests that need no server of their own."""
    global _shared
    if _shared is None or not _shared.alive():
        _shared = Server()
    return _shared


def _tell_log(srv, last=15):
    """The end of a server's log, for a failed test's report."""
    try:
        lines = srv.logtext().splitlines()
    except OSError:
        return
    print("# the end of the log of lanchatd on port %s:" %
          getattr(srv, "port", "?"))
    for line in lines[-last:]:
        print("#   " + line)


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def run(self, fn):
        self.n += 1
        name = fn.__name__
        first = len(_servers)
        try:
            fn()
            print("ok %d - %s" % (self.n, name), flush=True)
        except Skip as e:
            print("ok %d - %s # SKIP %s" % (self.n, name, e), flush=True)
        except Exception as e:  # every failure is one "not ok", never a crash
            self.failed += 1
            print("not ok %d - %s" % (self.n, name), flush=True)
            for line in ("%s: %s" % (type(e).__name__, e)).splitlines():
                print("# " + line)
            for line in traceback.format_exc().splitlines()[-6:]:
                print("# " + line)
            for srv in _servers[first:]:
                _tell_log(srv)
        del _servers[first:]  # (told if need be; not held for the run)

    def done(self):
        print("1..%d" % self.n, flush=True)
        _cleanup()
        sys.exit(1 if self.failed else 0)


def main(tests):
    tap = Tap()
    for t in tests:
        tap.run(t)
    tap.done()
