# staprun/staprun.mk - included by the top-level Makefile.
# Builds staprun/staprun, statically linked so the test VM's initramfs
# needs no shared libraries.
STAPRUN_CFLAGS ?= -std=gnu11 -O2 -g -Wall -Wextra -Wshadow \
	-Wmissing-prototypes -Werror
STAPRUN_LDFLAGS ?= -static

staprun/staprun: staprun/staprun.c runtime/uapi/stp_proto.h
	$(CC) $(STAPRUN_CFLAGS) -o $@ staprun/staprun.c $(STAPRUN_LDFLAGS)

.PHONY: staprun-clean
staprun-clean:
	rm -f staprun/staprun
