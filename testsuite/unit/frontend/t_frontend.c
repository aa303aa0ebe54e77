/* t_frontend.c - unit tests of the translator's shared services: the
 * arena, interned names, the diagnostics object (shapes, suppression,
 * counting), and the parser entry points on small inputs.
 *
 * Built and run by testsuite/unit/frontend.sh against stap's objects.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "options.h"
#include "passes.h"

static int npass, nfail;

#define CHECK(cond, what)                                                    \
	do {                                                                 \
		if (cond) {                                                  \
			npass++;                                             \
		} else {                                                     \
			nfail++;                                             \
			printf("FAIL: %s (%s:%d)\n", what, __FILE__, __LINE__); \
		}                                                            \
	} while (0)

/* A session whose stderr is captured in memory. */
struct captured {
	struct session s;
	char *buf;
	size_t len;
};

static void cap_init(struct captured *c)
{
	memset(c, 0, sizeof(*c));
	c->s.arena = arena_new();
	c->s.names = intern_new(c->s.arena);
	c->s.err = open_memstream(&c->buf, &c->len);
	c->s.last_pass = 2;
	c->s.privilege = "stapdev";
	c->s.arch = "x86_64";
	c->s.compatible = STAP_COMPAT_VERSION;
	/* a made-up release: nothing here reads a kernel tree */
	c->s.kernel_release = "0.0.0-unit-test";
	c->s.tapset_dir = "tapsets";
}

static const char *cap_text(struct captured *c)
{
	fflush(c->s.err);
	return c->buf ? c->buf : "";
}

static void cap_free(struct captured *c)
{
	fclose(c->s.err);
	free(c->buf);
	arena_free(c->s.arena);
}

static void test_arena(void)
{
	struct arena *a = arena_new();
	char *big, *p;
	int i, aligned = 1, zeroed = 1;

	for (i = 1; i < 200; i++) {
		p = arena_alloc(a, (size_t)i);
		aligned &= ((uintptr_t)p % 16) == 0;
		zeroed &= p[0] == 0 && p[i - 1] == 0;
		memset(p, 0xff, (size_t)i);
	}
	CHECK(aligned, "arena allocations are 16-byte aligned");
	CHECK(zeroed, "arena allocations are zeroed");
	big = arena_alloc(a, 1 << 20);
	CHECK(big && big[(1 << 20) - 1] == 0, "arena serves blocks over its block size");
	CHECK(strcmp(arena_printf(a, "%s-%d", "x", 42), "x-42") == 0,
	      "arena_printf formats");
	CHECK(arena_used(a) >= (1 << 20), "arena_used counts bytes");
	arena_free(a);
}

static void test_intern(void)
{
	struct arena *a = arena_new();
	struct intern *t = intern_new(a);
	const char *x = intern_s(t, "probe"), *y;
	char buf[32];
	int i, same = 1;

	y = intern_n(t, "probes", 5);
	CHECK(x == y, "equal names intern to one pointer");
	CHECK(intern_s(t, "probes") != x, "different names differ");
	for (i = 0; i < 5000; i++) {	/* forces several rehashes */
		snprintf(buf, sizeof(buf), "name%d", i);
		intern_s(t, buf);
	}
	for (i = 0; i < 5000; i += 97) {
		snprintf(buf, sizeof(buf), "name%d", i);
		same &= intern_s(t, buf) == intern_s(t, buf);
	}
	CHECK(same, "interning is stable across rehashes");
	CHECK(intern_s(t, "probe") == x, "old names survive rehashes");
	CHECK(intern_count(t) == 5002, "intern_count counts distinct names");
	arena_free(a);
}

static struct stapfile *parse_text(struct captured *c, const char *text)
{
	struct source *src = parse_from_string(&c->s, "t.stp", text);

	return parse_source(&c->s, src);
}

static void test_parse_error_shape(void)
{
	struct captured c;

	cap_init(&c);
	parse_text(&c, "probe begin { x = ) }");
	CHECK(diag_errors(&c.s) == 1, "one parse error counted");
	CHECK(strcmp(cap_text(&c),
		     "parse error: expected literal string or number\n"
		     "        saw: operator ')' at t.stp:1:19\n"
		     "     source: probe begin { x = ) }\n"
		     "                               ^\n\n") == 0,
	      "parse error has SystemTap's shape");
	cap_free(&c);
}

static void test_parse_tree(void)
{
	struct captured c;
	struct stapfile *f;
	struct probe *p;
	struct expr *e;

	cap_init(&c);
	f = parse_text(&c, "global a[10]\nprobe begin, timer.ms(200)? { a[1] <<< 2 * 3 + 1 }");
	CHECK(f && diag_errors(&c.s) == 0, "a small script parses");
	if (!f || !f->probes || !f->globals) {
		cap_free(&c);
		return;
	}
	CHECK(f->globals->size_hint == 10 && f->globals->is_array,
	      "global size hint recorded");
	p = f->probes;
	CHECK(p->points && p->points->next && p->points->next->optional,
	      "two probe points, the second optional");
	CHECK(p->points->next->comps->next->arg->num == 200,
	      "probe point literal argument");
	e = p->body->stmts->e;
	CHECK(e->kind == EX_AGGREGATE && e->b->kind == EX_BINARY &&
	      e->b->op == OP_ADD && e->b->a->op == OP_MUL,
	      "<<< with C precedence on its right side");
	cap_free(&c);
}

static void test_semantic_suppression(void)
{
	struct captured c;
	struct token t1 = { .type = TOK_IDENT, .text = "foo", .len = 3 };
	struct token t2 = t1;
	struct source src = { .name = "t.stp", .text = "foo foo", .len = 7 };

	cap_init(&c);
	t1.loc = (struct srcloc){ &src, 1, 1 };
	t2.loc = (struct srcloc){ &src, 1, 5 };
	diag(&c.s, S_GENERIC, &t1, "same text");
	diag(&c.s, S_GENERIC, &t2, "same text");
	CHECK(diag_errors(&c.s) == 2, "suppressed errors still count");
	diag_suppressed_summary(&c.s);
	CHECK(strstr(cap_text(&c), "Number of similar error messages suppressed: 1.") != NULL,
	      "similar errors are summarised");
	CHECK(strstr(cap_text(&c), "at t.stp:1:1") != NULL &&
	      strstr(cap_text(&c), "1:5") == NULL, "only the first is printed");
	cap_free(&c);
}

int main(void)
{
	test_arena();
	test_intern();
	test_parse_error_shape();
	test_parse_tree();
	test_semantic_suppression();
	printf("t_frontend: %d passed, %d failed\n", npass, nfail);
	return nfail != 0;
}
