#!/usr/bin/env python3
"""Private rooms (doc/security.md): a room secret, end-to-end encrypted
chat, no one else can join, read or forge. Everything is watched through
a relay this test owns on loopback (TCP and UDP on one port), which also
plays the attacker: it replays, alters and re-addresses what it saw."""
import hashlib
import hmac
import os
import re
import struct
import subprocess
import time

import harness
from harness import (LANCHATD, Batch, Fail, Framed, Line, Server, Skip, WAIT,
                     check, encode, main, wait_for, scratch)
from tmuxpane import Pane, have_tmux

SECRET = "otter-maple-quartz-river-lamp"
_dir = scratch("private")


def secret_file(text=SECRET, mode=0o600, name="secret"):
    path = os.path.join(_dir, name)
    with open(path, "w") as f:
        f.write(text + "\n")
    os.chmod(path, mode)
    return path


def private_server(*args, limits=harness.UNLIMITED):
    return Server("--secret-file", secret_file(), *args, limits=limits)


def member(srv_or_relay, nick, *args, secret=SECRET):
    env = dict(os.environ, LANCHAT_SECRET=secret)
    b = Batch("--secret", "-n", nick, *args, "%s:%d" % (
        srv_or_relay.host, srv_or_relay.port), env=env)
    b.expect(r"^-!- welcome, %s" % nick)
    return b


def expect_all(who, patterns):
    """Reads lines until each pattern has matched one, in any order (a
    member's lines travel by TCP and UDP at once)."""
    left, seen = list(patterns), []
    while left:
        try:
            line = who.line()
        except Fail as e:
            raise Fail("never saw %r; saw %r (%s)" % (left, seen[-8:], e))
        seen.append(line)
        left = [p for p in left if not re.search(p, line)]


def lines_until(who, pattern):
    """Every line who shows up to one matching pattern, that one too."""
    seen = []
    while not seen or not re.search(pattern, seen[-1]):
        seen.append(who.line())
    return seen


def refused(srv, *args, env_secret=None):
    env = dict(os.environ)
    env.pop("LANCHAT_SECRET", None)
    if env_secret is not None:
        env["LANCHAT_SECRET"] = env_secret
    b = Batch("-n", "eve", *args, "%s:%d" % (srv.host, srv.port), env=env)
    return b.finish()


def alice_and_udp_bob(s, r, alice_via_relay=True):
    """alice on TCP, bob in UDP mode through the relay; both in."""
    a = member(r if alice_via_relay else s, "alice")
    b = member(r, "bob", "--udp")
    b.expect(r"UDP mode: your messages travel as datagrams")
    a.expect(r"bob .* joined")
    return a, b


def test_capture_shows_no_text():
    """Two members, one on TCP and one on UDP, chat, act and whisper
    through the relay: every line arrives, and no byte of the capture
    holds any of it, nor the secret."""
    s = private_server()
    r = harness.Relay(s)
    try:
        a, b = alice_and_udp_bob(s, r)
        words = ["pelican-sunrise-4711", "marmalade-action-93",
                 "whisper-quartz-20", "udp-zeppelin-88", "udp-walrus-act-5"]
        a.say(words[0])
        a.say("/me " + words[1])
        a.say("/msg bob " + words[2])
        b.say(words[3])
        b.say("/me " + words[4])
        both = [r"^<alice> " + words[0], r"^\* alice " + words[1],
                r"^<bob> " + words[3], r"^\* bob " + words[4]]
        expect_all(a, both)
        expect_all(b, both + [r"^\*alice\* " + words[2]])
        # The topic and an away message are sealed too.
        words += ["topic-lighthouse-61", "away-harbour-17"]
        a.say("/topic " + words[5])
        b.expect(r"alice set the topic: " + words[5])
        a.say("/away " + words[6])
        a.expect(r"you are marked away")
        b.say("/msg alice are you there")
        b.expect(r"alice is away: " + words[6])
        # Switching transports keeps everything sealed.
        words += ["switched-tcp-narwhal", "switched-udp-okapi"]
        b.say("/mode tcp")
        b.expect(r"TCP mode")
        b.say(words[7])
        a.expect(r"^<bob> " + words[7])
        b.say("/mode udp")
        b.expect(r"UDP mode: your messages travel as datagrams")
        b.say(words[8])
        a.expect(r"^<bob> " + words[8])
        wait_for(lambda: any(d == "up" for d, _ in r.dgrams),
                 "bob's datagrams through the relay")
        seen = r.everything()
        check(len(seen) > 1000, "the relay saw the traffic (%d bytes)" %
              len(seen))
        for w in words + [SECRET] + SECRET.split("-"):
            check(w.encode() not in seen, "%r is in the capture" % w)
        ups = [d for dirn, d in r.dgrams if dirn == "up" and d[5] == 0x42]
        check(ups, "bob's chat went as datagrams")
    finally:
        r.close()


def test_wrong_secret_refused():
    s = private_server()
    code, out, err = refused(s, "--secret", env_secret="otter-maple-wrong")
    check(code != 0, "lanchat failed")
    check("wrong room secret" in err, "the sentence: %r" % err)
    check("welcome" not in out, "no welcome: %r" % out)
    check("wrong room secret" in s.logtext(), "the server logged it")


def test_private_room_without_secret():
    s = private_server()
    code, out, err = refused(s)
    check(code != 0, "lanchat failed")
    check(re.search(r"is private .*join with lanchat --secret 127\.0\.0\.1:"
                    r"%d" % s.port, err), "how to join: %r" % err)


def test_open_room_refused_with_secret():
    """A secret was given, and the room does not ask for it: someone may
    be posing as the room. Nothing typed is sent."""
    s = Server()
    env = dict(os.environ, LANCHAT_SECRET=SECRET)
    b = Batch("--secret", "-n", "carol", "%s:%d" % (s.host, s.port), env=env)
    b.say("nothing-for-an-open-room")
    code, out, err = b.finish()
    check(code != 0 and "is not private, but you gave a secret" in err,
          "refused: %r" % err)
    check("nothing-for-an-open-room" not in s.logtext(), "nothing sent")


def test_nc_refused():
    s = private_server()
    c = Line(s)
    line = c.line()
    check(re.search(r"private.*nc and telnet cannot join.*lanchat "
                    r"--secret", line), "one line saying why: %r" % line)
    c.wait_closed()


def key_line(name="office"):
    out = subprocess.run([LANCHATD, "--secret-file", secret_file(),
                          "--name", name, "--print-admission-key"],
                         capture_output=True, text=True, timeout=WAIT)
    check(out.returncode == 0, "printed: %r" % out.stderr)
    m = re.fullmatch(r"lanchat-admission/1 ([0-9a-f]{32}) ([0-9a-f]{64})\n",
                     out.stdout)
    check(m, "a key line: %r" % out.stdout)
    return out.stdout, bytes.fromhex(m.group(1)), bytes.fromhex(m.group(2))


def proof(admit, chal, nick):
    """HMAC-SHA-512-256 (crypto_auth) over the tag, challenge and nick, as
    doc/security.md gives it: a second implementation of the proof."""
    msg = b"lanchat-admit-1\0" + chal + bytes([len(nick)]) + nick.encode()
    return hmac.new(admit, msg, hashlib.sha512).digest()[:32]


def test_no_way_in_without_the_secret():
    """The server holds only an admission key. A raw client is asked to
    prove the secret; nothing but the proof gets it in, and a proof made
    from the key by another implementation does."""
    line, salt, admit = key_line()
    s = Server("--admission-key-file", secret_file(line.strip(), name="key"))
    check(SECRET not in " ".join(s.proc.args), "no passphrase given")
    alice = member(s, "alice")
    c = Framed(s)
    c.put("HELLO", "mallory")
    m = c.expect("CHALLENGE")
    check(m[1] == salt and len(m[2]) == 32, "salt and challenge: %r" % (m,))
    c.put("SAY", "injected-before-proof")
    c.expect("ERROR", f1=9)
    c.put("PROOF", b"\0" * 32)
    e = c.expect("ERROR", f1=16)
    check(e[2] == "wrong room secret", "the sentence: %r" % (e,))
    c.wait_closed()
    # The right proof, for the nick said hello as.
    d = Framed(s)
    d.put("HELLO", "dave")
    chal = d.expect("CHALLENGE")[2]
    d.put("PROOF", proof(admit, chal, "dave"))
    d.expect("WELCOME", f1="dave")
    # Proof for another nick than the hello's does not count.
    f = Framed(s)
    f.put("HELLO", "frank")
    chal = f.expect("CHALLENGE")[2]
    f.put("PROOF", proof(admit, chal, "dave"))
    f.expect("ERROR", f1=16)
    alice.say("still-here")
    alice.expect(r"^<alice> still-here")
    check("injected" not in alice.out.decode(), "nothing injected")


def test_replays_not_shown():
    """The relay, in the server's place, replays a sealed line to bob,
    alters one, and stamps one with another sender: bob shows each line
    once and says what it refused."""
    s = private_server()
    r = harness.Relay(s)
    try:
        a = member(s, "alice")
        b = member(r, "bob")
        a.expect(r"bob .* joined")
        a.say("replay-me-once")
        b.expect(r"^<alice> replay-me-once")
        chats = [f for f in r.frames[0] if f[5] == 0x21]
        check(chats, "bob's stream held the sealed chat")
        frame = chats[-1]
        r.inject(0, frame)
        seen = lines_until(b, r"a message from alice was a replay of one "
                           r"seen already")
        bad = bytearray(frame)
        bad[-3] ^= 0x40
        r.inject(0, bytes(bad))
        seen += lines_until(b, r"a message from alice could not be "
                            r"authenticated")
        # The same box said to come from carol: chat frame, from "alice",
        # then the box's length and the box.
        box = frame[4 + 2 + 2 + 5 + 2:]
        r.inject(0, encode("CHAT", "carol", box))
        seen += lines_until(b, r"a message from carol could not be "
                            r"authenticated")
        a.say("after-the-attacks")
        seen += lines_until(b, r"^<alice> after-the-attacks")
        check(not any("replay-me-once" in x for x in seen),
              "shown once: %r" % seen)
    finally:
        r.close()


def test_udp_replay_not_shown():
    """A datagram to bob copied with a later relay number passes the
    server's numbering but not the seal's: bob refuses it."""
    s = private_server()
    r = harness.Relay(s)
    try:
        a, b = alice_and_udp_bob(s, r, alice_via_relay=False)
        a.say("udp-replay-me")
        b.expect(r"^<alice> udp-replay-me")
        downs = [d for dirn, d in r.dgrams if dirn == "down" and d[5] == 0x44]
        check(downs, "the chat came to bob as a datagram")
        d = bytearray(downs[-1])
        seq = struct.unpack_from(">I", d, 6)[0]
        struct.pack_into(">I", d, 6, seq + 1)
        client = next(iter(r.up))
        r.udp.sendto(bytes(d), client)
        b.expect(r"a message from alice was a replay of one seen already")
    finally:
        r.close()


def test_guess_storm_throttled():
    """Wrong proofs from one address use up its guesses (--guess-rate
    3:3, a minute); then it is refused before being asked, while a member
    from another address joins."""
    line, salt, admit = key_line()
    s = Server("--admission-key-file", secret_file(line.strip(), name="key"),
               "--guess-rate", "3:3")
    for i in range(3):
        c = Framed(s, source="127.0.0.2")
        c.put("HELLO", "guess%d" % i)
        c.expect("CHALLENGE")
        c.put("PROOF", os.urandom(32))
        c.expect("ERROR", f1=16, f2="wrong room secret")
        c.wait_closed()
    for i in range(5):
        c = Framed(s, source="127.0.0.2")
        c.put("HELLO", "storm%d" % i)
        e = c.expect("ERROR", f1=16)
        check(re.search(r"too many wrong room secrets from your address; "
                        r"try again in \d+ seconds", e[2]), "throttled: %r" %
              (e,))
        c.wait_closed()
    # Even the right proof waits: the address is not asked at all.
    alice = member(s, "alice")
    alice.say("joined-through-the-storm")
    alice.expect(r"^<alice> joined-through-the-storm")


def test_secret_files_must_be_private():
    path = secret_file(mode=0o644, name="open")
    out = subprocess.run([LANCHATD, "-p", "0", "-l", "127.0.0.1",
                          "--dns-sd", "no", "--secret-file", path],
                         capture_output=True, text=True, timeout=WAIT)
    check(out.returncode != 0 and "chmod 600" in out.stderr,
          "lanchatd refused: %r" % out.stderr)
    s = private_server()
    b = Batch("--secret-file", path, "-n", "x", "%s:%d" % (s.host, s.port))
    code, _, err = b.finish()
    check(code != 0 and "others may read it" in err, "lanchat: %r" % err)
    out = subprocess.run([LANCHATD, "--print-admission-key"],
                         capture_output=True, text=True, timeout=WAIT)
    check(out.returncode != 0 and "needs --secret-file" in out.stderr,
          "a key needs a secret: %r" % out.stderr)


def test_history_is_sealed():
    """A late joiner reads the backlog; the history file and the replay
    hold no plaintext (the server stores what it relayed)."""
    hist = os.path.join(_dir, "history")
    s = private_server("--history-file", hist)
    a = member(s, "alice")
    a.say("kept-sealed-for-later")
    a.expect(r"^<alice> kept-sealed-for-later")
    r = harness.Relay(s)
    try:
        b = member(r, "bob")
        b.expect(r"^history .*<alice> kept-sealed-for-later")
        check(b"kept-sealed" not in r.everything(), "the replay is sealed")
    finally:
        r.close()
    wait_for(lambda: os.path.getsize(hist) > 100, "the history file")
    with open(hist, "rb") as f:
        data = f.read()
    check(b"kept-sealed" not in data, "the file is sealed")


def test_renames_and_reconnects_stay_private():
    """A rename seals under the new nick; a member cut off reconnects
    and gets what it missed, sealed, and what it said
    meanwhile goes out sealed when it is back."""
    s = private_server("--backlog", "20")
    r = harness.Relay(s)
    a = member(s, "alice")
    env = dict(os.environ, LANCHAT_SECRET=SECRET)
    b = Batch("--secret", "--reconnect", "-n", "bob", "%s:%d" % (r.host,
              r.port), env=env)
    b.expect(r"^-!- welcome, bob")
    a.expect(r"bob .* joined")
    a.say("/nick alicia")
    b.expect(r"alice is now known as alicia")
    a.say("renamed-and-sealed")  # typed before the rename came back
    b.expect(r"^<alicia> renamed-and-sealed")
    a.say("/nick bob")  # taken: the old nick stands, nothing is lost
    a.say("kept-through-a-refusal")
    a.expect(r"nick taken|is taken")
    b.expect(r"^<alicia> kept-through-a-refusal")
    r.cut()
    b.expect("trying again")
    a.expect(r"bob left")
    a.say("missed-while-away")
    b.say("said-while-offline")
    b.expect(r"^-!- a private room: what is said here is encrypted")
    b.expect(r"^history .*<alicia> missed-while-away")
    a.expect(r"^<bob> said-while-offline")
    b.expect(r"^<bob> said-while-offline")
    b.finish()
    r.close()


def test_host_makes_a_passphrase():
    """lanchat --host --secret: five words, shown with the command line to
    join; a neighbour with them joins and reads the host."""
    env = dict(os.environ)
    env.pop("LANCHAT_SECRET", None)
    h = Batch("--host", "--secret", "-p", "0", "-n", "hoster", env=env)
    m = re.search(r"private room on port (\d+); its secret is +"
                  r"((?:[a-z]+-){4}[a-z]+)$", h.expect(r"its secret is"))
    check(m, "the secret shown")
    port, words = int(m.group(1)), m.group(2)
    h.expect(r"join with:")
    h.expect(r"lanchat --secret .*:%d" % port)
    h.expect(r"^-!- welcome, hoster")
    srv = type("Addr", (), {"host": "127.0.0.1", "port": port})
    n = member(srv, "neighbour", secret=words)
    h.say("from-the-host")
    n.expect(r"^<hoster> from-the-host")


def need_tmux():
    if not have_tmux():
        raise Skip("tmux is not installed")


def test_screen_asks_without_echo_and_shows_the_lock():
    """The full-screen client asks for the passphrase on the terminal with
    echo off, then says the room is private: in the status bar, the
    welcome and /names."""
    need_tmux()
    s = private_server()
    p = Pane(["--secret", "-n", "alice", "%s:%d" % (s.host, s.port)],
             cols=100)
    p.expect("room secret:")
    p.type(SECRET)
    time.sleep(0.3)  # what echo there were would show by now
    scr = p.screen()
    check(not any(w in scr for w in SECRET.split("-")),
          "the passphrase echoed:\n" + scr)
    p.keys("Enter")
    p.wait_connected()
    p.expect("a private room: what is said here is encrypted end to end")
    p.wait_for(lambda x: "| private TCP |" in x, "the lock in the status bar")
    b = member(s, "bob")
    b.say("to-the-screen")
    p.expect("<bob> to-the-screen")
    p.line("from-the-screen")
    b.expect(r"^<alice> from-the-screen")
    p.line("/names")
    p.expect("(a private room: end-to-end encrypted)")
    p.kill()


def test_screen_asks_again_for_a_wrong_secret():
    """A wrong secret is said once, and the screen asks for another (not
    shown, not kept in the input history); the right one joins."""
    need_tmux()
    s = private_server()
    p = Pane(["--secret", "-n", "alice", "%s:%d" % (s.host, s.port)],
             env={"LANCHAT_SECRET": "not-the-secret"}, cols=100)
    p.expect("wrong room secret")
    p.expect("room secret (Enter alone gives up):")
    check("offline" in p.status(), "offline, not retrying: %r" % p.status())
    p.line(SECRET)
    p.wait_connected()
    p.wait_for(lambda x: "| private TCP |" in x, "the lock")
    check(not any(w in p.screen() for w in SECRET.split("-")),
          "the secret shown:\n" + p.screen())
    p.keys("Up")  # the secret is not in the input history
    time.sleep(0.2)
    check(SECRET not in p.screen(), "the secret in the history")
    p.kill()


def test_screen_asks_when_the_room_turns_out_private():
    """Joined without --secret, a private room is said to be private and
    its secret asked for on the spot; nothing typed gives up."""
    need_tmux()
    s = private_server()
    p = Pane(["-n", "bob", "%s:%d" % (s.host, s.port)], cols=100)
    p.expect("is private")
    p.expect("room secret (Enter alone gives up):")
    p.type(SECRET)
    time.sleep(0.2)
    check("otter" not in p.screen(), "echoed:\n" + p.screen())
    p.keys("Enter")
    p.wait_connected()
    p.expect("a private room: what is said here is encrypted end to end")
    p.kill()
    q = Pane(["-n", "carol", "%s:%d" % (s.host, s.port)], cols=100)
    q.expect("room secret (Enter alone gives up):")
    q.keys("Enter")
    q.expect("not joining; /connect tries again")
    q.kill()


def test_screen_host_shows_the_passphrase():
    need_tmux()
    p = Pane(["--host", "--secret", "-p", "0", "-n", "hostess"], cols=120)
    scr = p.expect("its secret is")
    m = re.search(r"port (\d+); its secret is +((?:[a-z]+-){4}[a-z]+)", scr)
    check(m, "the passphrase on screen:\n" + scr)
    p.expect("lanchat --secret")
    p.wait_for(lambda x: "| private TCP |" in x, "the lock")
    srv = type("Addr", (), {"host": "127.0.0.1", "port": int(m.group(1))})
    g = member(srv, "guest", secret=m.group(2))
    p.expect("guest [")
    g.say("hello-hostess")
    p.expect("<guest> hello-hostess")
    p.kill()


if __name__ == "__main__":
    main([test_capture_shows_no_text, test_wrong_secret_refused,
          test_private_room_without_secret, test_open_room_refused_with_secret,
          test_nc_refused, test_no_way_in_without_the_secret,
          test_replays_not_shown, test_udp_replay_not_shown,
          test_guess_storm_throttled, test_secret_files_must_be_private,
          test_history_is_sealed, test_renames_and_reconnects_stay_private,
          test_host_makes_a_passphrase,
          test_screen_asks_without_echo_and_shows_the_lock,
          test_screen_asks_again_for_a_wrong_secret,
          test_screen_asks_when_the_room_turns_out_private,
          test_screen_host_shows_the_passphrase])
