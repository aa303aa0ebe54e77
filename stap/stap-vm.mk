# stap/stap-vm.mk - included by the top-level Makefile.
# The VM runner lives in stap/vm/ (host tool stap-vm, guest PID 1
# stapvm-init); stap/stap-vm is a symlink to it so the translator's
# build-tree lookup finds it.  stap-vm finds its helpers relative to its
# real path: stapvm-init beside it, staprun/stapio two levels up.
include stap/vm/vm.mk

stap/stap-vm: stap/vm/stap-vm stap/vm/stapvm-init staprun/staprun stapio/stapio
	ln -sf vm/stap-vm $@

.PHONY: stap-vm-clean
stap-vm-clean: stapvm-clean
	rm -f stap/stap-vm
