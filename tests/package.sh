#!/bin/sh
# tests/package.sh SRCDIR: builds the Debian packages from a clean copy of
# SRCDIR (dpkg-buildpackage -us -uc -b; the tests ran already, so nocheck),
# then checks them without installing or starting anything: lintian shows
# no error or warning, the files are where they belong, the settings file
# is a conffile, the system user is made, and the packaged lanchatd and
# unit work from a scratch root. Prints one "ok"/"not ok" line per check
# (TAP) and exits non-zero if any failed.
set -u
src=$(cd "${1:?usage: package.sh SRCDIR}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0
bad=0
t() { # t NAME COMMAND...: one check
	n=$((n + 1))
	name=$1
	shift
	if "$@" >"$work/out" 2>&1; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
		sed 's/^/# /' "$work/out" | tail -20
		bad=$((bad + 1))
	fi
}

mkdir "$work/build"
# the tree as git has it, or as it is (a tarball has no .git)
if [ -d "$src/.git" ]; then
	git -C "$src" archive --format=tar HEAD | tar -x -C "$work/build"
else
	cp -r "$src/." "$work/build/"
fi
build() {
	cd "$work/build" && DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -us -uc -b
}
t "dpkg-buildpackage -us -uc -b" build
debs=$(ls "$work"/*.deb 2>/dev/null | grep -v dbgsym)
t "two packages built" test "$(echo "$debs" | wc -w)" -eq 2
lintian_clean() {
	lintian --fail-on error,warning "$work"/*.changes
}
if command -v lintian >/dev/null; then
	t "lintian: no error or warning" lintian_clean
fi
has() { # has DEB PATH...
	deb=$1
	shift
	dpkg-deb -c "$deb" >"$work/list"
	for p in "$@"; do
		grep -q " \./$p\$" "$work/list" || { echo "no $p in $deb"; return 1; }
	done
}
t "lanchat holds the client" has "$work"/lanchat_*.deb usr/bin/lanchat \
	usr/share/man/man1/lanchat.1.gz usr/share/doc/lanchat/protocol.md.gz
t "lanchatd holds the server, unit and settings" has "$work"/lanchatd_*.deb \
	usr/sbin/lanchatd usr/share/man/man8/lanchatd.8.gz \
	lib/systemd/system/lanchatd.service etc/lanchat/lanchatd.conf \
	usr/share/doc/lanchatd/README.Debian
conffile() {
	dpkg-deb -e "$work"/lanchatd_*.deb "$work/ctl" &&
	grep -qx /etc/lanchat/lanchatd.conf "$work/ctl/conffiles"
}
t "the settings file is a conffile" conffile
sysuser() {
	grep -q "systemd-sysusers" "$work/ctl/postinst" &&
	dpkg-deb --fsys-tarfile "$work"/lanchatd_*.deb |
	    tar -xO ./usr/lib/sysusers.d/lanchatd.conf | grep -q "^u _lanchatd "
}
t "the postinst makes the system user" sysuser
starts() {
	grep -q "deb-systemd-helper" "$work/ctl/postinst"
}
t "the postinst enables the service" starts
mkdir "$work/root"
for d in $debs; do dpkg-deb -x "$d" "$work/root"; done
checkconf() {
	"$work/root/usr/sbin/lanchatd" -c "$work/root/etc/lanchat/lanchatd.conf" \
	    --check-config
}
t "the packaged lanchatd accepts the packaged settings" checkconf
version() {
	"$work/root/usr/bin/lanchat" --version | grep -q "^lanchat "
}
t "the packaged lanchat runs" version
verify() {
	command -v systemd-analyze >/dev/null || { echo "no systemd-analyze"; return 0; }
	sed "s|/usr/sbin/lanchatd|$work/root/usr/sbin/lanchatd|" \
	    "$work/root/lib/systemd/system/lanchatd.service" \
	    >"$work/lanchatd.service" &&
	systemd-analyze verify --man=no "$work/lanchatd.service"
}
t "systemd-analyze verify on the packaged unit" verify
echo "1..$n"
[ "$bad" -eq 0 ]
