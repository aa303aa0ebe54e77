/* probe_dwarf_block.c - what SystemTap refuses to probe (pass 2).
 *
 * Probing some kernel code hangs or recurses: the kprobes machinery
 * itself, locking primitives a probe handler takes, interrupt and APIC
 * code, functions gone after boot.  SystemTap 4.8 refuses those points at
 * pass 2, and so do we, with its warnings at the probe keyword:
 *   "function F is in blocklisted section"   (init / exit code)
 *   "function F is in blocklisted file"      (files below)
 *   "function F is blocklisted"              (names and name patterns)
 * The lists were reconstructed by comparing, on Debian's kernels, every
 * function of the debuginfo with what 4.8's `stap -l 'kernel.function("*")'`
 * lists (testsuite/bench/README.md says how to repeat that).  A DWARF
 * function whose entry carries another symbol's name (a compiler-made
 * part: foo.part.0) is not probed under the DWARF name either.
 * Everything else, including noinstr code, is left to the kernel: its
 * kprobes blacklist makes registration fail, which pass 5 reports.
 */
#include <regex.h>
#include <string.h>

#include "probe_dwarf.h"
#include "probes.h"

static const char *const block_files[] = {
	"kernel/kprobes.c",
	"fs/seq_file.c",
	"arch/x86/include/asm/paravirt.h",
	"arch/x86/kernel/paravirt.c",
	NULL,
};

/* Whole names. */
static const char *const block_names[] = {
	"__switch_to", "default_do_nmi", "io_check_error", "do_int3",
	"search_exception_tables", "__delay", "native_set_pte",
	"ia32_setup_rt_frame", "inat_get_opcode_attribute",
	"preempt_schedule", "__die", "do_trap", "notifier_call_chain",
	"oops_begin", "oops_end", "sync_regs", "unknown_nmi_error",
	"test_ti_thread_flag", NULL,
};

/* Extended regular expressions over the name. */
static const char *const block_patterns[] = {
	"(read|write|spin)_(un|try)?lock",
	"mutex.*lock",
	"^current",
	"_pte_",
	"^atomic_",
	"^_raw_",
	"^raw_spin",
	"apic|APIC",
	"softirq",
	"_intr",
	"kernel_text",
	"^mem(cpy|set|move)$",
	"^trace_(event_raw_event|raw_output)_.*_lock",
	"xen_irq",
	"xen_.*debugreg",
	"^special_mapping_",
	NULL,
};

struct block_re {
	bool compiled;
	regex_t re[sizeof(block_patterns) / sizeof(*block_patterns)];
	int n;
};

static bool block_in(const char *const *list, const char *s)
{
	for (; s && *list; list++)
		if (!strcmp(*list, s))
			return true;
	return false;
}

/* Compiled once per process: the patterns are constant. */
static bool block_matches(const char *name)
{
	static struct block_re br;
	int i;

	if (!br.compiled) {
		br.compiled = true;
		for (i = 0; block_patterns[i]; i++)
			if (regcomp(&br.re[br.n], block_patterns[i],
				    REG_EXTENDED | REG_NOSUB) == 0)
				br.n++;
	}
	for (i = 0; i < br.n; i++)
		if (regexec(&br.re[i], name, 0, NULL, 0) == 0)
			return true;
	return false;
}

const struct token *dwarf_keyword_tok(const struct derived_probe *tmpl)
{
	return tmpl->probe ? tmpl->probe->tok : tmpl->point->comps->tok;
}

bool dwarf_name_blocked(const char *name)
{
	return block_in(block_names, name) || block_matches(name);
}

bool dwarf_blocked(struct session *s, struct dwx *x,
		   const struct derived_probe *tmpl, const struct dw_func *fn)
{
	const char *sfx = "";

	if (dwx_sect_at(x, fn->entry) == DWX_INIT) {
		diag(s, W_DW_BLOCK_SECTION, dwarf_keyword_tok(tmpl), fn->name);
		return true;
	}
	if (block_in(block_files, fn->decl_file)) {
		diag(s, W_DW_BLOCK_FILE, dwarf_keyword_tok(tmpl), fn->name);
		return true;
	}
	if (dwarf_name_blocked(fn->name)) {
		diag(s, W_DW_BLOCKLISTED, dwarf_keyword_tok(tmpl), fn->name);
		return true;
	}
	/* A part split off a function (foo.part.0) is not the function;
	 * clones (foo.isra.0, foo.constprop.0) are. */
	if (fn->flags & DWF_INLINE)
		return false;
	dwx_sym_named_at(x, fn->name, fn->entry, &sfx);
	return !strncmp(sfx, ".part", 5) || !strncmp(sfx, ".cold", 5);
}
