"""Driving the real full-screen lanchat in tmux: a private tmux server per
test file, panes of fixed size, keys by send-keys, screens by capture-pane.
Every wait has a deadline; the tmux server is ours and is killed at exit."""
import atexit
import os
import shutil
import subprocess
import time

from harness import LANCHAT, WAIT, WRAP, Fail, scratch

SOCK = "lanchat-test-%d" % os.getpid()
HOME = scratch("ui")


def have_tmux():
    return shutil.which("tmux") is not None


def tmux(*args, check=True):
    p = subprocess.run(["tmux", "-L", SOCK, "-f", "/dev/null"] + list(args),
                       capture_output=True, timeout=WAIT)
    if check and p.returncode != 0:
        raise Fail("tmux %s: %s" % (" ".join(args), p.stderr.decode()))
    return p.stdout.decode("utf-8", "replace")


def _cleanup():
    subprocess.run(["tmux", "-L", SOCK, "kill-server"], capture_output=True)


atexit.register(_cleanup)

_n = 0
_kept = False


def _keep_server():
    """An idle session keeps our tmux server alive between panes: closing
    the last session would stop it, racing with the next new-session."""
    global _kept
    if not _kept:
        tmux("new-session", "-d", "-s", "keep", "sleep", "3600")
        _kept = True


class Pane:
    """One lanchat (or a shell wrapped around it) in its own tmux session."""

    def __init__(self, args, cols=80, rows=24, wrap=False, env=None,
                 max_fds=None, netns=None):
        global _n
        _keep_server()
        _n += 1
        self.name = "p%d" % _n
        self.done = os.path.join(HOME, self.name + ".done")
        self.pidfile = os.path.join(HOME, self.name + ".pid")
        e = {"HOME": HOME, "XDG_CONFIG_HOME": os.path.join(HOME, "config"),
             "XDG_STATE_HOME": os.path.join(HOME, "state"),
             "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "screen-256color"}
        e.update(env or {})
        # A script of its own records lanchat's PID and execs it; when
        # wrapped, the shell around it then reports the exit status and the
        # terminal modes lanchat left behind.
        run = os.path.join(HOME, self.name + ".sh")
        with open(run, "w") as f:
            f.write("echo $$ > %s\n" % self.pidfile)
            if max_fds:
                f.write("ulimit -n %d\n" % max_fds)
            # In a namespace, with a private empty /run/dbus: no Avahi
            # of the machine's is reached (netns.unbussed).
            f.write("exec %senv %s %s\n" % (
                "ip netns exec %s unshare --mount --propagation private "
                "sh -c 'mkdir -p /run/dbus && mount -t tmpfs tmpfs "
                "/run/dbus && exec \"$@\"' sh " % netns if netns else "",
                " ".join("%s='%s'" % kv for kv in e.items()),
                " ".join("'%s'" % a for a in WRAP + [LANCHAT] + list(args))))
        script = "sh %s" % run
        if wrap:
            script += ("; rc=$?; stty -a > %s.stty 2>&1; echo $rc > %s; "
                       "sleep 600" % (self.done, self.done))
        tmux("new-session", "-d", "-x", str(cols), "-y", str(rows),
             "-s", self.name, "sh", "-c", script)
        tmux("set-option", "-t", self.name, "set-clipboard", "on")
        tmux("set-option", "-t", self.name, "allow-rename", "on")
        self.wait_for(lambda s: os.path.exists(self.pidfile), "start")

    def pid(self):
        with open(self.pidfile) as f:
            return int(f.read())

    def keys(self, *keys):
        tmux("send-keys", "-t", self.name, *keys)

    def type(self, text):
        tmux("send-keys", "-t", self.name, "-l", text)

    def line(self, text):
        self.type(text)
        self.keys("Enter")

    def screen(self):
        return tmux("capture-pane", "-p", "-t", self.name)

    def rows(self):
        return self.screen().split("\n")

    def wait_for(self, pred, what, timeout=WAIT):
        end = time.monotonic() + timeout
        s = ""
        while time.monotonic() < end:
            s = self.screen() if self.alive() else s
            if pred(s):
                return s
            time.sleep(0.05)
        raise Fail("timed out waiting for %s; screen:\n%s" % (what, s))

    def expect(self, text, timeout=WAIT):
        return self.wait_for(lambda s: text in s, repr(text), timeout)

    def wait_connected(self):
        """Joined: the status bar says so."""
        return self.wait_for(lambda x: "| connected |" in x, "connected")

    def status(self):
        """The status bar: the second row from the bottom."""
        rows = self.screen().rstrip("\n").split("\n")
        return rows[-2] if len(rows) >= 2 else ""

    def resize(self, cols, rows):
        tmux("resize-window", "-t", self.name, "-x", str(cols), "-y", str(rows))

    def title(self):
        return tmux("display-message", "-p", "-t", self.name, "#{pane_title}")

    def alive(self):
        return self.name in tmux("list-sessions", "-F", "#{session_name}",
                                 check=False)

    def exit_report(self, timeout=WAIT):
        """(exit status, stty -a output) once a wrapped lanchat ended."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if os.path.exists(self.done):
                with open(self.done) as f:
                    rc = f.read().strip()
                if rc:
                    with open(self.done + ".stty") as f:
                        return int(rc), f.read()
            time.sleep(0.05)
        raise Fail("lanchat did not exit; screen:\n%s" % self.screen())

    def kill(self):
        tmux("kill-session", "-t", self.name, check=False)


def sane(stty):
    """The terminal is back in cooked mode with echo on."""
    words = stty.replace(";", " ").split()
    return "icanon" in words and "echo" in words and "-icanon" not in words
