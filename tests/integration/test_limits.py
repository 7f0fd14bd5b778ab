"""lanchatd on a shared LAN: dead peers found, floods throttled, no one can
crowd others out, and what is no chat client never reaches the room. Every
timer is made short through its option; every limit is tried at its edge.
Loopback only; other machines are other loopback addresses (127.0.0.x)."""
import os
import re
import signal
import socket
import struct
import subprocess
import tempfile
import time

from harness import (Batch, Fail, Framed, Line, Server, Skip, WAIT, WRAP,
                     check, control_check, encode, main, wait_for, scratch_file)

# Everything lifted but what a test sets.
OPEN = ["--per-address", "0", "--connect-rate", "0", "--rate", "0",
        "--byte-rate", "0", "--error-rate", "0"]


def addr(s):
    return "%s:%d" % (s.host, s.port)


def gone_within(conn, seconds):
    """Waits for the server to close conn; returns how long it took."""
    start = time.monotonic()
    end = start + seconds
    while not conn.eof and time.monotonic() < end:
        conn.fill(end)
    check(conn.eof, "still connected after %.1f s" % seconds)
    return time.monotonic() - start


def test_silent_member_pinged_and_dropped():
    # A member that stops answering (SIGSTOP: its kernel still ACKs) is
    # gone within ping + timeout, and the room hears why.
    s = Server(*OPEN, "--ping", "1:1")
    watch = Framed(s, "pingwatch")
    b = Batch("-n", "sleeper", addr(s))
    b.joined()
    watch.expect("JOIN", f1="sleeper")
    os.kill(b.proc.pid, signal.SIGSTOP)
    try:
        m = watch.expect("LEAVE", timeout=1 + 1 + 1 + 2, f1="sleeper")
        check(m[2] == "ping timeout", "leave reason %r" % m[2])
    finally:
        os.kill(b.proc.pid, signal.SIGCONT)
    # the watcher answered its pings all along and is still in
    control_check(s, watch)
    b.proc.kill()
    s.stop()


def test_framed_member_that_answers_stays():
    s = Server(*OPEN, "--ping", "0.5:0.5")
    a = Framed(s, "answers")
    end = time.monotonic() + 2.5  # five ping rounds, answered as read
    while time.monotonic() < end:
        try:
            a.msg(timeout=end - time.monotonic())
        except Fail:
            pass
    check(not a.eof, "a member that answers its pings was dropped")
    control_check(s, a)
    # one that does not answer goes; a, reading all along, stays
    n = Framed(s, "silent", pong=False)
    m = a.expect("LEAVE", timeout=5, f1="silent")
    check(m[2] == "ping timeout", "reason %r" % m[2])
    check(n.expect("PING")[1] == "lanchatd", "it was not pinged first")
    s.stop()


def test_client_notices_a_stopped_server():
    # The other way round: lanchat pings a silent server and says so.
    s = Server()
    b = Batch("-n", "notices", "--ping", "1:1", addr(s))
    b.joined()
    s.proc.send_signal(signal.SIGSTOP)
    try:
        status = b.proc.wait(timeout=8)  # by itself: stdin stays open
    finally:
        s.proc.send_signal(signal.SIGCONT)
    err = b.proc.stderr.read().decode()
    check(status == 1, "exit status %d" % status)
    check("stopped answering" in err, "stderr: %r" % err)
    s.stop()


def test_batch_reconnects_when_asked():
    s = Server()
    port = s.port
    b = Batch("-n", "bot", "--reconnect", addr(s))
    b.joined()
    s.stop()
    b.expect("trying again in 1 second")
    s2 = Server("-p", str(port))  # the same port: the room came back
    check(s2.port == port, "port %d" % s2.port)
    b.joined(timeout=8)
    f = Framed(s2, "botwatch")
    b.say("back again")
    f.expect("CHAT", f1="bot", f2="back again")
    status, _, err = b.finish()
    check(status == 0, "exit %d: %s" % (status, err))
    s2.stop()


def test_flooder_throttled_others_get_everything():
    # A flooder is read at its rate (TCP back-pressure, not a cut), told
    # once, and cut after a sustained flood; a framed member, a batch
    # client and a slow but honest reader get every line the room relayed.
    s = Server("--per-address", "0", "--connect-rate", "0", "--rate", "5:10",
               "--byte-rate", "0", "--flood-timeout", "3")
    watch = Framed(s, "floodwatch")
    slow = Framed(s, "slowreader")
    b = Batch("-n", "floodbatch", addr(s))
    b.joined()
    flood = Line(s)
    nick = flood.joined()
    flood.sock.setblocking(False)
    sent, start = 0, time.monotonic()
    notice = None
    while time.monotonic() - start < 6 and not flood.eof:
        try:
            sent += flood.sock.send(b"".join(b"flood %d\n" % i
                                             for i in range(sent, sent + 200)))
        except (BlockingIOError, BrokenPipeError, ConnectionResetError):
            pass
        flood.fill(time.monotonic() + 0.05)
        if notice is None and b"sending faster" in flood.buf:
            notice = time.monotonic() - start
    check(notice is not None, "the flooder was not told")
    check(b"flooding" in flood.buf, "the flooder was not cut: %r" %
          flood.buf[-300:])
    # what the room got: at most the burst plus the rate for ~3 s
    relayed = []
    while True:
        m = watch.msg()
        if m[0] == "CHAT" and m[2].startswith("flood"):
            relayed.append(m[2])
        if m[0] == "LEAVE" and m[1] == nick:
            check("flooding" in m[2], "leave reason %r" % m[2])
            break
    check(len(relayed) <= 10 + 5 * 7, "relayed %d flood lines" % len(relayed))
    # the slow reader reads only now: it has every line, in order
    slow_got = []
    while True:
        try:
            m = slow.msg(timeout=0.5)
        except Fail:
            break
        if m[0] == "CHAT" and m[2].startswith("flood"):
            slow_got.append(m[2])
    check(slow_got == relayed, "slow reader: %d lines, room %d" %
          (len(slow_got), len(relayed)))
    for line in relayed:
        b.expect(re.escape(line))
    control_check(s, watch, slow, b)
    s.stop()


def test_rate_at_its_edge():
    # A burst of exactly BURST lines goes through at once; one more waits.
    s = Server(*OPEN, "--rate", "5:10")
    w = Framed(s, "edgewatch")
    a = Framed(s, "edger")
    for i in range(10):
        a.put("SAY", "burst %d" % i)
    for i in range(10):
        w.expect("CHAT", timeout=1, f2="burst %d" % i)
    a.put("SAY", "one too many")
    a.expect("NOTICE", timeout=2)  # told once that it is over the rate
    t0 = time.monotonic()
    w.expect("CHAT", f2="one too many")
    check(time.monotonic() - t0 >= 0.1, "the 11th was not held back")
    s.stop()


def test_rates_told_before_the_welcome():
    # The room says its rates, just before the welcome, so a client can
    # keep to them; a reload that changes them tells everyone.
    conf = scratch_file("rate = 7:9\nbyte-rate = 1500:3000\n", ".conf")
    s = Server("-c", conf, limits=())
    a = Framed(s)
    a.send(encode("HELLO", "rateread"))
    check(a.msg() == ("LIMITS", "lines=7:9 bytes=1500:3000"), "no rates")
    check(a.msg()[0] == "WELCOME", "the welcome did not follow")
    with open(conf, "w") as f:
        f.write("rate = 3:6\n")
    s.proc.send_signal(signal.SIGHUP)
    a.expect("LIMITS", f1="lines=3:6 bytes=4096:20480")
    s.stop()


def paced(s, nick, lines, stdin):
    """Runs a batch client that sends lines from stdin; checks that every
    line reached the room in order and that the server did not cut the
    client for flooding (--flood-timeout is short). (A server slowed down,
    by valgrind say, may read a bunch at once and hold the client back a
    moment; only a sustained flood is cut.)"""
    watch = Framed(s, nick + "w")
    b = Batch("-n", nick, addr(s), stdin=stdin)
    if stdin == subprocess.PIPE:
        b.proc.stdin.write(b"".join(l.encode() + b"\n" for l in lines))
    status, out, err = b.finish(timeout=90)
    check(status == 0, "exit %d: %s" % (status, err))
    check("flooding" not in out, "it was cut: %s" % out[-300:])
    for l in lines:
        watch.expect("CHAT", f1=nick, f2=l, timeout=10)
    m = watch.expect("LEAVE", f1=nick)
    check(m[2] == "end of input", "left: %r" % (m[2],))


def test_piped_input_kept_to_the_room_pace():
    # Five seconds' worth at 20 lines a second, with a server that cuts
    # after three seconds held back: only a client that paces itself
    # lasts (sent at once, the lines would be held back for 4.8 s).
    s = Server(*OPEN, "--rate", "20:4", "--byte-rate", "2000:3000",
               "--flood-timeout", "3")
    paced(s, "piper", ["paced line %02d %s" % (i, "x" * 20)
                       for i in range(100)], subprocess.PIPE)
    s.stop()


def test_a_long_file_is_read_as_it_goes_out():
    # A regular file cannot be watched: it is read as the queue drains,
    # never all at once (more lines than the batch client holds back).
    # (A burst of 100: a server slowed by valgrind reads in bunches.)
    s = Server(*OPEN, "--rate", "150:100", "--flood-timeout", "2")
    lines = ["file line %d" % i for i in range(400)]
    with tempfile.TemporaryFile() as f:
        f.write(b"".join(l.encode() + b"\n" for l in lines))
        f.seek(0)
        paced(s, "filer", lines, f)
    s.stop()


def test_byte_rate_at_its_edge():
    # 2,000 bytes at once pass; what comes after waits for the rate.
    s = Server(*OPEN, "--byte-rate", "1000:2000")
    w = Framed(s, "bytewatch")
    a = Line(s)
    nick = a.joined()
    line = "b" * 99  # 100 bytes with its LF
    a.send(("\n".join(line for _ in range(40)) + "\n").encode())
    start = time.monotonic()
    got = 0
    while got < 40:
        m = w.msg()
        if m[0] == "CHAT" and m[1] == nick:
            got += 1
            if got == 20:
                early = time.monotonic() - start
    took = time.monotonic() - start
    # the burst (20 lines) came at once; the other 20 took a second or so
    check(early < 1.0, "the burst took %.2f s" % early)
    check(took >= 1.5, "4,000 bytes at 1,000 a second took %.2f s" % took)
    a.expect("sending faster")
    s.stop()


def test_error_replies_limited():
    # 500 malformed frames draw at most the error burst plus the rate.
    s = Server(*OPEN, "--error-rate", "2:10")
    a = Framed(s, "erring")
    a.send(b"".join(struct.pack(">I", 3) + b"\x01\x02\x00" for _ in range(500)))
    errors = 0
    while True:
        try:
            m = a.msg(timeout=1)
        except Fail:
            break
        errors += m[0] == "ERROR"
    check(1 <= errors <= 10 + 2 * 3, "%d error replies" % errors)
    control_check(s, a)
    s.stop()


def test_nick_refusal_past_the_error_rate():
    # A nick refused is an answer the client waits for (at hello, for
    # its welcome; after a nick change in a private room, its text
    # waits on it): it is sent even when the member's error replies are
    # spent. With a burst of 1, the first of
    # five junk frames spends it; all of it in one write, so the server
    # reads it in one turn and no reply is earned back meanwhile.
    s = Server(*OPEN, "--error-rate", "1:1")
    a = Framed(s, "taken")
    b = Framed(s, "wanter")
    junk = struct.pack(">I", 3) + b"\x01\x02\x00"
    b.send(junk * 5 + encode("NICK", "taken") + encode("NICK", "bad nick!") +
           junk * 5 + encode("SAY", "after it all"))
    errors = [m[1] for m in b.until("CHAT") if m[0] == "ERROR"]
    check(errors[1:] == [7, 6] and len(errors) == 3,
          "error codes %r: the refusals were dropped, or junk drew more "
          "than the burst" % errors)
    # the same before joining: a hello's nick refused is answered too
    c = Framed(s)
    c.send(junk * 2 + encode("HELLO", "taken") + encode("HELLO", "bad nick!") +
           encode("HELLO", "newcomer"))
    got = c.until("WELCOME")
    check([m[1] for m in got if m[0] == "ERROR"][1:] == [7, 6],
          "before joining: %r" % got)
    control_check(s, a, b, c)
    s.stop()


def test_connections_per_address():
    s = Server("--per-address", "4", "--connect-rate", "0", "--rate", "0")
    kept, refused = [], 0
    for i in range(10):
        c = socket.create_connection((s.host, s.port), WAIT)
        c.settimeout(WAIT)
        first = c.recv(200)
        if b"refused: too many connections" in first:
            refused += 1
            c.close()
        else:
            kept.append(c)
    check(len(kept) == 4 and refused == 6, "kept %d, refused %d" %
          (len(kept), refused))
    # another address is unaffected, and closing one makes room
    other = Framed(s, "otherhost", source="127.0.0.2")
    kept.pop().close()
    wait_for(lambda: b"refused" not in socket.create_connection(
        (s.host, s.port), WAIT).recv(200), "room after a close")
    for c in kept:
        c.close()
    wait_for(lambda: True, "")
    ctl = Framed(s, "ctlhost", source="127.0.0.5")
    ctl.put("SAY", "still here")
    other.expect("CHAT", f2="still here")
    s.stop()


def test_a_connect_flood_does_not_keep_others_out():
    # One address opens 1,000 connections as fast as it can; another gets
    # seated meanwhile, and the flooding address holds at most its cap.
    s = Server("--rate", "0", "--byte-rate", "0", limits=())  # 8 an address
    socks, seated_at = [], None
    start = time.monotonic()
    for i in range(1000):
        try:
            c = socket.socket()
            c.setblocking(False)
            c.connect_ex((s.host, s.port))
            socks.append(c)
        except OSError:
            break
        if i == 500:
            f = Framed(s, "latecomer", source="127.0.0.3")
            seated_at = time.monotonic() - start
    time.sleep(0.5)
    held = 0
    for c in socks:
        try:
            c.setblocking(True)
            c.settimeout(0.2)
            if b"refused" not in c.recv(200):
                held += 1
        except OSError:
            pass
        c.close()
    check(held <= 8, "the flooding address holds %d connections" % held)
    print("# latecomer seated after %.3f s of the flood" % seated_at)
    control_check(s, f)
    s.stop()


def test_connect_rate():
    s = Server("--per-address", "0", "--connect-rate", "5:10", "--rate", "0")
    refused = 0
    socks = [socket.create_connection((s.host, s.port), WAIT) for _ in range(20)]
    for c in socks:
        c.settimeout(WAIT)
        if b"refused: connecting too fast" in c.recv(200):
            refused += 1
    check(8 <= refused <= 10, "%d of 20 refused at 5:10" % refused)
    Framed(s, "fromelsewhere", source="127.0.0.4")
    s.stop()


def test_pre_join_sockets_cannot_hold_every_descriptor():
    # Under a descriptor limit, 200 sockets that sent one 0x00 byte and no
    # hello: a real member still gets in (the oldest are evicted).
    if not os.path.exists("/usr/bin/prlimit"):
        raise Skip("prlimit is not installed (util-linux)")
    if WRAP:
        raise Skip("under %s the descriptor limit is not the server's own" %
                   WRAP[0])
    s = Server(*OPEN, wrap=["prlimit", "--nofile=64:64"])
    hogs = []
    for i in range(200):
        try:
            c = socket.create_connection((s.host, s.port), WAIT,
                                         ("127.0.0.%d" % (20 + i % 50), 0))
            c.send(b"\x00")
            hogs.append(c)
        except OSError:
            break
    f = Framed(s, "realmember", source="127.0.0.9")
    control_check(s, f)
    for c in hogs:
        c.close()
    s.stop()


def test_deadlines_before_joining():
    s = Server(*OPEN, "--join-timeout", "1", "--line-timeout", "1")
    watch = Framed(s, "deadwatch")
    # a framed client that never says hello
    silent = Framed(s)
    silent.send(b"\x00\x00")
    took = gone_within(silent, 3)
    check(b"no hello within 1 seconds" in silent.buf, "%r" % silent.buf)
    # slowloris: a line begun and never finished; and junk with no newline
    slow = Line(s)
    slow.joined()
    slow.send(b"I am typing very slow")
    gone_within(slow, 3)
    check(b"a line begun and not finished" in slow.buf, "%r" % slow.buf[-200:])
    junk = Line(s)
    junk.joined()
    junk.send(b"x" * 4096)
    gone_within(junk, 3)
    print("# a silent framed client went after %.2f s" % took)
    control_check(s, watch)
    s.stop()


def test_prejoin_frames_are_small():
    s = Server(*OPEN)
    c = Framed(s)
    c.send(struct.pack(">I", 4000) + b"\x01\x01")
    gone_within(c, 3)
    check(b"before joining" in c.buf, "%r" % c.buf)
    s.stop()


def test_http_and_tls_never_reach_the_room():
    s = Server(*OPEN)
    watch = Framed(s, "webwatch")
    web = Line(s)
    web.send(b"GET / HTTP/1.1\r\nHost: lanchat\r\nUser-Agent: test\r\n\r\n")
    gone_within(web, 3)
    check(web.buf.startswith(b"HTTP/1.0 400"), "answer %r" % web.buf[:80])
    check(b"lanchat HOST:%d" % s.port in web.buf, "how to join: %r" % web.buf)
    tls = socket.create_connection((s.host, s.port), WAIT)
    tls.settimeout(WAIT)
    tls.recv(200)  # the greeting
    tls.send(bytes.fromhex("16030100c8010000c40303") + os.urandom(32))
    check(tls.recv(200) == b"", "TLS client not closed at once")
    control_check(s, watch)
    watch.put("WHO")
    names = [m[1] for m in watch.until("NAMES_END") if m[0] == "NAME"]
    check(all(n in ("webwatch",) or n.startswith("ctl") for n in names),
          "in the room: %r" % names)
    s.stop()


def test_telnet_commands_stripped():
    s = Server(*OPEN)
    watch = Framed(s, "telwatch")
    t = Line(s)
    nick = t.joined()
    # Ctrl-C in telnet (IAC IP, IAC DO TIMING-MARK), then a line
    t.send(b"\xff\xf4\xff\xfd\x06hello from telnet\r\n")
    m = watch.expect("CHAT", f1=nick)
    check(m[2] == "hello from telnet", "text %r" % m[2])
    wait_for(lambda: b"\xff\xfc\x06" in t.buf or
             (t.fill(time.monotonic() + 0.2) and False), "WONT TIMING-MARK")
    s.stop()


def test_line_readers_cannot_be_fooled():
    s = Server(*OPEN)
    a = Framed(s, "mallory")
    r = Line(s)
    r.joined()
    a.put("SAY", "x" + " " * 100 + "-!- the server is shutting down")
    line = r.expect(r"^<mallory>")
    check(line == "<mallory> x -!_ the server is shutting down", line)
    a.put("SAY", "a\u2028b")
    a.expect("ERROR")
    s.stop()


if __name__ == "__main__":
    main([v for k, v in globals().items() if k.startswith("test_")])
