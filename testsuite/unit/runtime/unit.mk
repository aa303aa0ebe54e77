# testsuite/unit/runtime/unit.mk - unit tests of the runtime data services
# (runtime/{alloc,time,string,format,stat,map}.c) compiled in userspace
# against runtime/shim/stp_shim.h; included by the top-level Makefile.
#
#   make unit-runtime      build and run them (ASan/UBSan when available)
#   make unit-runtime-kmod the same services inside the target kernel: build
#                          kmod/stp_rtlib_kmod.ko, run it in the VM on 2 CPUs
#
# Each test binary prints "t_NAME: N passed, M failed". Every test is built
# twice: with the default limits and with small ones, since generated code
# may override MAXSTRINGLEN/MAXMAPENTRIES.

UNIT_RT_DIR   = testsuite/unit/runtime
UNIT_RT_OUT   = $(UNIT_RT_DIR)/bin
UNIT_RT_TESTS = t_format t_string t_stat t_map
UNIT_RT_SAN  ?= $(shell echo 'int main(void){return 0;}' | \
	$(CC) -fsanitize=address,undefined -x c - -o /dev/null 2>/dev/null && \
	echo -fsanitize=address,undefined)
# The runtime is one translation unit of static functions: a test uses only
# some of them, hence -Wno-unused-function.
UNIT_RT_CFLAGS = -std=gnu11 -O1 -g -Wall -Wextra -Wshadow \
	-Wmissing-prototypes -Werror -Wno-unused-function \
	-Iruntime -I$(UNIT_RT_DIR) $(UNIT_RT_SAN)
UNIT_RT_SMALL  = -DMAXSTRINGLEN=64 -DMAXMAPENTRIES=100 -DHIST_ELISION=2
UNIT_RT_DEPS   = $(wildcard runtime/alloc.c runtime/time.c runtime/string.c \
	runtime/format.c runtime/stat.c runtime/map.c runtime/shim/*.h) \
	$(UNIT_RT_DIR)/t_util.h

$(UNIT_RT_OUT)/%: $(UNIT_RT_DIR)/%.c $(UNIT_RT_DEPS)
	@mkdir -p $(UNIT_RT_OUT)
	$(CC) $(UNIT_RT_CFLAGS) -o $@ $<

$(UNIT_RT_OUT)/%-small: $(UNIT_RT_DIR)/%.c $(UNIT_RT_DEPS)
	@mkdir -p $(UNIT_RT_OUT)
	$(CC) $(UNIT_RT_CFLAGS) $(UNIT_RT_SMALL) -o $@ $<

unit-runtime: $(addprefix $(UNIT_RT_OUT)/,$(UNIT_RT_TESTS)) \
	      $(addsuffix -small,$(addprefix $(UNIT_RT_OUT)/,$(UNIT_RT_TESTS)))
	@rc=0; for t in $^; do $$t || rc=1; done; exit $$rc

unit-runtime-kmod: stap/vm/stap-vm stap/vm/stapvm-init staprun/staprun \
		   stapio/stapio
	$(MAKE) -C $(UNIT_RT_DIR)/kmod
	@mkdir -p $(UNIT_RT_OUT)
	stap/vm/stap-vm run --smp 2 --timeout 60 \
		$(UNIT_RT_DIR)/kmod/stp_rtlib_kmod.ko | tee $(UNIT_RT_OUT)/kmod.log
	@grep -q "rtlib-kmod: [0-9]* passed, 0 failed" $(UNIT_RT_OUT)/kmod.log

clean-unit-runtime:
	rm -rf $(UNIT_RT_OUT)
	$(MAKE) -C $(UNIT_RT_DIR)/kmod clean

.PHONY: unit-runtime unit-runtime-kmod clean-unit-runtime
