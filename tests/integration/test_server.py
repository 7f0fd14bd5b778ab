"""lanchatd end to end: framed and line clients on 127.0.0.1 and ::1."""
import random
import re
import signal
import socket
import struct
import time

from harness import (need_ipv6, Framed, Line, Server, check, control_check,
                     encode, main, shared_server, wait_for, WAIT)

server = shared_server


def test_prints_listening_address():
    s = Server()
    check(s.host == "127.0.0.1" and s.port > 0, "bad address")
    check(s.stop() == 0, "exit status")


def test_ipv6_loopback():
    need_ipv6()
    s = Server(listen="::1")
    check(s.host == "::1", "listens on " + s.host)
    a = Framed(s, "six", host="::1")
    b = Line(s, host="::1")
    b.expect("welcome, guest")
    a.put("SAY", "over v6")
    b.expect(r"^<six> over v6$")
    a.put("WHO")
    m = a.expect("NAME", f1="six")
    check(m[2].startswith("[::1]:"), "address shown as %s" % m[2])
    check(s.stop() == 0, "exit status")


def test_default_listens_on_all():
    need_ipv6()
    s = Server(listen=None)
    check(s.host == "127.0.0.1", "host")
    a = Framed(s, "v4")
    b = Framed(s, "v6", host="::1")
    b.put("SAY", "both families")
    a.expect("CHAT", f2="both families")
    s.stop()


def test_framed_and_line_in_one_room():
    s = server()
    f = Framed(s, "frank")
    ln = Line(s)
    nick = ln.joined()
    f.expect("JOIN", f1=nick)
    ln.say("hello from a line")
    m = f.expect("CHAT", f1=nick)
    check(m[2] == "hello from a line", "text %r" % m[2])
    f.put("SAY", "hello from a frame")
    ln.expect(r"^<frank> hello from a frame$")
    f.put("ACT", "waves")
    ln.expect(r"^\* frank waves$")
    f.put("QUIT", "done")
    ln.expect(r"^-!- frank left \(done\)$")
    ln.say("/quit")
    ln.wait_closed()


def test_line_client_greeted_without_typing():
    ln = Line(server())
    # The harness has read the greeting, sent before any byte from us;
    # the welcome is the next line.
    check(re.match(r"-!- lanchat/1 room \(.*lanchatd ", ln.greeting), ln.greeting)
    check(re.match(r"^-!- welcome, guest\d+: \d+ in the room", ln.line()),
          "the welcome did not follow the greeting")
    ln.expect(r"/help")
    ln.close()


def test_crlf_and_commands_in_line_mode():
    s = server()
    ln = Line(s)
    ln.joined()
    ln.send(b"/nick crlfer\r\n")
    ln.expect(r"is now known as crlfer$")
    ln.send(b"with crlf\r\n")
    line = ln.expect(r"^<crlfer> ")
    check(line == "<crlfer> with crlf", "CR kept: %r" % line)
    ln.say("/help")
    ln.expect(r"/msg NICK TEXT")
    ln.say("/frobnicate")
    ln.expect(r"^-!- error: unknown command /frobnicate; try /help$")
    ln.say("/names")
    ln.expect(r"^-!- names: crlfer \[127\.0\.0\.1:\d+\]$")
    ln.expect(r"^-!- \d+ in the room$")
    ln.say("/me dances")
    ln.expect(r"^\* crlfer dances$")
    ln.say("/quit bye")
    ln.wait_closed()


def test_same_order_everywhere():
    s = server()
    framed = [Framed(s, "ord%d" % i) for i in range(3)]
    lines = [Line(s) for _ in range(2)]
    for ln in lines:
        ln.joined()
    n = 60
    # Everyone sends at once, interleaved, without waiting.
    for k in range(n):
        for i, f in enumerate(framed):
            f.put("SAY", "m%d-%d" % (i, k))
        for i, ln in enumerate(lines):
            ln.say("l%d-%d" % (i, k))
    total = n * (len(framed) + len(lines))
    seqs = []
    for f in framed:
        seq = []
        while len(seq) < total:
            m = f.msg()
            if m[0] == "CHAT" and re.match(r"[ml]\d-\d+$", m[2]):
                seq.append(m[2])
        seqs.append(seq)
    for ln in lines:
        seq = []
        while len(seq) < total:
            line = ln.line()
            mm = re.match(r"^<[^>]+> ([ml]\d-\d+)$", line)
            if mm:
                seq.append(mm.group(1))
        seqs.append(seq)
    for seq in seqs[1:]:
        check(seq == seqs[0], "members saw different orders")
    # Each sender's own messages keep their order.
    for i in range(3):
        mine = [x for x in seqs[0] if x.startswith("m%d-" % i)]
        check(mine == ["m%d-%d" % (i, k) for k in range(n)], "sender order")
    for f in framed:
        f.close()
    for ln in lines:
        ln.close()


def test_private_messages():
    s = server()
    a, b, c = Framed(s, "pa"), Framed(s, "pb"), Framed(s, "pc")
    a.put("TELL", "PB", "just for you")
    m = b.expect("PRIVATE")
    check(m[1:] == ("pa", "pb", "just for you"), "got %r" % (m,))
    m = a.expect("PRIVATE")
    check(m[1:] == ("pa", "pb", "just for you"), "echo %r" % (m,))
    a.put("TELL", "nobody", "hello?")
    m = a.expect("ERROR")
    check(m[1] == 8 and "nobody" in m[2], "error %r" % (m,))
    # c never saw the private line: its next chat is the marker.
    a.put("SAY", "marker")
    while True:
        m = c.msg()
        check(m[0] != "PRIVATE", "a third member saw a private message")
        if m[0] == "CHAT" and m[2] == "marker":
            break
    ln = Line(s)
    ln.joined()
    ln.say("/msg pa from the line")
    a.expect("PRIVATE", f3="from the line")
    ln.expect(r"^-> \*pa\* from the line$")
    for x in (a, b, c, ln):
        x.close()


def test_renames():
    s = server()
    a, b = Framed(s, "rena"), Framed(s, "renb")
    a.put("NICK", "renamed")
    b.expect("RENAME", f1="rena", f2="renamed")
    a.expect("RENAME", f1="rena", f2="renamed")
    a.put("NICK", "RENB")
    m = a.expect("ERROR")
    check(m[1] == 7 and "taken" in m[2], "taken: %r" % (m,))
    a.put("NICK", "9bad")
    m = a.expect("ERROR")
    check(m[1] == 6, "bad nick: %r" % (m,))
    a.put("NICK", "Renamed")  # a change of case only
    b.expect("RENAME", f1="renamed", f2="Renamed")
    control_check(s, a, b)
    a.close()
    b.close()


def test_taken_nick_at_hello():
    s = server()
    a = Framed(s, "taken")
    b = Framed(s)
    b.put("HELLO", "TAKEN")
    m = b.expect("ERROR")
    check(m[1] == 7, "code %r" % (m,))
    b.put("SAY", "before joining")
    m = b.expect("ERROR")
    check(m[1] == 9, "not joined: %r" % (m,))
    b.put("HELLO", "nottaken")  # the connection stayed up
    b.expect("WELCOME", f1="nottaken")
    a.close()
    b.close()


def test_bad_text_refused():
    s = server()
    a, b = Framed(s, "texta"), Framed(s, "textb")
    bad = [b"esc \x1b[2J", b"bell \x07", b"\xff\xfe", b"bidi \xe2\x80\xae",
           b"c1 \xc2\x9b", b"del \x7f", b"nul \x00", b"cr \r"]
    for t in bad:
        a.put("SAY", t)
        m = a.expect("ERROR")
        check(m[1] == 5 and "not sent" in m[2], "error %r for %r" % (m, t))
    a.put("ACT", b"\x1b]0;title\x07")
    a.expect("ERROR")
    a.put("TELL", "textb", b"\x1b]52;c;Zm9v\x07")
    a.expect("ERROR")
    ln = Line(s)
    ln.joined()
    ln.send(b"raw \x1b[31mred\n")
    ln.expect(r"^-!- error: refused: escape character U\+001B")
    ln.send(b"\xc3\x28 invalid\n")
    ln.expect(r"^-!- error: refused: invalid UTF-8")
    a.put("SAY", "good 日本語 😀 e\u0301")
    b.expect("CHAT", f2="good 日本語 😀 e\u0301")
    ln.expect("good 日本語 😀 e\u0301")
    # b saw none of the bad ones: the first CHAT it has is the good one.
    control_check(s, a, b, ln)
    a.put("SAY", "x" * 8192)
    b.expect("CHAT", f1="texta")
    a.put("SAY", "x" * 8193)
    m = a.expect("ERROR")
    check("8192" in m[2], "limit named: %r" % (m,))
    a.close()
    b.close()
    ln.close()


def test_long_line_is_refused_whole():
    s = server()
    ln, f = Line(s), Framed(s, "longwatch")
    ln.joined()
    ln.send(b"y" * 20000 + b"\n")
    ln.expect(r"^-!- error: line over 8448 bytes; it was not sent$")
    ln.say("short after long")
    f.expect("CHAT", f2="short after long")
    # nothing of the long line was relayed in pieces
    control_check(s, f, ln)
    ln.close()
    f.close()


def test_disconnect_mid_frame():
    s = server()
    watch = Framed(s, "midwatch")
    c = Framed(s, "midframe")
    watch.expect("JOIN", f1="midframe")
    c.send(struct.pack(">I", 100) + b"\x01\x02\x00\x60abc")
    c.close()
    watch.expect("LEAVE", f1="midframe")
    control_check(s, watch)
    wait_for(lambda: "in the middle of a frame" in s.logtext(),
             "the log line")
    watch.close()


def test_huge_length_refused():
    s = server()
    watch = Framed(s, "hugewatch")
    c = Framed(s, "huge")
    watch.expect("JOIN", f1="huge")
    c.send(b"\xff\xff\xff\xff" + b"rest")
    m = c.expect("ERROR")
    check(m[1] == 2 and "4294967295" in m[2], "error %r" % (m,))
    c.wait_closed()
    watch.expect("LEAVE", f1="huge")
    control_check(s, watch)
    # just over the limit, before any hello
    d = Framed(s)
    d.send(struct.pack(">I", 16385))
    m = d.expect("ERROR")
    check(m[1] == 2, "error %r" % (m,))
    d.wait_closed()
    watch.close()


def test_random_bytes():
    s = server()
    watch = Framed(s, "randwatch")
    rnd = random.Random(2428)
    for i in range(40):
        c = Framed(s)
        data = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 3000)))
        if i % 2 == 0:
            data = b"\x00" + data  # taken for frames
        try:
            c.send(data)
        except OSError:
            pass
        c.close()
    check(s.alive(), "lanchatd died")
    control_check(s, watch)
    watch.close()


def test_protocol_errors_keep_connection():
    s = server()
    a = Framed(s, "proto")
    a.send(struct.pack(">IBB", 2, 1, 0x7e))
    m = a.expect("ERROR")
    check(m[1] == 4 and "0x7e" in m[2], "unknown type %r" % (m,))
    a.send(struct.pack(">IBB", 3, 1, 2) + b"\x00")  # SAY, cut short
    m = a.expect("ERROR")
    check(m[1] == 1, "malformed %r" % (m,))
    a.send(struct.pack(">I", 0))
    a.expect("ERROR", f1=1)
    a.put("WELCOME", "me", 1, "x")  # a server's message
    a.expect("ERROR", f1=4)
    a.put("PING", "tok")
    a.expect("PONG", f1="tok")
    control_check(s, a)
    a.send(struct.pack(">IBB", 2, 9, 2))  # a future version: closed
    m = a.expect("ERROR")
    check(m[1] == 3, "version %r" % (m,))
    a.wait_closed()


def test_names_with_addresses():
    s = server()
    a = Framed(s, "namea")
    ln = Line(s)
    ln.joined()
    a.put("WHO")
    names = {}
    while True:
        m = a.msg()
        if m[0] == "NAME":
            names[m[1]] = m[2]
        if m[0] == "NAMES_END":
            check(m[1] == len(names), "count %d vs %d" % (m[1], len(names)))
            break
    port = a.sock.getsockname()[1]
    check(names.get("namea") == "127.0.0.1:%d" % port, "names %r" % names)
    check(any(k.startswith("guest") for k in names), "line client listed")
    a.close()
    ln.close()


def test_away_told_to_whoever_writes_and_in_names():
    s = server()
    a = Framed(s, "awayer")
    b = Framed(s, "writer")
    ln = Line(s)
    ln.joined()
    a.put("AWAY", "at lunch until 2")
    a.expect("NOTICE", f1="you are marked away; whoever writes to you is "
             "told why")
    b.put("TELL", "awayer", "are you there?")
    a.expect("PRIVATE", f3="are you there?")
    b.expect("AWAY_IS", f1="awayer", f2="at lunch until 2")
    ln.say("/msg awayer from a line")
    ln.expect(r"^-!- awayer is away: at lunch until 2$")
    # in the names list, after its entry
    b.put("WHO")
    m = b.expect("NAME", f1="awayer")
    check(b.msg() == ("AWAY_IS", "awayer", "at lunch until 2"),
          "not right after its entry")
    ln.say("/names")
    ln.expect(r"^-!- awayer is away: at lunch until 2$")
    # back: no more
    a.put("AWAY", "")
    a.expect("NOTICE", f1="you are back")
    b.put("TELL", "awayer", "again")
    b.expect("PRIVATE", f3="again")
    b.put("WHO")
    m = b.expect("NAMES_END")
    # bad away text refused, at the limit accepted
    a.put("AWAY", "x" * 161)
    a.expect("ERROR", f1=5)
    a.put("AWAY", "x" * 160)
    a.expect("NOTICE", f1="you are marked away; whoever writes to you is "
             "told why")
    for c in (a, b, ln):
        c.close()


def test_topic_kept_told_and_checked():
    s = Server()
    a = Framed(s, "setter")
    ln = Line(s)
    ln.joined()
    ln.say("/topic")
    ln.expect(r"^-!- no topic is set; /topic TEXT sets one$")
    a.put("TOPIC", "plans for friday")
    a.expect("TOPIC_IS", f1=0, f2="setter", f3="plans for friday")
    ln.expect(r"^-!- setter set the topic: plans for friday$")
    # a member who joins later is told it, just after the welcome
    late = Framed(s)
    late.send(encode("HELLO", "late"))
    late.expect("WELCOME")
    check(late.msg() == ("TOPIC_IS", 1, "setter", "plans for friday"),
          "the joiner was not told the topic")
    ln.say("/topic")
    ln.expect(r"^-!- topic: plans for friday \(set by setter\)$")
    # checked like chat text, and at most 300 bytes
    a.put("TOPIC", "evil \x1b]0;x\x07")
    a.expect("ERROR", f1=5)
    a.put("TOPIC", "t" * 301)
    a.expect("ERROR", f1=5)
    a.put("TOPIC", "t" * 300)
    a.expect("TOPIC_IS", f3="t" * 300)
    ln.say("/topic -")
    a.expect("TOPIC_IS", f3="")
    ln.expect(r"cleared the topic$")
    late2 = Framed(s, "later")
    late2.put("WHO")
    m = late2.msg()
    while m[0] in ("JOIN", "JOINS", "LIMITS"):
        m = late2.msg()
    check(m[0] != "TOPIC_IS", "a cleared topic was told: %r" % (m,))
    s.stop()


def test_slow_reader_does_not_stall_room():
    s = server()
    slow = Framed(s, "sloth")
    slow.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    fast = talk = Framed(s, "talker")
    fast.expect("JOIN", f1="talker")
    payload = "z" * 4000
    n = 2000  # 8 MB to each member: far past the sloth's buffers and queue
    start = time.monotonic()
    got = 0
    sent = 0
    left = None
    while got < n:
        while sent < n and sent - got < 64:
            talk.put("SAY", "%d %s" % (sent, payload))
            sent += 1
        m = fast.msg()
        if m[0] == "LEAVE" and m[1] == "sloth":
            left = m[2]
        if m[0] == "CHAT" and m[1] == "talker":
            check(m[2].startswith("%d " % got), "out of order at %d" % got)
            got += 1
        check(time.monotonic() - start < 60, "the room stalled")
    if left is None:
        left = fast.expect("LEAVE", f1="sloth")[2]
    check("send queue full" in left, "reason %r" % left)
    wait_for(lambda: "send queue full" in s.logtext(), "the log line")
    control_check(s, fast)
    slow.close()
    fast.close()


def test_max_clients():
    s = Server("--max-clients", "2")
    a, b = Framed(s, "one"), Line(s)
    b.joined()
    c = Framed(s)
    c.put("HELLO", "three")
    m = c.expect("ERROR")
    check(m[1] == 10 and "full" in m[2], "full %r" % (m,))
    c.wait_closed()
    d = Line(s)
    d.expect(r"^-!- error: the room is full$")
    d.wait_closed()
    a.put("SAY", "still fine")
    b.expect("still fine")
    s.stop()


def test_sigterm_with_clients():
    s = Server()
    f = Framed(s, "term")
    ln = Line(s)
    ln.joined()
    idle = Framed(s)  # connected, never said hello
    s.proc.send_signal(signal.SIGTERM)
    f.expect("NOTICE", f1="the server is shutting down")
    ln.expect(r"^-!- the server is shutting down$")
    f.wait_closed()
    ln.wait_closed()
    idle.wait_closed()
    check(s.stop() == 0, "exit status")
    check("shutdown on signal 15" in s.logtext(), "logged")


def test_sigint_exits_zero():
    s = Server()
    Framed(s, "intr")
    check(s.stop(signal.SIGINT) == 0, "exit status")


def test_log_lines():
    s = server()
    a = Framed(s, "logged")
    port = a.sock.getsockname()[1]
    a.put("QUIT", "")
    a.wait_closed()
    wait_for(lambda: re.search(r"disconnect 127\.0\.0\.1:%d logged" % port,
                               s.logtext()), "disconnect line")
    check(re.search(r"connect 127\.0\.0\.1:%d" % port, s.logtext()), "connect")


def test_usage_and_version():
    import subprocess
    from harness import LANCHATD
    out = subprocess.run([LANCHATD, "--version"], capture_output=True,
                         timeout=WAIT)
    check(out.returncode == 0 and out.stdout.startswith(b"lanchatd "), "version")
    out = subprocess.run([LANCHATD, "--help"], capture_output=True, timeout=WAIT)
    check(out.returncode == 0 and b"--max-clients" in out.stdout, "help")
    out = subprocess.run([LANCHATD, "-p", "nope"], capture_output=True,
                         timeout=WAIT)
    check(out.returncode == 2 and b"bad port" in out.stderr, "bad port")
    out = subprocess.run([LANCHATD, "-l", "127.0.0.1", "-p", str(server().port)],
                         capture_output=True, timeout=WAIT)
    check(out.returncode == 1 and b"cannot listen" in out.stderr,
          "port in use: %r" % out.stderr)


if __name__ == "__main__":
    main([v for k, v in sorted(globals().items(), key=lambda kv: 0)
          if k.startswith("test_")])
