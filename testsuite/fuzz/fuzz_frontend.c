/* fuzz_frontend.c - libFuzzer target over the lexer, parser and
 * elaborator, and with FUZZ_PASS3=1 the translation to C (-p3): any input
 * must be parsed, elaborated and translated (or rejected with
 * diagnostics) without crashing, hanging or leaking.
 *
 * Build and run: make fuzz && testsuite/fuzz/fuzz_frontend -max_total_time=600
 * testsuite/fuzz/corpus
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "kver.h"
#include "options.h"
#include "passes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;
static const char *pass3_dir;	/* FUZZ_PASS3: where pass 3 writes its C */

static void fuzz_pass3_cleanup(void)
{
	char cmd[64];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", pass3_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz: could not remove %s\n", pass3_dir);
}

/* -p3: one temporary directory for the whole run, reused per input. */
static const char *fuzz_pass3_dir(void)
{
	static char dir[] = "/tmp/stap-fuzz.XXXXXX";
	static bool tried;

	if (!tried) {
		tried = true;
		if (getenv("FUZZ_PASS3") && mkdtemp(dir)) {
			pass3_dir = dir;
			atexit(fuzz_pass3_cleanup);
		}
	}
	return pass3_dir;
}

static void fuzz_session_init(struct session *s)
{
	static const char *tapsets;
	static char kver[256], kdir[300];

	if (!devnull)
		devnull = fopen("/dev/null", "w");
	if (!tapsets)
		tapsets = getenv("FUZZ_TAPSETS");
	s->arena = arena_new();
	s->names = intern_new(s->arena);
	s->err = devnull;
	s->last_pass = fuzz_pass3_dir() ? 3 : 2;
	s->tmpdir = pass3_dir;
	s->privilege = "stapdev";
	s->arch = "x86_64";
	s->compatible = STAP_COMPAT_VERSION;
	if (!kver[0] && kver_default(kver, sizeof(kver)))
		snprintf(kver, sizeof(kver), "unknown");
	s->kernel_release = kver;
	s->kernel_build_dir = kdir;
	snprintf(kdir, sizeof(kdir), "/lib/modules/%s/build", kver);
	s->tapset_dir = tapsets ? tapsets : "tapsets";
	s->runtime_dir = "runtime";
	strlist_add(s, &s->script_args, "1");
	strlist_add(s, &s->script_args, "arg");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct session s;
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	memset(&s, 0, sizeof(s));
	fuzz_session_init(&s);
	s.script_text = text;
	if (parse_pass(&s) == 0 && diag_errors(&s) == 0 &&
	    elaborate_pass(&s) == 0 && diag_errors(&s) == 0 && pass3_dir)
		emit_pass(&s);
	arena_free(s.arena);
	free(text);
	return 0;
}
