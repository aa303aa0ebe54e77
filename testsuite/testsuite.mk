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
