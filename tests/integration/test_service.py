"""lanchatd as a service: its settings file, --check-config, a reload on
SIGHUP that says what changed, logs fit for the journal, and the systemd
unit checked by systemd-analyze where it is installed."""
import os
import re
import shutil
import signal
import socket
import subprocess
import time

from harness import (LANCHATD, Framed, Server, Skip, WAIT, check, main,
                     wait_for, scratch, scratch_file)


def conf(text):
    return scratch_file(text, ".conf", 0o644)


def greeting(s, source=None):
    c = socket.create_connection((s.host, s.port), WAIT,
                                 (source, 0) if source else None)
    c.settimeout(WAIT)
    line = c.recv(300).decode(errors="replace")
    return c, line


def test_settings_file_takes_effect():
    path = conf("name = Kitchen\nper-address = 2\nrate = 3:3\n"
                "join-timeout = 1\nlog = debug\n")
    s = Server("-c", path, limits=())
    c1, g = greeting(s)
    check("Kitchen" in g, "greeting %r" % g)
    c2, _ = greeting(s)
    c3, g3 = greeting(s)
    check("refused: too many connections" in g3 and "(2 at most)" in g3,
          "per-address: %r" % g3)
    for c in (c1, c2, c3):
        c.close()
    # the rate: three at once go through, a fourth waits
    w = Framed(s, "kitchenwatch", source="127.0.0.2")
    a = Framed(s, "kitchenrate", source="127.0.0.3")
    for i in range(4):
        a.put("SAY", "r%d" % i)
    a.expect("NOTICE")  # told it is over the rate
    m = w.expect("CHAT", f2="r3")
    check(w.welcome[3].startswith("Kitchen"), "welcome %r" % (w.welcome,))
    # join-timeout 1: a framed client that says nothing goes
    silent = Framed(s, source="127.0.0.4")
    silent.send(b"\x00")
    end = time.monotonic() + 4
    while not silent.eof and time.monotonic() < end:
        silent.fill(end)
    check(silent.eof, "join-timeout from the file not applied")
    s.stop()
    check("join 127.0.0.3" in s.logtext(), "log = debug: %r" %
          s.logtext()[-300:])
    os.unlink(path)


def test_command_line_wins_over_the_file():
    path = conf("name = FromFile\nper-address = 1\n")
    s = Server("-c", path, "--name", "FromCli", "--per-address", "5",
               limits=())
    socks = [greeting(s) for _ in range(5)]
    check(all("FromCli" in g for _, g in socks), "greetings %r" %
          [g for _, g in socks])
    for c, _ in socks:
        c.close()
    s.stop()
    os.unlink(path)


def test_check_config():
    good = conf("# fine\nname = Office\nrate = 5:10\n")
    out = subprocess.run([LANCHATD, "-c", good, "--check-config"],
                         capture_output=True, timeout=WAIT)
    check(out.returncode == 0 and b"valid" in out.stdout, "good: %r" % (out,))
    bad = conf("name = Office\nrate = fast\nport = 70000\n")
    out = subprocess.run([LANCHATD, "-c", bad, "--check-config"],
                         capture_output=True, timeout=WAIT)
    err = out.stderr.decode()
    check(out.returncode == 1, "bad: exit %d" % out.returncode)
    check("%s:2: bad rate" % bad in err and "%s:3: bad port" % bad in err,
          "bad lines not named: %r" % err)
    # a bad file stops a start too, before anything listens
    out = subprocess.run([LANCHATD, "-c", bad, "-p", "0", "-l", "127.0.0.1"],
                         capture_output=True, timeout=WAIT)
    check(out.returncode == 2 and b"listening" not in out.stdout,
          "started with bad settings: %r" % (out,))
    out = subprocess.run([LANCHATD, "-c", "/nonexistent/x.conf",
                          "--check-config"], capture_output=True, timeout=WAIT)
    check(out.returncode == 1 and b"cannot read" in out.stderr, "%r" % (out,))
    os.unlink(good)
    os.unlink(bad)


def test_sighup_reloads_and_says_what_changed():
    path = conf("name = Before\nper-address = 1\n")
    s = Server("-c", path, limits=())
    c0, g = greeting(s)
    check("Before" in g, g)
    c0.close()
    with open(path, "w") as f:
        f.write("name = After\nper-address = 3\nport = 9\n")
    s.proc.send_signal(signal.SIGHUP)
    wait_for(lambda: "reload: name" in s.logtext(), "a reload log line")
    log = s.logtext()
    check("reload: name Before -> After" in log, log[-500:])
    check("reload: per-address 1 -> 3" in log, log[-500:])
    # the command line's port (-p 0) wins over the file's, on a reload too
    check("reload: port" not in log, "the port changed: %r" % log[-500:])
    c1, g = greeting(s)
    check("After" in g, "greeting after reload %r" % g)
    c2, g2 = greeting(s)
    check("refused" not in g2, "per-address still 1: %r" % g2)
    # a bad file: the settings in use stay, and it says so
    with open(path, "w") as f:
        f.write("rate = nonsense\n")
    s.proc.send_signal(signal.SIGHUP)
    wait_for(lambda: "keeping those in use" in s.logtext(), "a refusal")
    c1.close()
    c2.close()
    c3, g3 = greeting(s, "127.0.0.7")
    check("After" in g3, "settings lost on a bad reload: %r" % g3)
    check(s.stop() == 0, "exit status")
    os.unlink(path)


def test_logs_fit_the_journal():
    # systemd names the stream it gave as stderr in JOURNAL_STREAM; then
    # the journal adds the time, and levels are "<N>" prefixes.
    r, w = os.pipe()
    st = os.fstat(w)
    env = dict(os.environ, JOURNAL_STREAM="%d:%d" % (st.st_dev, st.st_ino))
    p = subprocess.Popen([LANCHATD, "-p", "0", "-l", "127.0.0.1",
                          "--dns-sd", "no"],
                         stdout=subprocess.PIPE, stderr=w, env=env)
    os.close(w)
    try:
        line = p.stdout.readline().decode()
        check(line.startswith("listening on"), line)
    finally:
        p.send_signal(signal.SIGTERM)
        p.wait(WAIT)
    log = os.read(r, 65536).decode()
    os.close(r)
    lines = [l for l in log.splitlines() if l]
    check(lines and all(re.match(r"<[367]>[a-z]", l) for l in lines),
          "journal lines: %r" % lines)
    check(not re.search(r"\d{4}-\d\d-\d\dT", log), "timestamps: %r" % log)


def test_unit_file_verifies():
    unit = os.environ.get("LANCHAT_UNIT", "")
    if not unit or not os.path.exists(unit):
        raise Skip("no systemd unit was built (configure found no systemd)")
    if shutil.which("systemd-analyze") is None:
        raise Skip("systemd-analyze is not installed")
    d = scratch("unit")
    text = open(unit).read()
    text = re.sub(r"ExecStart=\S+", "ExecStart=" + LANCHATD, text)
    path = os.path.join(d, "lanchatd.service")
    with open(path, "w") as f:
        f.write(text)
    out = subprocess.run(["systemd-analyze", "verify", "--man=no", path],
                         capture_output=True, timeout=60)
    check(out.returncode == 0, "verify: %r" % (out,))
    out = subprocess.run(["systemd-analyze", "security", "--offline=true",
                          path], capture_output=True, timeout=60)
    m = re.search(rb"exposure level for lanchatd.service: ([0-9.]+)",
                  out.stdout + out.stderr)
    check(m and float(m.group(1)) <= 2.0, "exposure: %r" % (out,))
    print("# systemd-analyze security: exposure %s" % m.group(1).decode())
    shutil.rmtree(d)


if __name__ == "__main__":
    main([v for k, v in globals().items() if k.startswith("test_")])
