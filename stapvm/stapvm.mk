# stapvm/stapvm.mk - included by the top-level Makefile.
# stapvm/stap-vm is the host tool; stapvm/stapvm-init is the guest's
# PID 1, static so the initramfs needs no shared libraries.
STAPVM_CFLAGS ?= -std=gnu11 -O2 -g -Wall -Wextra -Wshadow \
	-Wmissing-prototypes -Werror

stapvm/stap-vm: stapvm/stap-vm.c stapvm/svm_proto.h
	$(CC) $(STAPVM_CFLAGS) -o $@ stapvm/stap-vm.c

stapvm/stapvm-init: stapvm/stapvm-init.c stapvm/svm_proto.h
	$(CC) $(STAPVM_CFLAGS) -o $@ stapvm/stapvm-init.c -static

.PHONY: stapvm stapvm-clean
stapvm: stapvm/stap-vm stapvm/stapvm-init staprun/staprun stapio/stapio

stapvm-clean:
	rm -f stapvm/stap-vm stapvm/stapvm-init
