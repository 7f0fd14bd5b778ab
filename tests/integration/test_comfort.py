"""The full-screen lanchat's comforts, in tmux against real servers:
pastes held for a yes and never run as commands, long pastes sent at the
room's pace, and a server that stays down told once, not every try."""
import os
import re
import socket
import struct
import threading
import time

from harness import (WAIT, Fail, Framed, Line, Server, check, main,
                     wait_for)
from tmuxpane import HOME, Pane, have_tmux, tmux

# Rates lifted: the tests of pacing set their own.
OPEN = ["--per-address", "0", "--connect-rate", "0", "--rate", "0",
        "--byte-rate", "0", "--error-rate", "0"]


def addr(s):
    return "%s:%d" % (s.host, s.port)


def room(*args):
    s = Server(*(args or OPEN), limits=())
    return s, Framed(s, "watcher")


def joined(s, nick, **pane):
    p = Pane(["-n", nick, addr(s)], **pane)
    p.wait_connected()
    return p


def paste(p, text, bracketed=True):
    """What the terminal sends when the user pastes text: between paste
    brackets if lanchat asked for them (and bracketed), else bare."""
    tmux("set-buffer", "-b", "t", text)
    tmux("paste-buffer", "-d", "-b", "t", "-t", p.name,
         *(["-p"] if bracketed else []))


def chats(w, nick, until):
    """The chat lines from nick that w sees, up to and including until."""
    got = []
    while True:
        m = w.expect("CHAT", f1=nick)
        got.append(m[2])
        if m[2] == until:
            return got


def input_row(p):
    return p.screen().rstrip("\n").split("\n")[-1]


def test_pasted_lines_wait_for_enter():
    s, w = room()
    a = joined(s, "paster")
    paste(a, "first line\n/quit is not a command here\nthird line\n")
    a.expect("[paste: 3 lines] Enter sends them as chat, Esc drops them")
    a.line("")  # Enter: the answer
    a.expect("sending 3 pasted lines")
    a.line("and typed after")
    got = chats(w, "paster", "and typed after")
    check(got == ["first line", "/quit is not a command here", "third line",
                  "and typed after"], "the room got %r" % got)
    check(a.alive(), "a pasted /quit was run")
    a.kill()
    s.stop()


def test_esc_drops_a_paste():
    s, w = room()
    a = joined(s, "dropper")
    paste(a, "never\nsent\n")
    a.expect("[paste: 2 lines]")
    a.type("typing is held")  # not into the line while the paste waits
    a.keys("Escape")
    a.expect("the paste was dropped; nothing was sent")
    a.wait_for(lambda x: input_row(a) == ">", "the input line back, empty")
    a.line("only this")
    got = chats(w, "dropper", "only this")
    check(got == ["only this"], "the room got %r" % got)
    a.kill()
    s.stop()


def test_one_pasted_line_is_edited_before_sending():
    s, w = room()
    a = joined(s, "editor")
    paste(a, "/nick pasted-not-run\n")
    a.wait_for(lambda x: input_row(a) == "> /nick pasted-not-run",
               "the pasted line in the input line, unsent")
    a.keys("C-a")
    a.type("/me ")
    a.keys("Right")
    a.keys("Enter")  # "/me /nick..." : an action; the nick never changed
    m = w.expect("ACTION", f1="editor")
    check(m[2] == "/nick pasted-not-run", "action %r" % (m,))
    a.kill()
    s.stop()


def test_a_paste_without_brackets_is_caught_too():
    # A terminal without bracketed paste: several lines in one burst.
    s, w = room()
    a = joined(s, "burster")
    paste(a, "one\ntwo\nthree\nfour\n", bracketed=False)
    a.expect("[paste: 4 lines]")
    # Keys within KEYS_PASTE_GAP_MS (0.1 s) of a bare paste are more of
    # it; a person's answer comes later than that.
    time.sleep(0.3)
    a.keys("Enter")
    got = chats(w, "burster", "four")
    check(got == ["one", "two", "three", "four"], "the room got %r" % got)
    a.kill()
    s.stop()


def test_a_long_paste_goes_out_at_the_room_pace():
    # 30 lines to a room that takes 5 a second and cuts a member held back
    # for 2 s: the client keeps to the rate, shows what is still to send,
    # and every line arrives.
    s, w = room("--per-address", "0", "--connect-rate", "0", "--rate", "5:10",
                "--flood-timeout", "2")
    a = joined(s, "longpaste", cols=100)
    lines = ["pasted %02d" % i for i in range(30)]
    paste(a, "\n".join(lines) + "\n")
    a.expect("[paste: 30 lines, more than a screen]")
    a.keys("Enter")
    a.wait_for(lambda x: "to send" in a.status(), "the count still to send")
    got = chats(w, "longpaste", lines[-1])
    check(got == lines, "the room got %r" % got)
    a.wait_for(lambda x: "to send" not in a.status(), "the count gone")
    check("| connected |" in a.status(), "status %r" % a.status())
    with open(s.log.name) as f:
        check("throttle" not in f.read(), "the server had to hold it back")
    a.kill()
    s.stop()


def test_a_paste_in_udp_mode_keeps_the_pace():
    # Datagrams past the room's rate are dropped by the server: in UDP
    # mode the client holds back what would be, and every line arrives.
    s, w = room("--per-address", "0", "--connect-rate", "0", "--rate", "5:10",
                "--flood-timeout", "2")
    a = Pane(["--udp", "-n", "udppaste", addr(s)], cols=100)
    a.wait_for(lambda x: "| UDP |" in x, "UDP in the status bar")
    lines = ["datagram %02d" % i for i in range(20)]
    paste(a, "\n".join(lines) + "\n")
    a.expect("[paste: 20 lines")
    a.keys("Enter")
    got = chats(w, "udppaste", lines[-1])
    check(got == lines, "the room got %r" % got)
    a.kill()
    s.stop()


def test_a_server_that_stays_down_is_told_once():
    s = Server()
    port = s.port
    a = joined(s, "patient")
    s.stop()
    a.expect("reconnecting in")
    # three tries or more, each failing the same way
    a.wait_for(lambda x: "3 tries" in a.status() or "4 tries" in a.status(),
               "the tries counted in the status bar", timeout=15)
    text = a.screen()
    check(text.count("connection refused") + text.count("Connection refused")
          == 1, "the same failure told more than once:\n%s" % text)
    s2 = Server("-p", str(port))
    a.expect("back in the room after", timeout=40)
    a.wait_connected()
    a.kill()
    s2.stop()


def test_every_failure_says_why():
    # A failed connect, then a room where the nick is taken: the second
    # reason is shown too, not just the hint.
    s = Server()
    f = Framed(s, "bob")
    a = Pane(["-n", "bob", "127.0.0.1:1"], cols=100)
    a.expect("reconnecting in")
    a.line("/connect " + addr(s))
    scr = a.expect("pick another with /nick NAME")
    check("taken" in scr, "no reason for the refusal:\n%s" % scr)
    a.kill()
    f.close()
    s.stop()


def test_alt_enter_sends_the_line():
    # readline's default sends Alt-Enter to vi mode; here it sends.
    s, w = room()
    a = joined(s, "alter")
    a.type("hello")
    a.keys("M-Enter")
    w.expect("CHAT", f1="alter", f2="hello")
    a.type("world")
    a.keys("C-a")  # still emacs keys
    a.type("X")
    a.keys("Enter")
    w.expect("CHAT", f1="alter", f2="Xworld")
    a.kill()
    s.stop()


def test_vi_mode_shown_in_the_prompt():
    rc = os.path.join(HOME, "vi.inputrc")
    with open(rc, "w") as f:
        f.write("set editing-mode vi\nset show-mode-in-prompt on\n"
                "set vi-cmd-mode-string \"\\1\\e[2 q\\2(cmd)\"\n")
    s, w = room()
    a = Pane(["-n", "vier", addr(s)], env={"INPUTRC": rc})
    a.wait_connected()
    a.wait_for(lambda x: input_row(a) == "(ins)>", "(ins) before the prompt")
    a.type("abc")
    a.keys("Escape")
    a.wait_for(lambda x: input_row(a) == "(cmd)> abc",
               "(cmd), its cursor-shape sequence not drawn")
    a.keys("0")  # vi: to the start
    a.type("i")
    a.type("X")
    a.keys("Enter")
    w.expect("CHAT", f1="vier", f2="Xabc")
    a.kill()
    s.stop()


def test_ctrl_and_alt_arrows_move_by_word():
    # With a terminfo that names them, curses decodes these keys; readline
    # must still get them (its defaults move by word).
    s, w = room()
    a = Pane(["-n", "worder", addr(s)], env={"TERM": "tmux-256color"})
    a.wait_connected()
    a.type("one two three")
    a.keys("C-Left")
    a.type("X")
    a.keys("M-Left", "M-Left")
    a.type("Y")
    a.keys("C-Right")
    a.type("Z")
    a.keys("Enter")
    # forward-word stops at the end of a word, as in bash
    w.expect("CHAT", f1="worder", f2="one YtwoZ Xthree")
    a.kill()
    s.stop()


def test_history_saved_as_entered_refusals_not():
    s, w = room()
    a = joined(s, "historian")
    a.line("/frobnicate")  # refused: unknown command
    a.expect("unknown command")
    a.line("worth keeping")
    w.expect("CHAT", f1="historian", f2="worth keeping")
    path = os.path.join(HOME, "state", "lanchat", "history")
    wait_for(lambda: os.path.exists(path) and
             "worth keeping" in open(path).read(), "the line in the file")
    check("/frobnicate" not in open(path).read(), "a refused line was saved")
    a.keys("Up", "Up")  # still there to fix, in this session
    a.wait_for(lambda x: input_row(a) == "> /frobnicate", "Up brings it")
    a.kill()
    s.stop()


def test_ctrl_r_keeps_the_line_clean():
    s, w = room()
    a = joined(s, "searcher")
    a.line("caf\u00e9 au lait")
    w.expect("CHAT", f1="searcher")
    a.keys("C-r")
    a.type("\u00e9")
    a.expect("Ctrl-R searches with ASCII text only")
    a.type("au")
    a.keys("Enter")
    w.expect("CHAT", f1="searcher", f2="caf\u00e9 au lait")
    a.keys("C-r")
    a.type("\u00e9")
    a.keys("C-g")
    a.wait_for(lambda x: input_row(a) == ">", "an empty, clean line")
    a.kill()
    s.stop()


def frame(t, *fields):
    """A frame of type t; fields as (schema letter, value)."""
    body = bytes([1, t])
    for kind, v in fields:
        if kind == "n":
            body += struct.pack(">I", v)
        else:
            b = v.encode() if isinstance(v, str) else v
            body += struct.pack(">H", len(b)) + b
    return struct.pack(">I", len(body)) + body


class FakeRoom:
    """Just enough of a server, on loopback, to decide which datagrams a
    UDP member gets: the loss a real LAN would cause, made exact."""

    def __init__(self):
        self.tcp = socket.socket()
        self.tcp.bind(("127.0.0.1", 0))
        self.tcp.listen(1)
        self.port = self.tcp.getsockname()[1]
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", self.port))
        self.udp.settimeout(WAIT)
        self.tcp.settimeout(WAIT)

    def serve_until_udp(self, nick, udp=True):
        """Greets, welcomes nick, gives UDP credentials, acknowledges the
        registration; returns the member's UDP address. Without udp,
        returns once the goodbye (quit) came, and closes nothing."""
        self.conn, _ = self.tcp.accept()
        self.conn.settimeout(WAIT)
        self.conn.sendall(b"-!- lanchat/1 room (fake)\n")
        buf = b""
        while True:
            buf += self.conn.recv(4096)
            while len(buf) >= 4 and len(buf) >= 4 + struct.unpack(
                    ">I", buf[:4])[0]:
                n = struct.unpack(">I", buf[:4])[0]
                body, buf = buf[4:4 + n], buf[4 + n:]
                if body[1] == 0x01:  # hello
                    self.conn.sendall(frame(0x20, ("s", nick), ("n", 2),
                                            ("s", "fake")))
                elif body[1] == 0x06:  # who
                    self.conn.sendall(frame(0x28, ("s", nick), ("s", "x")) +
                                      frame(0x28, ("s", "alice"), ("s", "y")) +
                                      frame(0x29, ("n", 2)))
                elif body[1] == 0x07 and not udp:  # quit
                    return None
                elif body[1] == 0x0a:  # udp-req
                    self.conn.sendall(frame(0x2c, ("n", 7), ("s", b"t" * 16)))
                    while True:
                        d, addr = self.udp.recvfrom(2048)
                        if d[5] == 0x40:  # ureg
                            self.udp.sendto(frame(0x41, ("n", 7)), addr)
                            self.addr = addr
                            return addr

    def chat(self, seq, who, text):
        self.udp.sendto(frame(0x44, ("n", seq), ("n", 0), ("s", who),
                              ("s", text)), self.addr)

    def close(self):
        for sock in (getattr(self, "conn", None), self.tcp, self.udp):
            if sock:
                sock.close()


def test_quit_when_the_room_never_closes():
    # A server that takes the goodbye and never closes: lanchat waits a
    # few seconds for it, then closes itself and exits cleanly.
    room = FakeRoom()
    a = Pane(["-n", "leaver", "127.0.0.1:%d" % room.port], wrap=True)
    t = threading.Thread(target=room.serve_until_udp, args=("leaver",),
                         kwargs={"udp": False}, daemon=True)
    t.start()
    a.wait_connected()
    a.line("/quit bye")
    t.join(WAIT)
    check(not t.is_alive(), "the goodbye never came")
    rc, _ = a.exit_report(timeout=10)
    check(rc == 0, "exit %d" % rc)
    room.close()


def test_udp_losses_told_where_they_happened():
    room = FakeRoom()
    a = Pane(["--udp", "-n", "me", "127.0.0.1:%d" % room.port], cols=100)
    room.serve_until_udp("me")
    a.expect("UDP mode: your messages travel as datagrams")
    room.chat(1, "alice", "one")
    room.chat(4, "alice", "four")  # 2 and 3 never come
    room.chat(1, "me", "mine one")
    room.chat(3, "me", "mine three")  # the echo of our 2nd was lost
    a.expect("2 messages from alice were lost here")
    scr = a.expect("the echo to you was lost here")
    rows = [r[6:] for r in scr.split("\n")]
    order = [next(i for i, r in enumerate(rows) if w in r) for w in
             ("<alice> one", "from alice were lost here", "<alice> four",
              "<me> mine one", "echo to you was lost here",
              "<me> mine three")]
    check(order == sorted(order), "the notices out of place:\n%s" % scr)
    check("messages from me" not in scr, "told its own lines were lost")
    a.kill()
    room.close()


def test_the_host_is_asked_before_closing_the_room():
    a = Pane(["--host", "-p", "0", "-n", "hoster"], wrap=True)
    scr = a.expect("hosting a room on port")
    port = int(re.search(r"port (\d+)", scr).group(1))
    a.wait_connected()

    class Hosted:
        host = "127.0.0.1"
    Hosted.port = port
    g = Line(Hosted)
    g.joined()
    a.wait_for(lambda x: "2 here" in a.status(), "the guest counted")
    a.line("/quit")
    a.expect("1 person is in your room; /quit again to close it")
    check(a.alive() and not g.eof, "the room closed without asking")
    a.keys("C-d")  # Ctrl-D asks the same, and this is the second time
    rc, _ = a.exit_report()
    check(rc == 0, "exit %d" % rc)
    g.wait_closed()
    a.kill()


# What the palette may give a nick (palette.c), and never red, yellow or
# cyan: the colours of errors, mentions and notices.
NICK_256 = {33, 40, 129, 99, 34, 163, 64, 61, 141, 169, 105, 70}


def test_nick_colours_from_256_and_readable_times():
    s, w = room()
    a = joined(s, "painter", cols=100)
    f1 = Framed(s, "alice")
    f2 = Framed(s, "zebediah")
    f1.put("SAY", "first")
    f2.put("SAY", "second")
    a.expect("<zebediah> second")
    raw = tmux("capture-pane", "-e", "-p", "-t", a.name)
    got = {}
    for nick in ("alice", "zebediah"):
        m = re.search(r"\x1b\[[0-9;]*38;5;(\d+)[0-9;]*m%s" % nick, raw)
        check(m, "%s not in a 256-colour: %r" % (nick, raw[-600:]))
        got[nick] = int(m.group(1))
        check(got[nick] in NICK_256, "%s in colour %d" % (nick, got[nick]))
    # the time in mid grey, not dark blue
    m = re.search(r"\x1b\[([0-9;]*)m\d\d:\d\d ", raw)
    check(m and "38;5;244" in m.group(1), "timestamp drawn %r" %
          (m and m.group(0)))
    f1.close()
    f2.close()
    a.kill()
    s.stop()


def focus_out(p):
    """The terminal reports losing focus (ESC [ O), and the report has
    been read: keys are read in order, so once a key typed after it
    shows, it was taken, and whatever the room sends next comes while
    the terminal is away. (The room's lines take another path and could
    otherwise overtake it.)"""
    tmux("send-keys", "-t", p.name, "-H", "1b", "5b", "4f")
    tmux("send-keys", "-t", p.name, "-l", "zq")
    p.expect("zq")
    tmux("send-keys", "-t", p.name, "BSpace", "BSpace")
    p.wait_for(lambda x: "zq" not in x, "the typed keys erased")


def test_new_lines_marked_after_looking_away():
    # The terminal reports focus (ESC [ O out, ESC [ I in): what came
    # while it was away is marked when it comes back.
    s, w = room()
    a = joined(s, "dreamer", cols=80, rows=16)
    # (joins are told up to 250 ms late: the room's "before" could
    # otherwise come ahead of dreamer's own join line)
    a.expect("] joined")
    w.put("SAY", "before")
    a.expect("<watcher> before")
    focus_out(a)
    w.put("SAY", "while away")
    w.put("SAY", "and more")
    a.expect("and more")
    check("--- new ---" not in a.screen(), "marked while still away")
    tmux("send-keys", "-t", a.name, "-H", "1b", "5b", "49")  # focus in
    scr = a.expect("--- new ---")
    rows = scr.split("\n")
    at = next(i for i, r in enumerate(rows) if r.startswith("--- new"))
    check("before" in rows[at - 1] and "while away" in rows[at + 1],
          "the mark out of place:\n%s" % scr)
    # away and back again with nothing new: the old mark is gone
    tmux("send-keys", "-t", a.name, "-H", "1b", "5b", "4f")
    a.wait_for(lambda x: "--- new ---" not in x, "the old mark cleared")
    a.kill()
    s.stop()


def wheel(p, up):
    """A wheel notch as xterm reports it (ESC [ M, button 64 or 65)."""
    tmux("send-keys", "-t", p.name, "-H", "1b", "5b", "4d",
         "60" if up else "61", "21", "21")


def test_the_wheel_scrolls_and_never_recalls_history():
    s, w = room()
    a = joined(s, "wheeler", cols=80, rows=12)
    a.line("in the history")
    for i in range(30):
        w.put("SAY", "line %d" % i)
    a.expect("line 29")
    a.type("typed")
    wheel(a, True)
    a.wait_for(lambda x: "line 29" not in x and "scrolled" in a.status(),
               "scrolled back by the wheel")
    check(input_row(a) == "> typed", "the input line changed: %r" %
          input_row(a))
    wheel(a, False)
    a.wait_for(lambda x: "line 29" in x and "scrolled" not in a.status(),
               "back at the bottom")
    check(input_row(a) == "> typed", "history recalled: %r" % input_row(a))
    a.kill()
    s.stop()


def test_notifications_only_when_unfocused_and_asked():
    cfg = os.path.join(HOME, "notify-config")
    os.makedirs(os.path.join(cfg, "lanchat"), exist_ok=True)
    with open(os.path.join(cfg, "lanchat", "config"), "w") as f:
        f.write("notify = osc777\n")
    out = os.path.join(HOME, "notify.out")
    s, w = room()
    a = Pane(["-n", "notified", addr(s)], env={"XDG_CONFIG_HOME": cfg})
    a.wait_connected()
    # everything lanchat writes to the terminal, as the terminal gets it
    tmux("pipe-pane", "-o", "-t", a.name, "cat > %s" % out)
    f = Framed(s, "alice")
    f.put("SAY", "notified: seen while focused")
    a.expect("seen while focused")
    focus_out(a)
    f.put("SAY", "just chatting")
    f.put("SAY", "notified: look; here")  # (escapes never pass lanchatd)
    f.put("TELL", "notified", "a secret")
    a.expect("a secret")

    def sent():
        with open(out, "rb") as fh:
            return fh.read()
    try:
        wait_for(lambda: sent().count(b"\x1b]777;") >= 2, "notifications")
    except Fail:
        raise Fail("two notifications expected; the terminal got %r" %
                   sent()[-600:])
    raw = sent()
    check(b"\x1b]777;notify;lanchat: alice;notified: look; here\x1b\\"
          in raw, "the mention: %r" % raw[-300:])
    check(b"\x1b]777;notify;lanchat: alice;a secret\x1b\\" in raw,
          "the private message")
    check(raw.count(b"\x1b]777;") == 2, "notified for plain chat, or when "
          "focused: %r" % raw)
    a.kill()
    # without the setting: a bell at most, never a notification
    b = joined(s, "quiet")
    tmux("pipe-pane", "-o", "-t", b.name, "cat > %s" % out)
    focus_out(b)
    f.put("SAY", "quiet: hello")
    b.expect("quiet: hello")
    check(b"\x1b]777" not in sent() and b"\x1b]9;" not in sent(),
          "notified without being asked")
    b.kill()
    f.close()
    s.stop()


def test_topic_on_joining_and_in_the_status_bar():
    s, w = room()
    w.put("TOPIC", "release on friday")
    a = joined(s, "topical", cols=120)
    a.expect("topic: release on friday (set by watcher)")
    a.wait_for(lambda x: a.status().rstrip().endswith(
        "| release on friday"), "the topic in the status bar")
    a.line("/topic new plan")
    w.expect("TOPIC_IS", f2="topical", f3="new plan")
    a.expect("topical set the topic: new plan")
    a.wait_for(lambda x: "| new plan" in a.status(), "the new topic shown")
    a.line("/topic")
    a.expect("-!- topic: new plan (set by topical)")
    a.kill()
    s.stop()


def test_ignore_hides_a_member_here_only():
    s, w = room()
    a = joined(s, "calm")
    t = Framed(s, "troll")
    t.put("SAY", "before the ignore")
    a.expect("<troll> before the ignore")
    a.line("/ignore TROLL")
    a.expect("TROLL's lines are hidden here now")
    t.put("SAY", "noise")
    t.put("TELL", "calm", "private noise")
    w.put("SAY", "signal")
    a.expect("<watcher> signal")
    scr = a.screen()
    check("noise" not in scr, "an ignored line shown:\n%s" % scr)
    w.expect("CHAT", f1="troll", f2="noise")  # the room still gets it
    t.put("NICK", "troll2")  # a new nick does not hide it
    a.expect("troll is now known as troll2")
    t.put("SAY", "renamed noise")
    a.line("/ignore")
    a.expect("ignored: troll2")
    check("renamed noise" not in a.screen(), "followed the rename")
    a.line("/unignore troll2")
    t.put("SAY", "heard again")
    a.expect("<troll2> heard again")
    a.kill()
    t.close()
    s.stop()


def test_away_told_to_a_writer():
    s, w = room()
    a = joined(s, "sleeper")
    b = joined(s, "writer")
    a.line("/away back at 2")
    a.expect("you are marked away")
    b.line("/msg sleeper hello?")
    b.expect("sleeper is away: back at 2")
    a.expect("*writer* hello?")
    a.line("/away")
    a.expect("you are back")
    a.kill()
    b.kill()
    s.stop()


def test_urls_underlined_and_listed_to_copy():
    s, w = room()
    a = joined(s, "clicker", cols=60)
    long = "https://example.test/" + "a" * 70
    w.put("SAY", "see https://lanchat.test/docs, and %s too" % long)
    a.expect("lanchat.test/docs")
    raw = tmux("capture-pane", "-e", "-p", "-t", a.name)
    check(re.search(r"\x1b\[[0-9;]*4[0-9;]*mhttps://lanchat\.test/docs"
                    r"\x1b", raw), "not underlined: %r" % raw[-400:])
    check(re.search(r"docs(\x1b\[[0-9;]*m)+, and", raw),
          "the underline ran past the address: %r" % raw[-400:])
    a.line("/url")
    scr = a.expect("newest last:")
    rows = a.wait_for(lambda x: x.count("aaaa") >= 2, "the listing").split(
        "\n")
    at = next(i for i, r in enumerate(rows) if "newest last:" in r)
    check(rows[at + 1] == "https://lanchat.test/docs", "row %r" %
          rows[at + 1])
    # the long one from the first column on every row: copied whole
    check(rows[at + 2] + rows[at + 3].rstrip() == long,
          "rows %r %r" % (rows[at + 2], rows[at + 3]))
    a.kill()
    s.stop()


if __name__ == "__main__":
    if not have_tmux():
        print("1..0 # SKIP tmux is not installed")
    else:
        main([v for k, v in globals().items() if k.startswith("test_")])
