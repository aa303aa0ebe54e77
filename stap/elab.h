/* elab.h - private interfaces between the files of pass 2 (elaboration).
 *
 * Pass 2 is split by service: tapset.c (library index, lazy loading),
 * probes.c (probe-point resolution), resolve.c (symbols and calls),
 * types.c (type inference), format.c (printf formats), elide.c
 * (optimisation), elaborate.c (the driver, -p2 printing, listings).  They
 * share the state below, hung off s->elab.  Nothing here is seen by the
 * other passes: they read the session and the AST only.
 *
 * Mangling scheme (symbol->cname, function->cname, derived_probe->cname),
 * the names SystemTap 4.x prints with -p2 -v, which pass 3 may prefix:
 *   script/tapset global NAME          __global_NAME
 *   private tapset global NAME         __private_<file-index>_NAME
 *   function NAME, n-th of that name   __global_NAME__overload_<n>
 *   private function NAME              __private_<file-index>_NAME__overload_<n>
 *   local or parameter NAME            NAME (unique within its probe/function)
 *   derived probe number i             probe_<i>
 */
#ifndef STAP_ELAB_H
#define STAP_ELAB_H

#include "diag.h"
#include "passes.h"

/* ---- a small map from interned name to a list of values ---- */

struct elab_map_ent {
	const char *key;
	void *val;
	struct elab_map_ent *next;	/* other entries with the same key */
};

struct elab_map {
	struct elab_map_ent **slots;
	int n, cap;
};

void elab_map_add(struct session *s, struct elab_map *m, const char *key,
		  void *val);
/* First entry for key (the rest follow through ->next with equal key). */
struct elab_map_ent *elab_map_get(const struct elab_map *m, const char *key);

/* ---- per-symbol extras, kept out of ast.h ---- */

struct elab_sym {
	struct symbol sym;		/* first: (struct elab_sym *)sym works */
	struct token *type_tok;		/* where the value type was inferred */
	struct token *arity_tok;	/* where the arity was inferred */
	struct token *key_tok[MAX_ARRAY_KEYS];
	struct stapfile *file;		/* private globals: the owning file */
	bool auto_print;		/* written, never read: print at end */
};

struct elab_fn {			/* per-function extras */
	struct token *type_tok;
	bool resolved;			/* body walked by resolve.c */
	bool side_effects;		/* elide.c */
	struct mut_fn *mut;		/* mutate.c: writes and callees */
};

/* ---- derived probes with their printing chain ---- */

struct elab_probe {
	struct derived_probe dp;	/* first */
	const char *chain;		/* " <- a = begin <- b" for -p2 */
	const char *user_points;	/* "begin,myal" */
	bool resolved;
	bool tv_done;			/* target variables rewritten */
};

/* ---- pass state ---- */

struct elab {
	struct elab_map functions;	/* name -> struct function * */
	struct elab_map globals;	/* name -> struct elab_sym * */
	struct elab_map aliases;	/* first functor -> struct alias * */
	struct alias *all_aliases;	/* unordered, for wildcard matching */
	struct elab_map fnx;		/* struct function * -> elab_fn */
	struct stapfile *files;		/* every file registered so far */
	int nfiles;
	struct function **fq;		/* functions to resolve (worklist) */
	int nfq, capfq;
	struct derived_probe *last_probe;
	struct tapset_index *tx;
	bool in_listing;
	int lib_derived;		/* library files whose probes are in */
	int fq_done;			/* functions resolved so far */
	int next_probe_index;
	int nerr_at_start;
	int lvalue_reported;		/* resolve.c: non-lvalue assignments */
	struct probes_state *probes;	/* probes.c: family patterns */
	struct kern *kern;		/* kernel.c: debuginfo, symbols */
	struct tv_state *tvars;		/* tvars.c: accessor functions */
};

struct elab *elab_state(struct session *s);
struct elab_fn *elab_fn(struct session *s, struct function *f);
/* Register a parsed file's functions, globals and aliases. */
void elab_add_file(struct session *s, struct stapfile *f);
/* Register one function made in pass 2 (a target-variable accessor). */
void elab_register_function(struct session *s, struct stapfile *f,
			    struct function *fn);
/* A synthetic token at the place of `like` (for generated code). */
struct token *elab_tok(struct session *s, const struct token *like,
		       enum tok_type type, const char *text);
/* Levenshtein distance, capped at cap + 1. */
int elab_distance(const char *a, const char *b, int cap);
/* Shell-style match of a probe functor pattern ('*' only). */
bool elab_glob(const char *pat, const char *name);
/* " (similar: a, b, c)" from candidate names, or "". */
const char *elab_similar(struct session *s, const char *name,
			 const char *const *cands, int n);

/* ---- tapset.c ---- */

/* Build the library index (cheap textual scan of the search path). */
void tapset_index_build(struct session *s);
/* Parse and register library files that may define function / global /
 * alias NAME; true if any new file was loaded. */
bool tapset_need_function(struct session *s, const char *name);
bool tapset_need_global(struct session *s, const char *name);
bool tapset_need_alias(struct session *s, const char *functor_glob);
/* Top-level names the library could provide for probe points ("similar"). */
int tapset_alias_heads(struct session *s, const char ***out);
int tapset_function_names(struct session *s, const char ***out);
/* Parse and register every library file (the --dump-* listings only). */
void tapset_load_all(struct session *s);

/* ---- resolve.c ---- */

/* Resolve symbols and calls in every derived probe and used function. */
void res_pass(struct session *s);
/* Deep copies, so each derived probe owns its body. */
struct stmt *res_clone_stmt(struct session *s, const struct stmt *st);
struct expr *res_clone_expr(struct session *s, const struct expr *e);
void res_one_probe(struct session *s, struct derived_probe *dp);
/* A function called by code made after resolution (tvars.c's @entry). */
void res_use_function(struct session *s, struct function *f);
/* ---- mutate.c ---- */

/* Report arrays modified inside a foreach over them. */
void mut_check(struct session *s);

/* Warn about script globals read but never written. */
void res_check_globals(struct session *s);
struct symbol *res_new_symbol(struct session *s, const char *name,
			      enum sym_kind kind, struct token *tok);

/* ---- types.c ---- */

void ty_pass(struct session *s);
void ty_generated(struct session *s, struct derived_probe *dp);

/* ---- elide.c ---- */

void elide_pass(struct session *s);
/* Mark referenced symbols (index = 1) and used functions from the
 * probes; drop unreferenced locals. */
void elide_refs(struct session *s);
/* Evaluate stable embedded-C functions once per probe / function. */
void elide_stable(struct session *s);
/* Fold literal expressions and constant conditions. */
void elide_fold(struct session *s);
/* Written-but-never-read globals get an `end` probe printing them. */
void elide_auto_print(struct session *s);

#endif
