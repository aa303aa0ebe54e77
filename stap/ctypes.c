/* ctypes.c - PLACEHOLDER until the tvgen branch lands: C type names only. */
#include "ctypes.h"
#include "arena.h"

const char *cty_name(struct arena *a, struct ctype *t)
{
	if (!t)
		return "void";
	switch (t->kind) {
	case CT_POINTER:
		return arena_printf(a, "%s*", cty_name(a, ctype_target(t)));
	case CT_STRUCT:
		return arena_printf(a, "struct %s", t->name ? t->name : "{...}");
	case CT_UNION:
		return arena_printf(a, "union %s", t->name ? t->name : "{...}");
	case CT_ENUM:
		return arena_printf(a, "enum %s", t->name ? t->name : "{...}");
	case CT_CONST:
	case CT_VOLATILE:
		return cty_name(a, ctype_target(t));
	default:
		return t->name ? t->name : "void";
	}
}

int cty_access(const struct cty_access *in, struct cty_result *res)
{
	(void)in;
	res->error = "target variables are not supported yet";
	res->error_comp = -1;
	return -1;
}
