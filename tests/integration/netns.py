"""Hosts on a private LAN for tests: network namespaces joined by veth
pairs to a bridge in a namespace of their own, addresses that exist only
inside them, no default route. Every namespace is deleted at exit. Needs
root and iproute2; tests that use it skip with the reason otherwise."""
import atexit
import os
import shutil
import subprocess

from harness import Skip

_made = []


def _cleanup():
    for ns in reversed(_made):
        subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)
    _made.clear()


atexit.register(_cleanup)


def need_netns():
    if os.geteuid() != 0:
        raise Skip("network namespaces need root (CI runs as root)")
    if shutil.which("ip") is None:
        raise Skip("iproute2 (ip) is not installed")


def run(*cmd):
    subprocess.run(list(cmd), check=True, stdout=subprocess.DEVNULL)


class Lan:
    """A switch (a bridge in its own namespace) and hosts plugged into it.
    prefix is the /24 the hosts' addresses come from, e.g. "10.77.3"."""

    def __init__(self, prefix):
        need_netns()
        self.tag = "lc%d" % os.getpid()
        self.prefix = prefix
        self.sw = self.tag + "sw" + prefix.rsplit(".", 1)[1]
        self._ns(self.sw)
        run("ip", "-n", self.sw, "link", "add", "br0", "type", "bridge")
        run("ip", "-n", self.sw, "link", "set", "br0", "up")
        self.hosts = {}

    def _ns(self, name):
        subprocess.run(["ip", "netns", "del", name], stderr=subprocess.DEVNULL)
        run("ip", "netns", "add", name)
        _made.append(name)
        run("ip", "-n", name, "link", "set", "lo", "up")

    def host(self, n):
        """Host number n (1..254), its address prefix.n; returns its
        namespace's name."""
        ns = "%sh%s_%d" % (self.tag, self.prefix.rsplit(".", 1)[1], n)
        port = "v%d_%d" % (os.getpid() % 10000, n)
        self._ns(ns)
        run("ip", "link", "add", port, "type", "veth", "peer", "name", "eth0",
            "netns", ns)
        run("ip", "link", "set", port, "netns", self.sw)
        run("ip", "-n", self.sw, "link", "set", port, "master", "br0", "up")
        run("ip", "-n", ns, "addr", "add", "%s.%d/24" % (self.prefix, n),
            "dev", "eth0")
        run("ip", "-n", ns, "link", "set", "eth0", "up")
        self.hosts[n] = (ns, port)
        return ns

    def plug(self, ns, n, ifname):
        """Plugs an existing host ns into this LAN too, as interface
        ifname with address prefix.n: a host with two networks."""
        port = "w%d_%d" % (os.getpid() % 10000, n)
        run("ip", "link", "add", port, "type", "veth", "peer", "name", ifname,
            "netns", ns)
        run("ip", "link", "set", port, "netns", self.sw)
        run("ip", "-n", self.sw, "link", "set", port, "master", "br0", "up")
        run("ip", "-n", ns, "addr", "add", "%s.%d/24" % (self.prefix, n),
            "dev", ifname)
        run("ip", "-n", ns, "link", "set", ifname, "up")
        self.hosts[n] = (ns, port)

    def isolate(self, n):
        """Host n's switch port is isolated, as Wi-Fi client isolation
        keeps devices apart: isolated ports cannot reach one another."""
        run("bridge", "-n", self.sw, "link", "set", "dev", self.hosts[n][1],
            "isolated", "on")

    def addr(self, n):
        return "%s.%d" % (self.prefix, n)

    def blackhole(self, n):
        """Host n vanishes without a FIN or RST: every packet to or from it
        is dropped, as when its cable is pulled."""
        if shutil.which("iptables") is None:
            raise Skip("iptables is not installed")
        ns = self.hosts[n][0]
        run("ip", "netns", "exec", ns, "iptables", "-A", "INPUT", "-j", "DROP")
        run("ip", "netns", "exec", ns, "iptables", "-A", "OUTPUT", "-j", "DROP")


def wait_ipv6(ns, dev="eth0", timeout=10):
    """Waits until ns has a usable IPv6 link-local address on dev (DAD
    takes about two seconds after the link comes up); returns it."""
    import re
    import time
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        out = subprocess.run(["ip", "-n", ns, "-6", "addr", "show", "dev",
                              dev, "scope", "link"], capture_output=True,
                             text=True).stdout
        m = re.search(r"inet6 (fe80::[0-9a-f:]+)/64", out)
        if m and "tentative" not in out:
            return m.group(1)
        time.sleep(0.1)
    raise Skip("no IPv6 link-local address on %s in %s" % (dev, ns))


def unbussed(ns):
    """The command prefix that runs a program inside namespace ns with a
    /run/dbus of its own, empty: it cannot reach the machine's Avahi,
    whose mDNS would go out on the machine's real networks."""
    return inside(ns) + ["unshare", "--mount", "--propagation", "private",
                         "sh", "-c", 'mkdir -p /run/dbus && '
                         'mount -t tmpfs tmpfs /run/dbus && exec "$@"', "sh"]


def inside(ns):
    """The command prefix that runs a program inside namespace ns."""
    return ["ip", "netns", "exec", ns]
