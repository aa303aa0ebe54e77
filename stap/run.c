/* run.c - pass 5: hand the module to staprun, here or in a throwaway VM.
 *
 * Locally:      staprun [-o FILE] [-S SIZE[,N]] [-b MB] [-L | -D] [-c CMD]
 *               [-x PID] [-T SEC] MOD.ko [var=val...]
 * (stap -F is staprun -L, or -D with -o: the module keeps running.)
 * --remote=vm:  stap-vm run -k KVER [same staprun arguments]
 *
 * While the child runs, stap ignores SIGINT and SIGTERM's default action
 * so that a Ctrl-C reaches staprun (same process group), which runs the
 * script's end probes; stap then returns the child's exit status.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kernel.h"
#include "diag.h"
#include "options.h"
#include "passes.h"

#define RUN_MAX_ARGS 256

struct argv_builder {
	const char *v[RUN_MAX_ARGS + 1];
	int n;
};

static void argv_add(struct argv_builder *a, const char *s)
{
	if (a->n < RUN_MAX_ARGS)
		a->v[a->n++] = s;
	a->v[a->n] = NULL;
}

/* The staprun options and module arguments common to both targets. */
static void run_staprun_args(struct session *s, struct argv_builder *a)
{
	int i;

	for (i = 1; i < s->verbose[4]; i++)
		argv_add(a, "-v");
	if (s->output_file) {
		argv_add(a, "-o");
		argv_add(a, s->output_file);
	}
	if (s->size_limit) {
		argv_add(a, "-S");
		argv_add(a, s->size_limit);
	}
	if (s->buffer_mb > 0) {
		argv_add(a, "-b");
		argv_add(a, arena_printf(s->arena, "%lld",
					 (long long)s->buffer_mb));
	}
	if (s->flight)
		argv_add(a, s->output_file ? "-D" : "-L");
	if (s->target_cmd) {
		argv_add(a, "-c");
		argv_add(a, s->target_cmd);
	}
	if (s->target_pid) {
		argv_add(a, "-x");
		argv_add(a, arena_printf(s->arena, "%lld",
					 (long long)s->target_pid));
	}
	if (s->timeout_s > 0) {
		argv_add(a, "-T");
		argv_add(a, arena_printf(s->arena, "%lld",
					 (long long)s->timeout_s));
	}
	argv_add(a, s->module_path);
	for (i = 0; i < s->globals_set.n; i++)
		argv_add(a, s->globals_set.v[i]);
}

/* The VM boots without the kernel's modules: it loads the ones module()
 * probes were placed in, before staprun (stap-vm allows 8). */
static void run_vm_modules(struct session *s, struct argv_builder *a)
{
	int i, j, n = 0;

	for (i = 0; i < s->probe_modules.n && n < 8; i++) {
		const char *f = kern_module_target(s, s->probe_modules.v[i]);

		for (j = 0; j < i; j++)
			if (!strcmp(s->probe_modules.v[j], s->probe_modules.v[i]))
				f = NULL;
		if (!f)
			continue;
		argv_add(a, "--insmod");
		argv_add(a, f);
		n++;
	}
}

static void run_build_argv(struct session *s, struct argv_builder *a)
{
	if (s->remote) {
		argv_add(a, paths_find(s, "stap-vm"));
		argv_add(a, "run");
		argv_add(a, "-k");
		argv_add(a, s->kernel_release);
		run_vm_modules(s, a);
	} else {
		argv_add(a, paths_find(s, "staprun"));
	}
	run_staprun_args(s, a);
}

static int run_wait(pid_t pid)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, old_int, old_term;
	int status = 0;

	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGTERM, &ign, &old_term);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

int run_pass(struct session *s)
{
	struct argv_builder a = { .n = 0 };
	pid_t pid;

	if (!s->module_path) {
		diag(s, D_RUN_FAILED, NULL, "no module to run");
		return -1;
	}
	run_build_argv(s, &a);
	if (access(a.v[0], X_OK) < 0) {
		diag(s, D_RUN_FAILED, NULL,
		     arena_printf(s->arena, "cannot run %s: %s", a.v[0],
				  strerror(errno)));
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		diag(s, D_RUN_FAILED, NULL, strerror(errno));
		return -1;
	}
	if (pid == 0) {
		execv(a.v[0], (char *const *)a.v);
		fprintf(stderr, "stap: cannot run %s: %s\n", a.v[0],
			strerror(errno));
		_exit(127);
	}
	s->run_status = run_wait(pid);
	return s->run_status ? -1 : 0;
}
