/* build_replay.c - pass 4's fast path: replaying kbuild's own commands.
 *
 * Most of a cold kbuild of one small module is make itself (reading the
 * kernel's makefiles three times), not the compiler.  So once per kernel
 * (with the stapconf key) we build a template module with unique names and
 * record, from kbuild's .cmd files, the exact commands it ran: compile,
 * link, modpost, compile .mod.c, link .ko.  A later build substitutes its
 * directory, names and -D options and runs those commands directly.
 *
 * Invariant: replay is an optimisation only.  Any failure (no recording,
 * a command failing, no .ko) makes the caller run plain kbuild, which
 * also reports compiler errors the usual way; the replayed commands are
 * byte-for-byte what kbuild would have run.
 */
#include "build.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cache.h"
#include "diag.h"

/* Template names: unique strings, replaced by placeholders when recorded. */
#define TMPL_NAME "stapTMPLmod"
#define TMPL_BASE "stapTMPLsrc"
#define TMPL_RT "/stapTMPLruntime"
#define TMPL_DEFS "-DSTAPTMPLDEFS"

static const char replay_tmpl_src[] =
	"#include <linux/module.h>\n"
	"static int __init t_init(void) { return 0; }\n"
	"static void __exit t_exit(void) { }\n"
	"module_init(t_init);\n"
	"module_exit(t_exit);\n"
	"MODULE_LICENSE(\"GPL\");\n";

/* kbuild's targets for a composite module NAME made of BASE.o, in the
 * order kbuild makes them. */
static const char *const replay_targets[] = {
	"@BASE@.o", "@NAME@.mod", "@NAME@.o", "modules.order",
	"Module.symvers", "@NAME@.mod.o", "@NAME@.ko",
};

/* text with every `from` replaced by `to` (arena) */
static char *replay_subst(struct session *s, const char *text,
			  const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to), n = 0;
	const char *p, *q;
	char *out, *o;

	for (p = text; (q = strstr(p, from)); p = q + fl)
		n++;
	out = arena_alloc(s->arena, strlen(text) + n * tl + 1);
	for (o = out, p = text; (q = strstr(p, from)); p = q + fl) {
		memcpy(o, p, (size_t)(q - p));
		o += q - p;
		memcpy(o, to, tl);
		o += tl;
	}
	strcpy(o, p);
	return out;
}

static int replay_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

/* The command kbuild saved for target in dir, "$$" unescaped. */
static char *replay_cmd(struct session *s, const char *dir,
			const char *target)
{
	char *text = cache_slurp(s, arena_printf(s->arena, "%s/.%s.cmd", dir,
						 target), NULL);
	char *p, *end;

	if (!text)
		return NULL;
	p = strncmp(text, "savedcmd_", 9) == 0 || strncmp(text, "cmd_", 4) == 0
		    ? strstr(text, " := ") : NULL;
	if (!p)
		return NULL;
	p += 4;
	end = strchr(p, '\n');
	if (end)
		*end = '\0';
	return replay_subst(s, p, "$$", "$");
}

/* Build the template in dir/kbtmpl; the recorded script, or NULL. */
static char *replay_record(struct session *s, const char *dir)
{
	const char *t = arena_printf(s->arena, "%s/kbtmpl", dir);
	const char *goal = "modules";
	char *script = arena_strdup(s->arena, "set -e\n");
	size_t i;

	if (mkdir(t, 0755) < 0 ||
	    replay_write(arena_printf(s->arena, "%s/" TMPL_BASE ".c", t),
			 replay_tmpl_src) ||
	    replay_write(arena_printf(s->arena, "%s/Kbuild", t),
			 arena_printf(s->arena, "obj-m := " TMPL_NAME ".o\n"
				      TMPL_NAME "-y := " TMPL_BASE ".o\n"
				      "ccflags-y := -I%s -I" TMPL_RT " "
				      TMPL_DEFS "\n", t)) ||
	    build_make(s, t, &goal, 1, true) != 0)
		return NULL;
	for (i = 0; i < sizeof(replay_targets) / sizeof(*replay_targets); i++) {
		char *target = replay_subst(s, replay_targets[i], "@BASE@",
					    TMPL_BASE);
		char *cmd = replay_cmd(s, t, replay_subst(s, target, "@NAME@",
							  TMPL_NAME));

		if (!cmd)
			return NULL;
		script = arena_printf(s->arena, "%s%s\n", script, cmd);
		/* modpost (5.19+) reads symbol CRCs from the objects' .cmd
		 * files: they must exist; ours export nothing */
		if (i == 0)
			script = arena_printf(s->arena, "%s: > %s/.%s.o.cmd\n",
					      script, t, TMPL_BASE);
	}
	script = replay_subst(s, script, t, "@DIR@");
	script = replay_subst(s, script, TMPL_NAME, "@NAME@");
	script = replay_subst(s, script, TMPL_BASE, "@BASE@");
	script = replay_subst(s, script, "-I" TMPL_RT, "-I@RT@");
	return replay_subst(s, script, TMPL_DEFS, "@DEFS@");
}

/* The recorded script for this kernel: from the cache, or recorded now
 * (and cached).  NULL when it cannot be had. */
static char *replay_script(struct session *s, const char *conf_key)
{
	const char *entry = cache_entry(s, conf_key, "stapkb_", ".sh", true);
	const char *tmp;
	char *script;

	if (cache_exists(entry))
		return cache_slurp(s, entry, NULL);
	script = replay_record(s, s->tmpdir);
	if (!script || !entry)
		return script;
	tmp = arena_printf(s->arena, "%s/stapkb.sh", s->tmpdir);
	if (replay_write(tmp, script) == 0)
		cache_copy(tmp, entry);
	return script;
}

/* Paths go into shell commands unquoted where kbuild had them: allow only
 * characters that need no quoting. */
static bool replay_safe(const char *p)
{
	return p[strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			"0123456789_/.-+")] == '\0';
}

static int replay_exec(struct session *s, const char *path)
{
	int status, fd;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		fd = open(arena_printf(s->arena, "%s/replay.log", s->tmpdir),
			  O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		if (chdir(s->kernel_build_dir) < 0)
			_exit(126);
		execl("/bin/sh", "sh", path, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int replay_build(struct session *s, const char *conf_key, const char *name,
		 const char *base, const char *defs)
{
	const char *path = arena_printf(s->arena, "%s/replay.sh", s->tmpdir);
	char *script;

	if (!s->use_cache || s->make_args.n || !replay_safe(s->tmpdir) ||
	    !replay_safe(s->runtime_dir) || !replay_safe(s->kernel_build_dir))
		return -1;
	script = replay_script(s, conf_key);
	if (!script)
		return -1;
	script = replay_subst(s, script, "@DIR@", s->tmpdir);
	script = replay_subst(s, script, "@NAME@", name);
	script = replay_subst(s, script, "@BASE@", base);
	script = replay_subst(s, script, "@RT@", s->runtime_dir);
	script = replay_subst(s, script, "@DEFS@", defs);
	if (replay_write(path, script) < 0)
		return -1;
	if (s->verbose[3] >= 2)
		fprintf(s->err, "Running kbuild's recorded commands: sh %s\n",
			path);
	return replay_exec(s, path);
}
