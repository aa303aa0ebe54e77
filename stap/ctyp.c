/* ctyp.c - the lazy accessors of ctyp.h (pass 2).
 *
 * A backend creates struct ctype nodes with only their head filled; the
 * first call below for a part asks the backend's hook for it, once.
 */
#include <stddef.h>

#include "ctyp.h"

struct ctype *ctype_target(struct ctype *t)
{
	if (!t)
		return NULL;
	if (!t->target_loaded) {
		t->target_loaded = true;
		if (t->be && t->be->load_target)
			t->be->load_target(t->be->arg, t);
	}
	return t->target_;
}

struct ctype *ctype_complete(struct ctype *t)
{
	if (!t || !t->incomplete || t->completed)
		return t;
	t->completed = true;
	if (t->be && t->be->complete)
		t->be->complete(t->be->arg, t);
	return t;
}

static void ctype_load_members(struct ctype *t)
{
	ctype_complete(t);
	if (t->members_loaded)
		return;
	t->members_loaded = true;
	if (t->be && t->be->load_members)
		t->be->load_members(t->be->arg, t);
}

int ctype_members(struct ctype *t, struct ctype_member **out)
{
	*out = NULL;
	if (!t || (t->kind != CT_STRUCT && t->kind != CT_UNION))
		return 0;
	ctype_load_members(t);
	*out = t->members_;
	return t->nmembers_;
}

int ctype_enums(struct ctype *t, struct ctype_enumerator **out)
{
	*out = NULL;
	if (!t || t->kind != CT_ENUM)
		return 0;
	ctype_load_members(t);
	*out = t->enums_;
	return t->nenums_;
}

/* Typedef chains are bounded by the debuginfo, but a corrupt file could
 * loop: stop after a generous number of links. */
struct ctype *ctype_strip(struct ctype *t)
{
	int n;

	for (n = 0; t && n < 64; n++) {
		if (t->kind != CT_TYPEDEF && t->kind != CT_CONST &&
		    t->kind != CT_VOLATILE)
			return t;
		t = ctype_target(t);
	}
	return t;
}
