#!/bin/sh
# avahi-host.sh NAME DIR CMD...: run under "ip netns exec NS unshare
# --mount --uts --propagation private": this host's own name, /run/dbus
# and /run/avahi-daemon (tmpfs, seen by nothing outside), a system bus and
# an avahi-daemon of its own, then CMD. The daemons' PIDs go to DIR for
# the test to stop them (doc: ../shared/notes/lan-lab.md, "Avahi").
name=$1 dir=$2
shift 2
hostname "$name"
set -e
mkdir -p /run/dbus
mount -t tmpfs tmpfs /run/dbus
mkdir -p /run/avahi-daemon && mount -t tmpfs tmpfs /run/avahi-daemon
dbus-daemon --system --fork --print-pid > "$dir/$name.dbus.pid" --nopidfile
cat > "$dir/$name.avahi.conf" <<CONF
[server]
host-name=$name
use-ipv4=yes
use-ipv6=yes
allow-interfaces=eth0
ratelimit-interval-usec=1000000
ratelimit-burst=1000
[wide-area]
enable-wide-area=no
[publish]
publish-hinfo=no
publish-workstation=no
CONF
avahi-daemon --no-chroot --no-rlimits -f "$dir/$name.avahi.conf" > "$dir/$name.avahi.log" 2>&1 &
echo $! > "$dir/$name.avahi.pid"
set +e
i=0
while [ ! -S /run/avahi-daemon/socket ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
exec "$@"
