/* options.h - the command line (options.c) and install paths (paths.c). */
#ifndef STAP_OPTIONS_H
#define STAP_OPTIONS_H

#include <stdio.h>

#include "session.h"

/* Parse argv into s; 0 on success, -1 after printing why not. */
int options_parse(struct session *s, int argc, char **argv);
void options_usage(FILE *out);
void options_version(FILE *out);
/* Fill defaults that depend on the machine: kernel release and build
 * tree, tapset/runtime/cache dirs.  0 or -1 with a message. */
int options_finish(struct session *s);
/* --example NAME: the path of the example script, or NULL + message. */
const char *options_example_path(struct session *s, const char *name);
/* Where our own files live: "tapsets", "runtime", "examples", "staprun",
 * "stapio", "stap-vm" — in the build tree or the installed prefix. */
const char *paths_find(struct session *s, const char *what);

#endif
