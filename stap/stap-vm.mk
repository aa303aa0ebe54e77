# stap/stap-vm.mk - included by the top-level Makefile.
# The VM runner lives in stapvm/ (host tool stap-vm, guest PID 1
# stapvm-init); stap/stap-vm is a symlink to it so the translator's build-tree
# lookup finds it. stap-vm finds its helpers relative to its real path.
include stapvm/stapvm.mk

stap/stap-vm: stapvm/stap-vm stapvm/stapvm-init staprun/staprun stapio/stapio
	ln -sf ../stapvm/stap-vm $@

.PHONY: stap-vm-clean
stap-vm-clean: stapvm-clean
	rm -f stap/stap-vm
