# stap/vm/vm.mk - included by the top-level Makefile.
# stap/vm/stap-vm is the host tool; stap/vm/stapvm-init is the guest's
# PID 1, static so the initramfs needs no shared libraries.
STAPVM_CFLAGS ?= -std=gnu11 -O2 -g -Wall -Wextra -Wshadow \
	-Wmissing-prototypes -Werror

stap/vm/stap-vm: stap/vm/stap-vm.c stap/vm/svm_proto.h stap/kver.c stap/kver.h
	$(CC) $(STAPVM_CFLAGS) -o $@ stap/vm/stap-vm.c stap/kver.c

stap/vm/stapvm-init: stap/vm/stapvm-init.c stap/vm/svm_proto.h
	$(CC) $(STAPVM_CFLAGS) -o $@ stap/vm/stapvm-init.c -static

.PHONY: stapvm stapvm-clean
stapvm: stap/vm/stap-vm stap/vm/stapvm-init staprun/staprun stapio/stapio

stapvm-clean:
	rm -f stap/vm/stap-vm stap/vm/stapvm-init
