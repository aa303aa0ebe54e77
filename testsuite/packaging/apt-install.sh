#!/bin/sh
# apt-install.sh - `make deb-install-test`: the package on a fresh Debian
# 12: debootstrap a minimal bookworm into a scratch directory (or use
# $CHROOT), `apt install ./stap_*.deb` there, run stap, staprun, man,
# an example and a real pass-4 build, then purge the package and check
# that it is gone.  Needs root, debootstrap and the network to Debian's
# mirror; too slow for `make check` (a few minutes, ~90 MB of packages).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
deb=$(ls "$top"/debbuild/stap_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || { echo "no debbuild/stap_*.deb: run make deb first"; exit 1; }
root=${CHROOT:-}
if [ -z "$root" ]; then
	root=$(mktemp -d /tmp/stap-chroot.XXXXXX)
	trap 'umount "$root/proc" 2>/dev/null; rm -rf "$root"' EXIT
	debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian
fi
cp /etc/resolv.conf "$root/etc/" 2>/dev/null || true
mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
cp "$deb" "$root/root/"
inroot() { chroot "$root" sh -c "$1"; }
inroot "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -q /root/${deb##*/}"
inroot 'ls -l /usr/bin/staprun | grep -q "^-rwsr-xr-- 1 root stapusr"'
inroot 'getent group stapusr && getent group stapsys && getent group stapdev'
inroot 'stap -p2 -e "probe begin { exit() }"'
inroot 'stap -p2 --example hello.stp >/dev/null'
inroot 'MANWIDTH=80 man stap | grep -q "compile a SystemTap script"'
inroot 'man -w function::pid error::pass2 stapprobes staprun'
inroot 'kver=$(ls /lib/modules | head -n 1); cd /tmp && stap -r "$kver" -m hello -p4 -e "probe begin { exit() }" && test -s hello.ko'
inroot 'staprun -h | head -n 1'
inroot 'DEBIAN_FRONTEND=noninteractive apt-get purge -y -q stap'
inroot '! test -e /usr/bin/stap && ! dpkg-statoverride --list /usr/bin/staprun'
echo "apt-install: install, run, man pages, pass 4 and purge all worked"
