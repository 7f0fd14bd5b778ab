"""History: what a late joiner is shown, what a reconnecting client is
sent (only what it missed), and the limits of the backlog, against real
servers, in batch mode, as nc, in frames and on the full screen."""
import os
import re
import signal
import subprocess
import threading
import time

from harness import (LANCHATD, WAIT, Batch, Framed, Line, Relay, Server, Skip,
                     check, decode, encode, main, wait_for, scratch)
from tmuxpane import Pane, have_tmux

WHEN = r"\[\d{4}-\d\d-\d\d \d\d:\d\d\]"


def addr(s):
    return "%s:%d" % (s.host, s.port)


def history_of(b, until="history -- end of history --"):
    """The history lines batch client b prints, up to the end marker."""
    got = []
    while True:
        line = b.line()
        if line.startswith("history "):
            got.append(line)
        if line == until:
            return got


def say_all(f, lines):
    """f says each line and sees its echo, so the room has them all."""
    for text in lines:
        f.put("SAY", text)
        f.expect("CHAT", f1=f.welcome[1], f2=text)


def test_late_joiner_sees_chat_actions_renames_not_private():
    s = Server()
    a = Framed(s, "alice")
    b = Framed(s, "bob")
    say_all(a, ["one", "two"])
    b.put("ACT", "waves")
    a.expect("ACTION", f1="bob", f2="waves")
    b.put("TELL", "alice", "psst secret")
    a.expect("PRIVATE", f3="psst secret")
    b.put("NICK", "rob")
    a.expect("RENAME", f2="rob")
    c = Batch("-n", "carl", addr(s))
    got = history_of(c)
    check(re.fullmatch(r"history -- history: 4 messages since \d\d:\d\d --",
                       got[0]), "header %r" % got[0])
    body = [re.sub(WHEN, "[T]", g) for g in got[1:]]
    check(body == ["history [T] <alice> one", "history [T] <alice> two",
                   "history [T] * bob waves",
                   "history [T] -!- bob is now known as rob",
                   "history -- end of history --"], "history %r" % body)
    # Then the room goes on as usual, and nothing is shown twice.
    a.put("SAY", "now")
    c.expect(r"^<alice> now$")
    st, out, err = c.finish()
    check("one" not in out and "secret" not in out, "again: %r" % out)
    s.stop()


def test_nc_gets_history_between_markers():
    s = Server()
    a = Framed(s, "alice")
    say_all(a, ["hello nc"])
    n = Line(s)
    n.joined()
    check(re.fullmatch(r"-- history: 1 message since \d\d:\d\d --",
                       n.expect("^-- history")), "header")
    check(re.fullmatch(r"\[\d\d:\d\d\] <alice> hello nc", n.line()), "line")
    check(n.line() == "-- end of history --", "end marker")
    s.stop()


def test_framed_protocol_stamps_backlog_and_once():
    s = Server("--backlog", "3")
    a = Framed(s, "alice")
    say_all(a, ["m%d" % i for i in range(5)])
    # The ask may come before the welcome: the replay follows it.
    b = Framed(s)
    b.put("HELLO", "bob")
    b.put("HISTORY_REQ", 0, 0)
    b.expect("WELCOME")
    bl = b.expect("BACKLOG")
    check(bl[1] == 3, "the backlog keeps --backlog 3, not %r" % (bl,))
    ids = []
    for want in ("m2", "m3", "m4"):
        h = b.msg()
        check(h[0] == "HISTORY", "got %r" % (h,))
        inner = h[3]
        check(inner[1] == 0x21 and inner.endswith(want.encode()),
              "item %r" % inner)
        check(abs(h[2] - time.time()) < 60, "the time said %r" % h[2])
        ids.append(h[1])
    check(ids == sorted(ids) and len(set(ids)) == 3, "ids %r" % ids)
    # Each chat line is stamped with the next id first.
    a.put("SAY", "next")
    st = b.expect("STAMP")
    check(st[1] == ids[-1] + 1, "stamp %r after %r" % (st, ids))
    m = b.msg()
    check(m[0] == "CHAT" and m[2] == "next", "after the stamp: %r" % (m,))
    # Asking again is refused; the connection stays.
    b.put("HISTORY_REQ", 0, 0)
    e = b.expect("ERROR")
    check("already" in e[2], "error %r" % (e,))
    # After an id of this life of the room: only what followed it.
    c = Framed(s, "carl")
    c.put("HISTORY_REQ", ids[1], bl[2])
    check(c.expect("BACKLOG")[1] == 2, "two after the second")
    check(c.expect("HISTORY")[3].endswith(b"m4"), "m4 first")
    check(c.expect("HISTORY")[3].endswith(b"next"), "then next")
    # An id older than the backlog reaches: a gap is told.
    d = Framed(s, "dora")
    d.put("HISTORY_REQ", 1, bl[2])
    check(d.expect("BACKLOG")[1] == (3 | 0x80000000), "gap flag")
    # Another life of the room (another epoch): everything, with a gap.
    e = Framed(s, "eve")
    e.put("HISTORY_REQ", ids[-1], bl[2] ^ 1)
    check(e.expect("BACKLOG")[1] == (3 | 0x80000000), "other epoch")
    s.stop()


def test_backlog_off_numbers_nothing():
    s = Server("--backlog", "0")
    a = Framed(s, "alice")
    a.put("HISTORY_REQ", 0, 0)
    check(a.expect("BACKLOG")[1] == 0, "an empty backlog")
    a.put("SAY", "unnumbered")
    m = a.msg()
    check(m[0] == "CHAT", "no stamp with the backlog off: %r" % (m,))
    b = Batch("-n", "bob", addr(s))
    b.expect("welcome, bob")
    a.put("SAY", "live")
    b.expect("<alice> live")
    st, out, err = b.finish()
    check("history" not in out, "history shown: %r" % out)
    s.stop()


def test_backlog_age_limit():
    # At the limit: a message older than the age is not shown.
    s = Server("--backlog", "10:1")
    a = Framed(s, "alice")
    say_all(a, ["old news"])
    n = Line(s)
    n.joined()
    n.expect("old news")

    def none_shown():
        x = Line(s)
        x.joined()
        x.say("/names")
        line = x.expect("in the room$|^-- history")
        x.close()
        return not line.startswith("-- history")
    wait_for(none_shown, "the message to age out", timeout=10)
    s.stop()


def test_batch_no_history():
    s = Server()
    a = Framed(s, "alice")
    say_all(a, ["before"])
    b = Batch("--no-history", "-n", "bob", addr(s))
    b.expect("welcome, bob")
    a.put("SAY", "after")
    b.expect("<alice> after")
    st, out, err = b.finish()
    check("before" not in out and "history" not in out, "shown: %r" % out)
    s.stop()


def test_reconnect_gets_only_what_was_missed():
    s = Server("--backlog", "50")
    r = Relay(s)
    a = Framed(s, "alice")
    say_all(a, ["seen 1", "seen 2"])
    b = Batch("--reconnect", "-n", "bob", "%s:%d" % (r.host, r.port))
    history_of(b)
    # Announced, so that its leave is too (a join cut short is silent).
    a.expect("JOIN", f1="bob")
    a.put("SAY", "seen 3")
    b.expect("<alice> seen 3")
    r.cut()
    b.expect("trying again")
    a.expect("LEAVE", f1="bob")
    say_all(a, ["missed 1", "missed 2"])
    got = history_of(b)
    body = [re.sub(WHEN, "[T]", g) for g in got]
    check(body == ["history -- 2 messages while you were away --",
                   "history [T] <alice> missed 1",
                   "history [T] <alice> missed 2",
                   "history -- end of history --"], "history %r" % body)
    a.expect("JOIN", f1="bob")
    a.put("SAY", "live again")
    b.expect("<alice> live again")
    # A longer outage than the backlog holds: said so, then what is kept.
    r.cut()
    a.expect("LEAVE", f1="bob")
    say_all(a, ["gone %d" % i for i in range(55)])
    got = history_of(b)
    check(got[0] == "history -- some messages were lost while you were "
          "away --", "no gap told: %r" % got[:2])
    check(got[1] == "history -- 50 messages while you were away --",
          "count %r" % got[1])
    check(got[2].endswith("<alice> gone 5"), "oldest kept %r" % got[2])
    b.finish()
    r.close()
    s.stop()


def test_a_restarted_room_says_messages_were_lost():
    s = Server()
    port = s.port
    a = Framed(s, "alice")
    say_all(a, ["first life"])
    b = Batch("--reconnect", "-n", "bob", addr(s))
    history_of(b)
    s.stop()
    b.expect("trying again")
    s2 = Server("-p", str(port))
    a2 = Framed(s2, "alice")
    # Whatever the new room said, the earlier life's ids mean nothing
    # there: the client is told it may have missed something.
    say_all(a2, ["second life"])
    got = history_of(b)
    check(got[0].startswith("history -- some messages were lost"),
          "no loss told: %r" % got)
    check(any(g.endswith("<alice> second life") for g in got), "%r" % got)
    b.finish()
    s2.stop()


def test_history_file_keeps_the_room_across_a_crash():
    d = scratch()
    path = os.path.join(d, "history")
    s = Server("--history-file", path)
    port = s.port
    a = Framed(s, "alice")
    say_all(a, ["before the crash 1", "before the crash 2"])
    b = Batch("--reconnect", "-n", "bob", addr(s))
    check(len(history_of(b)) == 4, "two lines and the markers")
    check(os.stat(path).st_mode & 0o777 == 0o600, "mode %o" %
          os.stat(path).st_mode)
    s.stop(signal.SIGKILL)
    b.expect("trying again")
    # A write cut short by the crash: half a record at the end.
    with open(path, "ab") as f:
        f.write(b"\x00\x00\x00\x30\x01\x33\x00")
    s2 = Server("--history-file", path, "-p", str(port))
    a2 = Framed(s2, "alice")
    say_all(a2, ["after the restart"])
    # The ids went on: bob is sent only what it missed, with no loss.
    got = [re.sub(WHEN, "[T]", g) for g in history_of(b)]
    check(got == ["history -- 1 message while you were away --",
                  "history [T] <alice> after the restart",
                  "history -- end of history --"], "history %r" % got)
    # A newcomer sees all three.
    c = Batch("-n", "carl", addr(s2))
    got = history_of(c)
    check(len(got) == 5 and "3 messages" in got[0], "newcomer %r" % got)
    check("cut off 7 bytes at byte" in s2.logtext(), "the torn record not told:\n%s"
          % s2.logtext())
    b.finish()
    c.finish()
    s2.stop()


def replay(s, since=0):
    """The (id, time, message) items a framed member is sent."""
    f = Framed(s, "reader")
    f.put("HISTORY_REQ", since, 0)
    n = f.expect("BACKLOG")[1] & 0x7fffffff
    items = []
    for _ in range(n):
        h = f.expect("HISTORY")
        items.append((h[1], h[2], decode(h[3])))
    f.close()
    return items


def test_kill_9_during_steady_traffic_keeps_every_record():
    d = scratch()
    path = os.path.join(d, "history")
    s = Server("--history-file", path, "--backlog", "100000:0")
    port = s.port
    a = Framed(s, "alice")
    a.sock.settimeout(None)

    def talk():
        try:
            for i in range(5000):
                a.put("SAY", "steady %05d" % i)
        except OSError:
            pass  # the server is gone
    t = threading.Thread(target=talk, daemon=True)
    t.start()
    seen = []
    while len(seen) < 800:
        m = a.msg()
        if m[0] == "CHAT":
            seen.append(m[2])
    s.stop(signal.SIGKILL)  # mid-stream: more were on their way
    s2 = Server("--history-file", path, "--backlog", "100000:0", "-p",
                str(port))
    items = replay(s2)
    texts = [m[2] for _, _, m in items]
    # Every line relayed before the kill was written before it was
    # relayed: all are back, in order, with ids that follow on.
    check(texts[:len(seen)] == seen, "lost: %d seen, %d back" %
          (len(seen), len(texts)))
    ids = [i for i, _, _ in items]
    check(ids == list(range(1, len(ids) + 1)), "ids not 1..n")
    s2.stop()


def test_full_screen_dates_old_history():
    if not have_tmux():
        raise Skip("tmux is not installed")
    d = scratch()
    path = os.path.join(d, "history")
    two_days_ago = int(time.time()) - 2 * 86400
    with open(path, "wb") as f:
        f.write(b"lanchat-history/1 epoch 77\n")
        body = encode("CHAT", "old", "from two days ago")[4:]
        f.write(encode("HISTORY", 1, two_days_ago, body))
        body = encode("CHAT", "new", "from today")[4:]
        # a minute ago, unless that was yesterday (just after midnight)
        midnight = time.mktime(time.localtime()[:3] + (0, 0, 0, 0, 0, -1))
        f.write(encode("HISTORY", 2, int(max(time.time() - 60, midnight)),
                       body))
    s = Server("--history-file", path, "--backlog", "100:0")
    p = Pane(["-n", "pat", addr(s)], cols=100)
    scr = p.expect("end of history")
    day = time.strftime("%m-%d", time.localtime(two_days_ago))
    check(re.search(r"%s \d\d:\d\d <old> from two days ago" % day, scr),
          "no date on the old line:\n%s" % scr)
    check(re.search(r"\n\d\d:\d\d <new> from today", scr),
          "today's line dated:\n%s" % scr)
    check(re.search(r"history: 2 messages since \d{4}-\d\d-\d\d", scr),
          "the header's date:\n%s" % scr)
    p.kill()
    s.stop()


def test_history_file_that_is_not_one_is_left_alone():
    d = scratch()
    path = os.path.join(d, "notes.txt")
    with open(path, "w") as f:
        f.write("precious\n")
    p = subprocess.run([LANCHATD, "-l", "127.0.0.1", "-p", "0",
                        "--history-file", path], capture_output=True,
                       timeout=WAIT)
    check(p.returncode != 0, "started anyway")
    check(b"not a lanchat history file" in p.stderr, "said %r" % p.stderr)
    with open(path) as f:
        check(f.read() == "precious\n", "the file was touched")


def test_history_file_rotates_at_its_cap():
    d = scratch()
    path = os.path.join(d, "history")
    # At the limit: the smallest cap there is.
    s = Server("--history-file", path, "--history-file-max", "65536")
    a = Framed(s, "alice")
    text = "x" * 200
    for i in range(400):
        a.put("SAY", "%03d %s" % (i, text))
    a.expect("CHAT", f2="399 " + text)
    check(os.path.getsize(path) <= 65536, "%d bytes" % os.path.getsize(path))
    check(os.path.getsize(path + ".1") > 60000, "no FILE.1")
    s.stop()
    s2 = Server("--history-file", path)
    c = Batch("-n", "carl", addr(s2))
    got = history_of(c)
    check("100 messages" in got[0], "header %r" % got[0])
    check(got[1].endswith("<alice> 300 " + text), "oldest %r" % got[1][-40:])
    c.finish()
    s2.stop()


def test_log_on_writes_what_is_said_to_a_file():
    if not have_tmux():
        raise Skip("tmux is not installed")
    d = scratch()
    s = Server("--name", "Kitchen")
    a = Framed(s, "alice")
    say_all(a, ["said before the log"])
    p = Pane(["-n", "pat", addr(s)], cols=120, env={"XDG_DATA_HOME": d})
    p.wait_connected()
    p.expect("end of history")
    p.line("/log on")
    p.expect("logging, from the next line")
    a.put("SAY", "logged line")
    p.expect("logged")
    p.line("/log")
    logs = os.path.join(d, "lanchat", "logs")
    path = p.expect("logging to ")
    name = [f for f in os.listdir(logs)]
    check(len(name) == 1 and re.fullmatch(r"Kitchen-\d{4}-\d\d-\d\d\.log",
                                          name[0]), "files %r" % name)
    p.line("/log off")
    p.expect("not logging")
    a.put("SAY", "after the log")
    p.expect("after the log")
    with open(os.path.join(logs, name[0]), "rb") as f:
        text = f.read()
    check(re.search(rb"^\d\d:\d\d:\d\d <alice> logged line$", text, re.M),
          "the line: %r" % text)
    check(b"before" not in text and
          b"after the log" not in text, "logged %r" % text)
    check(os.stat(os.path.join(logs, name[0])).st_mode & 0o777 == 0o600,
          "mode")
    p.kill()
    s.stop()


def test_full_screen_shows_history_dimmed_with_markers():
    if not have_tmux():
        raise Skip("tmux is not installed")
    s = Server()
    a = Framed(s, "alice")
    say_all(a, ["from before you came"])
    p = Pane(["-n", "pat", addr(s)], cols=100)
    p.wait_connected()
    scr = p.expect("end of history")
    check(re.search(r"\d\d:\d\d -- history: 1 message since \d\d:\d\d --",
                    scr), "header:\n%s" % scr)
    check(re.search(r"\d\d:\d\d <alice> from before you came", scr),
          "the line with its time:\n%s" % scr)
    check("-!- --" not in scr, "markers drawn as notices:\n%s" % scr)
    p.kill()
    s.stop()


if __name__ == "__main__":
    main([v for k, v in globals().items() if k.startswith("test_")])
