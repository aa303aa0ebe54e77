# testsuite/testsuite.mk - included by the top-level Makefile.
check: all
	testsuite/check.sh

check-pass: stap/stap
	testsuite/run-pass-tests.sh

.PHONY: check-pass

# `make setup`: from a fresh Debian 12 (as root) install what is missing,
# build, and run a seed example in the throwaway VM.
SETUP_EXAMPLE ?= hello.stp
setup:
	.ci/setup-deps.sh
	$(MAKE) all
	stap/stap --remote=vm -T 20 --example $(SETUP_EXAMPLE)

.PHONY: setup

# The black-box corpus: our -p1 must accept every example of Debian's
# systemtap-doc that SystemTap 4.8's -p1 accepts (skips if not installed).
check-corpus: stap/stap
	testsuite/corpus.sh

# Benchmarks print figures; they are not pass/fail tests.
bench: all
	testsuite/bench/pass2.sh
	testsuite/bench/pass4.sh
	testsuite/bench/probe-overhead.sh

# The systemtap-doc corpus at pass 2, ours beside 4.8 (slow: 4.8 takes
# seconds to minutes per script); CORPUS_PASS=4 for pass 4.
CORPUS_PASS ?= 2
bench-corpus: all
	testsuite/bench/corpus.sh -p $(CORPUS_PASS)

.PHONY: check-corpus bench bench-corpus
# The torture suite's figures per kernel (its cases also run in make check
# as testsuite/run/torture.t); `make soak`: its hot-probe cases for 10
# minutes each (not in CI).
torture: all stapvm
	testsuite/torture.sh

soak: all stapvm
	testsuite/torture.sh --soak 600

.PHONY: torture soak
