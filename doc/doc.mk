# doc/doc.mk - man pages, bash completion and stap-prep (included by the
# top-level Makefile).
#
# Hand-written pages live in doc/man/ (NAME.SECTION; error::* and
# warning::* are section 7stap, tapset-level pages 3stap).  The tapset
# reference pages (function::, probe::, macro::, tapset::) are generated
# into doc/gen/ from the doc comments of every tapset file by
# doc/tapset-man.awk, so a tapset added later gets its pages by itself.

TAPSET_SRCS = $(shell find tapsets -name '*.stp' -o -name '*.stpm' | LC_ALL=C sort)
MAN_PAGES   = $(wildcard doc/man/*.[0-9]*)
# The date in the pages' footer: SOURCE_DATE_EPOCH when packaging (for
# reproducible builds), else the build day.
MAN_DATE   := $(shell date -u -d "@$${SOURCE_DATE_EPOCH:-$$(date +%s)}" '+%B %Y')
MAN_VERSION := $(shell sed -n 's/^\#define STAP_VERSION "\(.*\)".*/\1/p' stap/session.h)

all: doc/gen/.stamp

doc/gen/.stamp: doc/tapset-man.awk $(TAPSET_SRCS)
	@rm -rf doc/gen && mkdir -p doc/gen
	@echo "  GEN     doc/gen (tapset reference pages)"
	$(Q)awk -v OUT=doc/gen -v DATE="$(MAN_DATE)" -v VERSION="$(MAN_VERSION)" \
		-f doc/tapset-man.awk $(TAPSET_SRCS) >doc/gen/.pages
	@touch $@

MANDIR  = $(DESTDIR)$(PREFIX)/share/man
BASHCOMPDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions

install: install-doc

# Pages go to man1/man3/man7/man8 by the first digit of their section,
# compressed as Debian policy and man-db expect.
install-doc: doc/gen/.stamp
	for f in $(MAN_PAGES) doc/gen/*.3stap; do \
		b=$${f##*/}; s=$${b##*.}; d=$(MANDIR)/man$$(echo $$s | cut -c1); \
		install -d "$$d" && install -m 644 "$$f" "$$d/$$b" && \
		gzip -9nf "$$d/$$b"; \
	done
	install -d $(BASHCOMPDIR) $(BINDIR)
	install -m 644 doc/bash-completion/stap $(BASHCOMPDIR)/stap
	install -m 755 doc/stap-prep $(BINDIR)/stap-prep

doc-clean:
	rm -rf doc/gen

clean: doc-clean

.PHONY: install-doc doc-clean

# ---- packaging ----
# `make deb`: a Debian package (debian/, dh) built from a clean copy of
# the tree in debbuild/, so no build output of this tree leaks in and
# nothing is written outside it; the .deb is copied to the top directory
# and checked with lintian (errors fail the target).
deb:
	rm -rf debbuild && mkdir -p debbuild/stap
	tar --exclude=./debbuild --exclude='./stap_*' --exclude-vcs -cf - . | \
		(cd debbuild/stap && tar xf -)
	$(MAKE) -C debbuild/stap clean >/dev/null
	cd debbuild/stap && dpkg-buildpackage -us -uc -b
	cp debbuild/stap_*.deb .
	lintian --fail-on error --tag-display-limit 0 debbuild/stap_*.changes

.PHONY: deb

# The package on a fresh Debian 12 (debootstrap; root, network, minutes).
deb-install-test: deb
	testsuite/packaging/apt-install.sh

.PHONY: deb-install-test
