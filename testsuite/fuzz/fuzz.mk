# testsuite/fuzz/fuzz.mk - the libFuzzer target (needs clang).
FUZZ_CC     ?= clang
FUZZ_CFLAGS  = -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -Istap
FUZZ_SRCS    = $(filter-out stap/main.c,$(STAP_SRCS)) $(GEN_SRCS) \
	testsuite/fuzz/fuzz_frontend.c

testsuite/fuzz/fuzz_frontend: $(FUZZ_SRCS) $(GEN_HDRS) $(STAP_HDRS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(FUZZ_SRCS) $(STAP_LIBS)

fuzz: testsuite/fuzz/fuzz_frontend

.PHONY: fuzz
