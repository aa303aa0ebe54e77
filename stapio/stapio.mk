# stapio/stapio.mk - included by the top-level Makefile.
# Builds stapio/stapio, statically linked so the test VM's initramfs
# needs no shared libraries.
STAPIO_CFLAGS ?= -std=gnu11 -O2 -g -Wall -Wextra -Wshadow \
	-Wmissing-prototypes -Werror -pthread
STAPIO_LDFLAGS ?= -static -pthread

stapio/stapio: stapio/stapio.c stapio/sio_out.c stapio/sio_out.h \
		runtime/uapi/stp_proto.h
	$(CC) $(STAPIO_CFLAGS) -o $@ stapio/stapio.c stapio/sio_out.c \
		$(STAPIO_LDFLAGS)

stapio/stap-merge: stapio/stap-merge.c runtime/uapi/stp_proto.h
	$(CC) $(STAPIO_CFLAGS) -o $@ stapio/stap-merge.c

.PHONY: stapio-clean
stapio-clean:
	rm -f stapio/stapio stapio/stap-merge
