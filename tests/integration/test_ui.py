"""The full-screen lanchat, driven in tmux against real lanchatd servers."""
import os
import re
import signal
import socket
import threading
import time
import unicodedata

from harness import (Framed, Line, Server, WAIT, check, encode, main,
                     shared_server)
from tmuxpane import HOME, Pane, have_tmux, sane, tmux

server = shared_server


def addr(s):
    return "%s:%d" % (s.host, s.port)


def width(s):
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def in_room(nick, s=None, **pane):
    """A full-screen lanchat that joined s (the shared server unless
    given) as nick; returns the server and the pane."""
    s = s or server()
    p = Pane(["-n", nick, addr(s)], **pane)
    p.wait_connected()
    return s, p


def joined(p, nick):
    p.wait_for(lambda s: "connected" in s.split("\n")[-3:][0] or
               " connected" in s, "%s connected" % nick)


def test_message_reaches_other_pane():
    s, a = in_room("alice")
    _, b = in_room("bob", s)
    a.expect("bob [127.0.0.1:")
    a.line("hello bob")
    b.expect("<alice> hello bob")
    b.line("/me waves back")
    a.expect("* bob waves back")
    b.line("/msg alice just you")
    a.expect("*bob* just you")
    b.expect("-> *alice* just you")
    a.kill()
    b.kill()


def test_status_bar():
    s, a = in_room("stat", cols=100)
    a.wait_for(lambda scr: "connected" in scr, "connected")
    st = a.status()
    for part in ("stat", "127.0.0.1:%d" % s.port, "TCP", "here", "connected"):
        check(part in st, "status bar %r lacks %r" % (st, part))
    n = int(re.search(r"(\d+) here", st).group(1))
    f = Framed(s, "statpeer")
    a.wait_for(lambda scr: "%d here" % (n + 1) in scr, "member count + 1")
    f.close()
    a.kill()


def test_resize_mid_conversation():
    s, a = in_room("resizer", cols=80, rows=24)
    b = Framed(s, "talker2")
    a.expect("talker2")
    long = "word " * 40 + "END"
    b.put("SAY", long)
    a.expect("END")
    for cols, rows in ((40, 10), (20, 6), (100, 30), (57, 13)):
        a.resize(cols, rows)
        b.put("SAY", "after resize to %dx%d" % (cols, rows))

        def settled(x):
            lines = x.rstrip("\n").split("\n")
            return ("%dx%d" % (cols, rows) in x.replace("\n", "").replace(" ", "")
                    and len(lines) >= 2 and lines[-2].startswith(" resizer")
                    and lines[-1].startswith(">"))
        # tmux may show a frame half drawn; wait for the whole of it.
        scr = a.wait_for(settled, "the screen laid out at %dx%d" % (cols, rows))
        lines = scr.rstrip("\n").split("\n")
        check(len(lines) <= rows, "%d rows on a %d-row screen" % (len(lines), rows))
        for ln in lines:
            check(width(ln.rstrip()) <= cols, "row wider than %d: %r" % (cols, ln))
    a.keys("C-l")
    a.expect("after resize to 57x13")
    b.close()
    a.kill()


def test_wide_characters_line_up():
    s, a = in_room("wide", cols=40, rows=20)
    b = Framed(s, "cjk")
    a.expect("cjk")
    text = "日本語のテキスト " * 6 + "😀🎉 e\u0301 fin"
    b.put("SAY", text)
    scr = a.expect("fin")
    rows = scr.rstrip("\n").split("\n")
    first = [i for i, r in enumerate(rows) if "<cjk>" in r][-1]
    indent = width(rows[first][:rows[first].index("<cjk>")]) + len("<cjk> ")
    k = first + 1
    got = rows[first][rows[first].index("<cjk>") + 6:]
    while k < len(rows) - 2 and rows[k].strip():
        row = rows[k]
        check(row[:indent].strip() == "" and row[indent] != " ",
              "continuation row not under the text: %r" % row)
        check(width(row.rstrip()) <= 40, "row too wide: %r" % row)
        got += " " + row.strip()
        k += 1
    check(got.replace(" ", "") == text.replace(" ", ""),
          "text changed in wrapping: %r" % got)
    b.close()
    a.kill()


class EvilServer(threading.Thread):
    """A fake room server that greets, then sends text no real lanchatd
    would relay: escape sequences, controls, bidi overrides."""

    EVIL = ["\x1b]0;PWNED-TITLE\x07title",
            "\x1b]2;PWNED2\x1b\\title2",
            "\x1b]52;c;cHduZWQ=\x07clipboard",
            "\x1b[2J\x1b[Hcleared",
            "\x1b[10;10Hmoved \x1b[31mred\x1b[0m",
            "over\rwrite", "back\x08\x08space", "bell\x07",
            "\u202eevil-bidi", "c1 \u009b31m csi", "nul \x00 byte",
            "tab\there"]

    def __init__(self):
        super().__init__(daemon=True)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.port = self.sock.getsockname()[1]
        self.sock.settimeout(WAIT)

    def run(self):
        try:
            c, _ = self.sock.accept()
        except OSError:
            return
        c.recv(4096)  # the hello
        # The greeting is checked and never shown, escapes and all.
        out = b"-!- lanchat/1 room (evil \x1b]0;PWNED-GREET\x07)\n"
        out += encode("WELCOME", "victim", 2, "evil")
        out += encode("JOIN", "\x1b[5mmallory", "[::1]:6666")
        for t in self.EVIL:
            out += encode("CHAT", "mallory", t.encode("utf-8", "surrogatepass"))
        out += encode("NOTICE", "\x1b]0;NOTICE-TITLE\x07done")
        c.sendall(out)
        time.sleep(WAIT)
        c.close()


def test_escape_sequences_from_peer_stay_harmless():
    ev = EvilServer()
    ev.start()
    a = Pane(["-n", "victim", "127.0.0.1:%d" % ev.port])
    title_before = a.title()
    scr = a.expect("done")
    for word in ("title", "title2", "clipboard", "cleared", "moved",
                 "write", "space", "bell", "evil-bidi", "csi", "byte", "tab"):
        check(word in scr, "%r missing: the screen was disturbed\n%s" % (word, scr))
    check("\ufffd" in scr, "no placeholder shown for control characters")
    check("PWNED" not in a.title() and "NOTICE-TITLE" not in a.title(),
          "pane title changed to %r" % a.title())
    check(a.title() == title_before, "title %r -> %r" % (title_before, a.title()))
    bufs = tmux("list-buffers", check=False)
    check(bufs.strip() == "", "a tmux buffer was written: %r" % bufs)
    check(a.status().startswith(" victim"), "status bar moved: %r" % a.status())
    rows = scr.rstrip("\n").split("\n")
    check(rows[-1].startswith(">"), "input line moved")
    a.kill()


def test_readline_editing():
    s, a = in_room("editor")
    a.expect("connected")
    a.type("one two three")
    a.keys("C-w")
    a.type("four")
    a.keys("C-a")
    a.type("zero ")
    a.keys("End")
    a.keys("Left", "Left", "Left", "Left")
    a.type("x")
    a.keys("Enter")
    a.expect("<editor> zero one two xfour")
    a.keys("Up")
    a.wait_for(lambda scr: scr.rstrip().split("\n")[-1] == "> zero one two xfour",
               "history recall")
    a.keys("C-u")
    a.type("/ni")
    a.keys("Tab")
    a.wait_for(lambda scr: scr.rstrip().split("\n")[-1] == "> /nick",
               "command completion")
    a.keys("C-u")
    f = Framed(s, "completeme")
    a.expect("completeme")
    a.type("comp")
    a.keys("Tab")
    a.wait_for(lambda scr: scr.rstrip().split("\n")[-1] == "> completeme:",
               "nick completion")
    a.keys("C-u")
    a.type("/frob")
    a.keys("Enter")
    a.expect("unknown command /frob; try /help")
    f.close()
    a.kill()


def test_long_input_scrolls_sideways():
    s, a = in_room("typist", cols=30, rows=8)
    a.expect("connected")
    text = "abcdefghij" * 5 + "日本語"
    a.type(text)
    last = a.wait_for(lambda scr: "日本語" in scr.rstrip().split("\n")[-1],
                      "the end of a long line in view").rstrip().split("\n")[-1]
    check(width(last) <= 30, "input row too wide: %r" % last)
    a.keys("C-a")
    a.wait_for(lambda scr: scr.rstrip().split("\n")[-1].startswith("> abcdefghij"),
               "the start in view again")
    a.keys("Enter")
    a.expect("日本語")
    a.kill()


def test_history_persists():
    s, a = in_room("remember", wrap=True)
    a.expect("connected")
    a.line("a line worth remembering")
    a.expect("<remember> a line worth remembering")
    a.line("/quit")
    rc, _ = a.exit_report()
    check(rc == 0, "exit %d" % rc)
    a.kill()
    _, b = in_room("remember", s)
    b.expect("connected")
    b.keys("Up")
    b.wait_for(lambda scr: scr.rstrip().split("\n")[-1] ==
               "> /quit", "the last line of the last run")
    b.keys("Up")
    b.wait_for(lambda scr: scr.rstrip().split("\n")[-1] ==
               "> a line worth remembering", "history across runs")
    b.kill()


def test_scrollback_and_more_marker():
    s, a = in_room("scroller", cols=60, rows=12)
    f = Framed(s, "flood")
    a.expect("flood")
    for i in range(60):
        f.put("SAY", "flood line %d" % i)
    a.expect("flood line 59")
    a.keys("PPage")
    a.wait_for(lambda scr: "flood line 59" not in scr and "scrolled" in scr,
               "scrolled up")
    f.put("SAY", "arrived below")
    a.expect("-- 1 new --")
    check("arrived below" not in a.screen(), "the view jumped")
    f.put("SAY", "scroller: are you there?")
    a.expect("-- 2 new, 1 mentions you --")
    a.keys("S-Home")
    # the top: the room's history, when a shared server has some, or
    # the joining line
    a.wait_for(lambda scr: "-- history:" in scr or "you are scroller" in scr,
               "the top of the transcript")
    a.keys("S-End")
    # back at the bottom: the mark stands where the unseen lines begin
    scr = a.expect("arrived below")
    rows = scr.split("\n")
    at = next(i for i, r in enumerate(rows) if "arrived below" in r)
    check(rows[at - 1].startswith("--- new ---") and
          "flood line 59" in rows[at - 2], "the mark:\n%s" % scr)
    check("new --" not in a.status(), "status %r" % a.status())
    f.close()
    a.kill()


def test_members_pane():
    s, a = in_room("paner", cols=80)
    f = Framed(s, "zeta")
    a.expect("zeta [")
    a.keys("F3")
    # (the count can show before the list is filled: the pane asks the
    # room for names when it opens, and the answer follows)
    a.wait_for(lambda x: re.search(r"│ +\d+ here", x) and
               re.search(r"│ +paner", x) and re.search(r"│ +zeta", x),
               "the pane listing paner and zeta")
    f.put("NICK", "omega")
    a.wait_for(lambda x: re.search(r"│ +omega", x), "rename in the pane")
    a.keys("F3")
    a.wait_for(lambda x: "│" not in x, "the pane hidden")
    f.close()
    a.kill()


def test_reconnect_after_server_restart():
    s1 = Server()
    port = s1.port
    a = Pane(["-n", "phoenix", addr(s1)])
    a.expect("connected")
    a.line("before the fall")
    a.expect("<phoenix> before the fall")
    a.type("half typed")
    s1.stop()
    a.expect("reconnecting in")
    check(a.rows()[-1 if a.rows()[-1] else -2].startswith("> half typed") or
          "> half typed" in a.screen(), "the half-typed line was lost")
    a.keys("C-u")
    a.line("said while offline")
    # ours, waiting: no time yet, and no notice in its place
    a.expect("wait  <phoenix> said while offline")
    s2 = Server("-p", str(port))
    check(s2.port == port, "could not restart on %d" % port)
    watch = Framed(s2, "watcher")
    watch.expect("CHAT", f1="phoenix", f2="said while offline", timeout=40)
    a.expect("connected", timeout=40)
    # confirmed in place by its echo: a time now, and shown once
    scr = a.wait_for(lambda x: "wait  <phoenix>" not in x,
                     "the pending line confirmed")
    check(re.search(r"\d\d:\d\d <phoenix> said while offline", scr) and
          scr.count("said while offline") == 1, "confirmed:\n%s" % scr)
    check("before the fall" in scr, "scrollback lost on reconnect")
    watch.close()
    s2.stop()
    a.kill()


def exit_path(how):
    s, a = in_room("leaver" + how[:3], wrap=True)
    a.expect("connected")
    a.type("typed but never sent")
    if how == "quit":
        a.keys("C-u")
        a.line("/quit bye")
    elif how == "ctrl-d":
        a.keys("C-u", "C-d")
    else:
        os.kill(a.pid(), {"term": signal.SIGTERM, "hup": signal.SIGHUP}[how])
    rc, stty = a.exit_report()
    check(rc == 0, "exit status %d after %s" % (rc, how))
    check(sane(stty), "terminal not restored after %s:\n%s" % (how, stty))
    a.kill()


def test_exit_by_quit():
    exit_path("quit")


def test_exit_by_ctrl_d():
    exit_path("ctrl-d")


def test_exit_by_sigterm():
    exit_path("term")


def test_exit_by_sighup():
    exit_path("hup")


def offline_env():
    """Settings that keep lanchat with no address from looking for rooms:
    tests broadcast only inside namespaces of their own (test_find.py)."""
    d = os.path.join(HOME, "offline-config")
    os.makedirs(os.path.join(d, "lanchat"), exist_ok=True)
    with open(os.path.join(d, "lanchat", "config"), "w") as f:
        f.write("discover = no\n")
    return {"XDG_CONFIG_HOME": d}


def test_exit_when_offline():
    a = Pane([], wrap=True, env=offline_env())
    a.expect("/connect HOST")
    a.line("/quit")
    rc, stty = a.exit_report()
    check(rc == 0 and sane(stty), "offline quit: %d" % rc)
    a.kill()


def test_exit_status_after_a_failed_connect():
    # Leaving while the last try to join failed says so in the status.
    s = server()
    port = addr(s).rsplit(":", 1)[1]
    s.stop()
    a = Pane(["-n", "failer", "127.0.0.1:" + port], wrap=True)
    a.expect("cannot connect")
    a.line("/quit")
    rc, stty = a.exit_report()
    check(rc == 1 and sane(stty), "quit after a failed connect: %d" % rc)
    a.kill()


def test_no_room_explains_itself():
    a = Pane([], env=offline_env())
    scr = a.expect("not in a room yet")
    check("/connect HOST" in scr and "/host" in scr, "no explanation:\n" + scr)
    check("offline" in a.status(), "status %r" % a.status())
    a.line("hello?")
    a.expect("not in a room: /connect HOST[:PORT] joins one")
    s = server()
    a.line("/connect " + addr(s))
    a.expect("connected")
    a.kill()


def test_hosted_room_errors_shown():
    # Out of descriptors, the hosted room says so in the transcript (its
    # log would otherwise be silent, or tear the screen).
    a = Pane(["--host", "-p", "0", "-n", "busy"], max_fds=24)
    scr = a.expect("hosting a room on port")
    port = int(re.search(r"port (\d+)", scr).group(1))
    a.expect("connected")
    socks = []
    try:
        # from several loopback addresses: one alone meets its
        # per-address limit long before the descriptors run out
        for i in range(40):
            socks.append(socket.create_connection(
                ("127.0.0.1", port), WAIT, ("127.0.0.%d" % (10 + i // 5), 0)))
        scr = a.expect("hosted room: accept: Too many open files")
        check(a.status().startswith(" busy"), "status bar moved: %r" % a.status())
    finally:
        for s in socks:
            s.close()
    a.line("still here")
    a.expect("<busy> still here")
    a.kill()


def test_not_a_lanchat_room():
    # An ssh server on the port: said plainly, made safe, and not retried.
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(4)
    sock.settimeout(WAIT)
    accepted = []

    def run():
        try:
            while True:
                c, _ = sock.accept()
                accepted.append(c)
                c.sendall(b"SSH-2.0-OpenSSH_9.2p1 \x1b]0;PWNED\x07\r\n")
        except OSError:
            pass
    threading.Thread(target=run, daemon=True).start()
    a = Pane(["-n", "wanderer", "127.0.0.1:%d" % sock.getsockname()[1]])
    title = a.title()
    scr = a.expect("check the address")
    check("is not a lanchat room" in scr and "SSH-2.0-OpenSSH_9.2p1" in scr,
          "no explanation:\n" + scr)
    check("PWNED" not in a.title() and a.title() == title,
          "title changed to %r" % a.title())
    check("offline" in a.status(), "status %r" % a.status())
    a.kill()
    sock.close()
    check(len(accepted) == 1, "connected %d times" % len(accepted))
    for c in accepted:
        c.close()


def test_host_mode():
    a = Pane(["--host", "-p", "0", "-n", "hostess"])
    scr = a.expect("hosting a room on port")
    port = int(re.search(r"port (\d+)", scr).group(1))
    a.expect("connected")

    class Hosted:
        host = "127.0.0.1"
    Hosted.port = port
    g = Line(Hosted)
    g.joined()
    g.say("hi hostess")
    a.expect("hi hostess")
    a.line("welcome in")
    g.expect("<hostess> welcome in")
    a.kill()
    g.wait_closed()


def test_mention_highlight_and_config():
    s = server()
    conf = os.path.join(HOME, "config", "lanchat")
    os.makedirs(conf, exist_ok=True)
    with open(os.path.join(conf, "config"), "w") as f:
        f.write("# test settings\nnick = fromconf\ntimestamps = no\n"
                "bogus = 1\nserver = %s\n" % addr(s))
    try:
        a = Pane([], cols=200)  # the refusal names the file's long path
        scr = a.expect("connected")
        check("fromconf" in a.status(), "nick from the file: %r" % a.status())
        check("unknown setting 'bogus'" in scr, "bad line not reported")
        f = Framed(s, "caller")
        f.put("SAY", "hey FROMCONF look")
        scr = a.expect("hey FROMCONF look")
        row = [r for r in scr.split("\n") if "hey FROMCONF" in r][0]
        check(row.startswith("<caller>"), "timestamps not off: %r" % row)
        colored = tmux("capture-pane", "-p", "-e", "-t", a.name)
        check(re.search(r"\x1b\[[0-9;]*m[^\n]*hey FROMCONF", colored),
              "the mention is not highlighted")
        a.kill()
        b = Pane(["-n", "cmdline"])  # the command line wins
        b.expect("connected")
        check("cmdline" in b.status(), "status %r" % b.status())
        b.kill()
        f.close()
    finally:
        os.remove(os.path.join(conf, "config"))


def test_no_color():
    s, a = in_room("mono", env={"NO_COLOR": "1"})
    f = Framed(s, "painter")
    f.put("SAY", "in black and white")
    a.expect("in black and white")
    colored = tmux("capture-pane", "-p", "-e", "-t", a.name)
    check(not re.search(r"\x1b\[[0-9;]*3[1-7]m", colored) and
          "38;5" not in colored, "colour used despite NO_COLOR")
    f.close()
    a.kill()


def test_burst_does_not_freeze_typing():
    s, a = in_room("steady", cols=80, rows=24)
    f = Framed(s, "burster")
    a.expect("burster")
    n = 5000
    data = b"".join(encode("SAY", "burst line %d" % i) for i in range(n))
    sender = threading.Thread(target=f.send, args=(data,), daemon=True)
    sender.start()
    a.type("typed during the burst")
    a.wait_for(lambda x: x.rstrip().split("\n")[-1] ==
               "> typed during the burst", "the typed text shown")
    a.expect("burst line %d" % (n - 1), timeout=30)
    a.keys("Enter")
    a.expect("<steady> typed during the burst")
    sender.join(WAIT)
    f.close()
    a.kill()


def test_udp_mode_in_status_bar():
    s = server()
    a = Pane(["--udp", "-n", "fast", addr(s)], cols=90)
    a.wait_connected()
    a.expect("UDP mode:")
    a.wait_for(lambda x: "| UDP |" in x, "UDP in the status bar")
    f = Framed(s, "slowpoke")
    f.put("SAY", "to a udp member")
    a.expect("<slowpoke> to a udp member")
    a.line("from a udp member")
    f.expect("CHAT", f1="fast", f2="from a udp member")
    a.keys("F2")
    a.expect("TCP mode:")
    a.wait_for(lambda x: "| TCP |" in x, "TCP in the status bar")
    f.close()
    a.kill()


def test_taken_nick_waits_for_the_user():
    s = server()
    f = Framed(s, "owner")
    a = Pane(["-n", "OWNER", addr(s)])
    a.expect("the nick OWNER is taken")
    a.expect("pick another with /nick NAME, then /connect")
    check("reconnecting" not in a.screen(), "it retried a refused nick")
    a.line("/nick guestowner")
    a.line("/connect " + addr(s))
    a.wait_connected()
    f.expect("JOIN", f1="guestowner")
    f.close()
    a.kill()


def test_monochrome_terminal():
    s, a = in_room("vt", env={"TERM": "vt100"})
    f = Framed(s, "mono2")
    f.put("SAY", "hello vt100 mono2 vt")
    a.expect("hello vt100")
    check(a.status().startswith(" vt | connected"), "status %r" % a.status())
    f.close()
    a.kill()


def test_flooder_beside_the_screen():
    # One member floods as fast as it can: the full-screen client stays in
    # the room, keeps up, and sees the flooder throttled, then cut.
    s = Server("--rate", "5:10", "--flood-timeout", "2")
    _, a = in_room("calm", s)
    flood = Line(s)
    nick = flood.joined()
    flood.sock.setblocking(False)
    end, i = time.monotonic() + 4, 0
    while time.monotonic() < end and not flood.eof:
        try:
            flood.sock.send(b"".join(b"flood line %d\n" % k
                                     for k in range(i, i + 100)))
            i += 100
        except (BlockingIOError, OSError):
            pass
        flood.fill(time.monotonic() + 0.02)
    a.expect("%s left (flooding" % nick)
    f = Framed(s, "afterflood")
    f.put("SAY", "the room is calm again")
    a.expect("the room is calm again")
    check(a.status().startswith(" calm | connected"), "status %r" % a.status())
    check("send queue full" not in a.screen(), "cut as a slow reader")
    a.kill()
    s.stop()


def test_join_line_and_count_from_the_first_frame():
    # A quiet room of three: the status bar counts three at once, and the
    # joining line says who is there.
    s = Server("--name", "Quiet")
    f1 = Framed(s, "alice")
    f2 = Framed(s, "bob")
    _, a = in_room("carol", s)
    scr = a.expect("you are carol in Quiet at")
    check("Quiet " in a.status(), "the room's name: %r" % a.status())
    check("with alice and bob" in scr, "the joining line: %r" % scr)
    check("3 here" in a.status(), "status %r" % a.status())
    f3 = Framed(s, "dave")
    f4 = Framed(s, "erin")
    a.wait_for(lambda x: "5 here" in a.status(), "the count after joins")
    a.kill()  # carol leaves: alice, bob, dave and erin stay
    _, b = in_room("frank", s)
    b.wait_for(lambda x: "with alice, bob and 2 others" in " ".join(x.split()),
               "the joining line naming two and counting the rest")
    check("5 here" in b.status(), "status %r" % b.status())
    b.kill()
    s.stop()


def test_dumb_terminal_refused_plainly():
    for term in ("dumb", "no-such-terminal-xyz"):
        a = Pane(["127.0.0.1:1"], env={"TERM": term}, wrap=True)
        rc, _ = a.exit_report()
        scr = a.screen()
        check(rc == 2, "TERM=%s: exit %d" % (term, rc))
        check("lanchat --batch" in scr.replace("\n", ""),
              "TERM=%s: %r" % (term, scr))
        a.kill()


def test_hosting_on_a_busy_port():
    s = Server()
    a = Pane(["--host", "-p", str(s.port), "-n", "busyhost"])
    a.expect("port %d is taken" % s.port)
    # The sentence wraps: wait for all of it (under valgrind the screen
    # can be caught between two rows' drawing).
    scr = a.wait_for(lambda x: "-p 0" in " ".join(x.split()), "the way out")
    flat = " ".join(scr.split())
    check("lanchat localhost:%d" % s.port in flat and "-p 0" in flat,
          "no way out offered: %r" % flat)
    a.line("/host 0")
    a.expect("hosting a room on port")
    a.wait_connected()
    a.kill()
    s.stop()


def test_input_line_whole_after_growing():
    s, a = in_room("grower", cols=80, rows=12)
    a.type("the quick brown fox jumps over the lazy dog")
    a.resize(20, 12)
    a.wait_for(lambda x: x.rstrip("\n").split("\n")[-1].endswith("lazy dog"),
               "the tail at 20 columns")
    a.resize(80, 12)
    a.wait_for(lambda x: "> the quick brown fox jumps over the lazy dog"
               in x, "the whole line, prompt first, at 80 columns")
    a.kill()


if __name__ == "__main__":
    if not have_tmux():
        print("1..0 # SKIP tmux is not installed")
    else:
        main([v for k, v in globals().items() if k.startswith("test_")])
