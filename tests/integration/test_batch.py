"""lanchat --batch end to end: the formats, end of input, and failures."""
import os
import re
import shutil
import socket
import subprocess
import threading

from harness import (need_ipv6, Batch, Framed, LANCHAT, Line, Server, WAIT,
                     check, main, shared_server)

server = shared_server


def addr(s):
    return "%s:%d" % (s.host, s.port)


def test_two_batch_clients_and_nc():
    s = server()
    a = Batch("-n", "alice", addr(s))
    a.expect(r"^-!- welcome, alice: \d+ in the room")
    b = Batch("-n", "bob", addr(s))
    b.expect(r"^-!- welcome, bob")
    a.expect(r"^-!- bob \[127\.0\.0\.1:\d+\] joined$")
    nc = Line(s)
    nc.joined()
    nc.say("/nick carol")
    a.expect(r"^-!- guest\d+ is now known as carol$")
    a.say("hello bob")
    b.expect(r"^<alice> hello bob$")
    nc.expect(r"^<alice> hello bob$")
    a.expect(r"^<alice> hello bob$")  # the sender's own line comes back
    b.say("/me waves")
    a.expect(r"^\* bob waves$")
    nc.say("hi from nc")
    a.expect(r"^<carol> hi from nc$")
    b.expect(r"^<carol> hi from nc$")
    a.say("/msg bob secret")
    b.expect(r"^\*alice\* secret$")
    a.expect(r"^-> \*bob\* secret$")
    b.say("/nick robert")
    a.expect(r"^-!- bob is now known as robert$")
    b.say("/msg alice as robert")
    a.expect(r"^\*robert\* as robert$")
    b.expect(r"^-> \*alice\* as robert$")
    status, out, err = b.finish()
    check(status == 0, "bob exit %d: %s" % (status, err))
    a.expect(r"^-!- robert left \(end of input\)$")
    nc.say("/quit")
    a.expect(r"^-!- carol left")
    status, out, err = a.finish()
    check(status == 0 and err == "", "alice exit %d: %s" % (status, err))


def test_end_of_input_sends_everything():
    s = server()
    watch = Framed(s, "eofwatch")
    p = subprocess.run([LANCHAT, "--batch", "-n", "piper", addr(s)],
                       input=b"".join(b"line %d\n" % i for i in range(200))
                       + b"/me is done\nno newline at end",
                       capture_output=True, timeout=WAIT)
    check(p.returncode == 0, "exit %d: %r" % (p.returncode, p.stderr))
    for i in range(200):
        watch.expect("CHAT", f1="piper", f2="line %d" % i)
    watch.expect("ACTION", f1="piper", f2="is done")
    watch.expect("CHAT", f1="piper", f2="no newline at end")
    m = watch.expect("LEAVE", f1="piper")
    check(m[2] == "end of input", "reason %r" % m[2])
    # its own lines came back to it before it left
    check(b"<piper> line 199" in p.stdout, "own echo missing")
    watch.close()


def test_stdin_from_dev_null():
    s = server()
    with open(os.devnull, "rb") as null:
        p = subprocess.run([LANCHAT, "--batch", "-n", "nully", addr(s)],
                           stdin=null, capture_output=True, timeout=WAIT)
    check(p.returncode == 0, "exit %d: %r" % (p.returncode, p.stderr))
    check(b"welcome, nully" in p.stdout, "output %r" % p.stdout)


def test_ipv6_address():
    need_ipv6()
    s = Server(listen="::1")
    a = Batch("-n", "sixer", "[::1]:%d" % s.port)
    a.expect(r"^-!- welcome, sixer")
    a.say("/names")
    a.expect(r"^-!- names: sixer \[\[::1\]:\d+\]$")
    a.expect(r"^-!- 1 in the room$")
    status, _, err = a.finish()
    check(status == 0, err)
    s.stop()


def test_help_and_unknown_commands():
    s = server()
    a = Batch("-n", "helper", addr(s))
    a.joined()
    a.say("/help")
    a.expect(r"^-!- /msg NICK TEXT")
    a.say("/bogus")
    a.expect(r"^-!- unknown command /bogus; try /help$")
    a.say("/msg")
    a.expect(r"^-!- usage: /msg NICK TEXT")
    a.say("/nick 9x")
    a.expect(r"^-!- a nick cannot start with a digit")
    a.say("/clear")
    a.expect(r"^-!- /clear is not available in batch mode$")
    a.say("/msg nobody hi")
    a.expect(r"^-!- error: no one here is called nobody$")
    a.say("//slash text")
    a.expect(r"^<helper> /slash text$")
    a.say("/quit see you")
    status, _, err = a.finish()
    check(status == 0, err)


def test_control_characters_not_sent():
    s = server()
    a = Batch("-n", "ctrl", addr(s))
    a.joined()
    a.say("bad \x1b[2J escape")
    a.expect(r"^-!- cannot send that: escape character U\+001B")
    a.say("x" * 8193)
    a.expect(r"^-!- message of 8193 bytes is over the limit of 8192")
    status, _, err = a.finish()
    check(status == 0, err)


def test_connection_refused():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]  # bound, not listening: refused
    p = subprocess.run([LANCHAT, "--batch", "-n", "x", "127.0.0.1:%d" % port],
                       stdin=subprocess.DEVNULL, capture_output=True,
                       timeout=WAIT)
    sock.close()
    check(p.returncode == 1, "exit %d" % p.returncode)
    err = p.stderr.decode()
    check(re.fullmatch(r"lanchat: cannot connect to 127\.0\.0\.1 port \d+: "
                       r"Connection refused\n", err), "stderr %r" % err)


def test_unknown_host():
    # In a network namespace of its own with no interfaces up, the name
    # lookup fails at once and nothing leaves this machine.
    if os.geteuid() != 0 or not shutil.which("unshare"):
        print("# skipped: needs root for unshare -n")
        return
    p = subprocess.run(["unshare", "-n", LANCHAT, "--batch", "-n", "x",
                        "no-such-host.invalid"], stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=60)
    if b"unshare failed" in p.stderr:
        print("# skipped: unshare -n is not allowed here")
        return
    check(p.returncode == 1, "exit %d %r" % (p.returncode, p.stderr))
    check(p.stderr.startswith(b"lanchat: cannot find host no-such-host.invalid"),
          "stderr %r" % p.stderr)


def speak_first(data):
    """A one-shot TCP server on loopback that says data to whoever comes
    and keeps the line open until the client goes. Returns its port."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    sock.settimeout(WAIT)

    def run():
        try:
            c, _ = sock.accept()
        except OSError:
            return
        with c:
            c.settimeout(WAIT)
            c.sendall(data)
            try:
                while c.recv(4096):
                    pass
            except OSError:
                pass
        sock.close()
    threading.Thread(target=run, daemon=True).start()
    return sock.getsockname()[1]


def run_batch_against(data):
    port = speak_first(data)
    return subprocess.run([LANCHAT, "--batch", "-n", "x", "127.0.0.1:%d" % port],
                          stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=WAIT)


def test_not_a_lanchat_server():
    # An ssh server speaks first too; lanchat says what it met, made safe.
    p = run_batch_against(b"SSH-2.0-OpenSSH_9.2p1 \x1b]0;PWNED\x07\r\n")
    check(p.returncode == 1, "exit %d" % p.returncode)
    err = p.stderr.decode()
    check(re.fullmatch(r'lanchat: the server at 127\.0\.0\.1:\d+ is not a lanchat room '
                       r'\(it began "SSH-2\.0-OpenSSH_9\.2p1 \ufffd\]0;PWNED\ufffd"\)\n',
                       err), "stderr %r" % err)
    # No line at all within the greeting's length is not a room either.
    p = run_batch_against(b"x" * 300)
    check(p.returncode == 1 and b"is not a lanchat room" in p.stderr,
          "exit %d %r" % (p.returncode, p.stderr))


def test_other_protocol_version():
    p = run_batch_against(b"-!- lanchat/2 room (lanchatd 9.0)\n")
    check(p.returncode == 1, "exit %d" % p.returncode)
    err = p.stderr.decode()
    check("speaks lanchat protocol version 2; this lanchat speaks version 1"
          in err, "stderr %r" % err)


def test_nick_taken():
    s = server()
    a = Framed(s, "holder")
    p = subprocess.run([LANCHAT, "--batch", "-n", "HOLDER", addr(s)],
                       stdin=subprocess.DEVNULL, capture_output=True,
                       timeout=WAIT)
    check(p.returncode == 1, "exit %d" % p.returncode)
    err = p.stderr.decode()
    check(re.fullmatch(r"lanchat: cannot join the room at 127\.0\.0\.1:\d+: "
                       r"the nick HOLDER is taken\n", err), "stderr %r" % err)
    a.close()


def test_server_goes_away():
    s = Server()
    a = Batch("-n", "orphan", addr(s))
    a.joined()
    s.stop()
    a.expect(r"^-!- the server is shutting down$")
    status, _, err = a.finish()
    check(status == 1, "exit %d" % status)
    check("closed the connection" in err, "stderr %r" % err)


def test_host_a_room():
    need_ipv6()
    h = Batch("--host", "-p", "0", "-n", "hoster")
    line = h.expect(r"^-!- hosting a room on port \d+")
    port = int(re.search(r"port (\d+)", line).group(1))
    h.expect(r"^-!- welcome, hoster: 1 in the room")

    class Hosted:
        host, port = "127.0.0.1", 0
    Hosted.port = port
    guest = Line(Hosted)
    guest.expect("welcome, guest")
    guest.say("knock knock")
    h.expect(r"^<guest\d+> knock knock$")
    v6 = Framed(Hosted, "sixguest", host="::1")  # every address is served
    h.say("come in")
    guest.expect(r"^<hoster> come in$")
    v6.expect("CHAT", f1="hoster", f2="come in")
    status, _, err = h.finish()
    check(status == 0, "exit %d %s" % (status, err))
    guest.expect(r"^-!- hoster left \(end of input\)$")
    guest.expect(r"^-!- the server is shutting down$")
    guest.wait_closed()


def test_bad_arguments():
    # (--batch with no address looks for rooms: test_find.py does that,
    # inside a namespace.)
    for args, want in ((["--batch", "one", "two"], b"usage"),
                       (["--batch", "-n", "bad nick", "h"], b"bad nick"),
                       (["--batch", "[::1"], b"missing ']'"),
                       (["--batch", "host:port"], b"bad port")):
        p = subprocess.run([LANCHAT] + args, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=WAIT)
        check(p.returncode == 2 and want in p.stderr,
              "%r: %d %r" % (args, p.returncode, p.stderr))
    p = subprocess.run([LANCHAT, "--version"], capture_output=True,
                       timeout=WAIT)
    check(p.returncode == 0 and p.stdout.startswith(b"lanchat "), "version")


if __name__ == "__main__":
    main([v for k, v in globals().items() if k.startswith("test_")])
