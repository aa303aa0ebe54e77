# testsuite/testsuite.mk - included by the top-level Makefile.
check: all
	testsuite/check.sh

check-pass: stap/stap
	testsuite/run-pass-tests.sh

.PHONY: check-pass
