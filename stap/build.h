/* build.h - pass 4 internals shared by build.c (kbuild) and compat.c
 * (kernel feature probes).  main.c only sees build_pass() in passes.h.
 */
#ifndef STAP_BUILD_H
#define STAP_BUILD_H

#include <stdbool.h>

#include "hash.h"
#include "session.h"

/* Run make in the kernel build tree for the external module in dir:
 * targets are make goals ("modules", "foo.o"); keep_going adds -k and
 * hides the output in dir/log (compat probes fail by design).  Returns
 * make's exit status, or -1 if it could not run (reported). */
int build_make(struct session *s, const char *dir, const char **targets,
	       int ntargets, bool keep_going);

/* build_tree.c: 0 when the kernel build tree has what kbuild needs, else
 * -1 after naming each missing file or tool and its Debian package. */
int build_tree_check(struct session *s);
/* The same for the tools kbuild runs (the kernel's compiler, make); only
 * needed when something is compiled. */
int build_tools_check(struct session *s);

/* Kernel feature probes: the key identifying the target kernel, compiler
 * and probe sources; 0, or -1 with a message if the kernel tree is
 * unusable. */
int compat_key(struct session *s, char key[HASH_HEX_LEN + 1]);
/* Put stapconf.h (for that key) into dir, from the cache or by compiling
 * every probe under runtime/compat/probes.  0 or -1 with a message. */
int compat_header(struct session *s, const char *key, const char *dir);

/* build_replay.c: build module name from base.c in s->tmpdir by running
 * kbuild's recorded commands (defs: the quoted -D words).  0 when the .ko
 * was made; -1 means "use kbuild" (never reported: it is only a shortcut). */
int replay_build(struct session *s, const char *conf_key, const char *name,
		 const char *base, const char *defs);

#endif
