# kver.sh - sourced by the test and bench scripts: the kernel to build for.
#
# No release is written into the tree (Debian replaces them); this asks
# stap-vm, which lists the usable cloud kernels with the default first.
#   . "$top/testsuite/kver.sh"; kver=$(kver_default)
#   kver_all: every usable release, one per line.
# $STAP_VM_KERNEL overrides the default.
kver_all() {
	"$top/stap/vm/stap-vm" kernels 2>/dev/null
}
kver_default() {
	if [ -n "${STAP_VM_KERNEL:-}" ]; then
		echo "$STAP_VM_KERNEL"
	else
		kver_all | head -n 1
	fi
}
