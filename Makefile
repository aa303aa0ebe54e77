# Makefile - builds stap (the translator), staprun, stapio and the tests.
#
#   make                 build everything in the tree
#   make check           unit, pass, diagnostics and VM run tests
#   make install PREFIX=/usr/local DESTDIR=
#
# Warnings are errors (WERROR=0 relaxes that for local experiments).

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
FLEX    ?= flex
BISON   ?= bison
WERROR  ?= 1
V       ?= 0
ifeq ($(V),0)
Q        = @
CC_MSG   = @echo "  CC      $@";
else
Q        =
CC_MSG   =
endif

OPT      ?= -O2 -g
WARN      = -Wall -Wextra -Wshadow -Wmissing-prototypes
ifeq ($(WERROR),1)
WARN     += -Werror
endif
STAP_CFLAGS = -std=gnu11 $(OPT) $(WARN) -Istap $(CFLAGS)
# flex and bison output: their own code, not ours, gets relaxed warnings.
GEN_CFLAGS  = -std=gnu11 $(OPT) -Wall -Wno-unused-function \
	-Wno-unused-parameter -Wno-sign-compare -Istap $(CFLAGS)
STAP_LIBS   = -ldw -lelf

GEN_SRCS  = stap/lexer.c stap/parser.c
GEN_HDRS  = $(if $(wildcard stap/parser.y),stap/parser.h) \
	    $(if $(wildcard stap/lexer.l),stap/lexer.h)
STAP_SRCS = $(filter-out $(GEN_SRCS) stap/stap-vm%.c, $(wildcard stap/*.c))
STAP_OBJS = $(STAP_SRCS:.c=.o)
GEN_OBJS  = $(if $(wildcard stap/parser.y),stap/parser.o) \
	    $(if $(wildcard stap/lexer.l),stap/lexer.o)

# The syscall.* tapset is generated from its table (tapsets/linux/).
SYSCALL_TAPSET = tapsets/linux/syscalls.stp

all: stap/stap staprun/staprun stapio/stapio stapio/stap-merge stap/stap-vm $(SYSCALL_TAPSET)

$(SYSCALL_TAPSET): tapsets/linux/syscalls.tbl tapsets/linux/syscalls-gen.awk
	$(Q)awk -f tapsets/linux/syscalls-gen.awk $< > $@.tmp && mv $@.tmp $@

stap/stap: $(STAP_OBJS) $(GEN_OBJS)
	$(CC_MSG)$(CC) $(STAP_CFLAGS) -o $@ $^ $(STAP_LIBS) $(LDFLAGS)

stap/parser.c stap/parser.h: stap/parser.y
	$(BISON) -Wall -Werror --defines=stap/parser.h -o stap/parser.c $<

stap/lexer.c stap/lexer.h: stap/lexer.l stap/parser.h
	$(FLEX) --header-file=stap/lexer.h -o stap/lexer.c $<

stap/parser.o stap/lexer.o: %.o: %.c $(GEN_HDRS)
	$(CC_MSG)$(CC) $(GEN_CFLAGS) -c -o $@ $<

# Every translator object depends on the shared headers and catalogue.
STAP_HDRS = $(wildcard stap/*.h stap/*.def)
$(STAP_OBJS): %.o: %.c $(STAP_HDRS) | $(GEN_HDRS)
	$(CC_MSG)$(CC) $(STAP_CFLAGS) -c -o $@ $<

-include staprun/staprun.mk
-include stapio/stapio.mk
-include stap/stap-vm.mk
-include testsuite/unit/runtime/unit.mk
-include testsuite/testsuite.mk
-include testsuite/fuzz/fuzz.mk
-include doc/doc.mk

# ---- install ----
BINDIR     = $(DESTDIR)$(PREFIX)/bin
LIBEXECDIR = $(DESTDIR)$(PREFIX)/libexec/stap
SHAREDIR   = $(DESTDIR)$(PREFIX)/share/stap

install: all
	install -d $(BINDIR) $(LIBEXECDIR) $(SHAREDIR)
	install -m 755 stap/stap staprun/staprun stapio/stap-merge $(BINDIR)/
	install -m 755 stapio/stapio $(LIBEXECDIR)/
	install -m 755 stap/vm/stap-vm stap/vm/stapvm-init $(LIBEXECDIR)/
	for d in runtime tapsets examples; do \
		(cd $$d && find . -type f \( -name '*.c' -o -name '*.h' -o \
		  -name '*.stp' -o -name '*.stpm' -o -name '*.md' -o \
		  -name '*.txt' \) -print) | while read -r f; do \
			m=644; [ "$$(head -c 2 "$$d/$$f")" = '#!' ] && m=755; \
			install -D -m $$m "$$d/$$f" "$(SHAREDIR)/$$d/$$f"; \
		done; \
	done

clean:
	rm -f stap/stap stap/*.o $(GEN_SRCS) $(GEN_HDRS) $(SYSCALL_TAPSET)
	rm -f staprun/staprun stapio/stapio stapio/stap-merge stap/stap-vm stap/vm/stap-vm \
		stap/vm/stapvm-init

.PHONY: all install clean check
.DELETE_ON_ERROR:
