#!/bin/sh
# setup-deps.sh - install what building and testing need, from Debian's
# packages.  Idempotent: installs only what is missing.  Run as root.
# Two kernels, each with headers and DWARF (-dbg): Debian's default cloud
# kernel (6.1) and its 6.12 backport; tests run on both.
set -eu
pkgs="build-essential bison flex libdw-dev libelf-dev pkg-config
linux-image-cloud-amd64 linux-headers-cloud-amd64 linux-image-cloud-amd64-dbg
linux-image-6.12-cloud-amd64 linux-headers-6.12-cloud-amd64
linux-image-6.12-cloud-amd64-dbg qemu-system-x86
busybox-static cpio kmod systemtap-doc man-db bash-completion
debhelper lintian"
# The reference SystemTap (black-box comparisons only) when asked for.
[ "${WITH_REFERENCE:-0}" = 1 ] && pkgs="$pkgs systemtap"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "setup-deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing
fi
