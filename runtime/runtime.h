/* SPDX-License-Identifier: GPL-2.0 */
/*
 * runtime.h - the one header a generated module includes: common kernel
 * headers, default limits, then every runtime service in dependency order.
 *
 * Invariant: every limit is #ifndef-guarded, so the generated file (or
 * -D NAME=VALUE on the compiler command line) overrides it; everything
 * included here is static and compiled as one translation unit.
 */
#ifndef STP_RUNTIME_H
#define STP_RUNTIME_H

/* Every service is static; a script uses only some of them. */
#pragma GCC diagnostic ignored "-Wunused-function"

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/types.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/cred.h>
#include <linux/ptrace.h>
#include <linux/percpu.h>
#include <linux/spinlock.h>
#include <linux/hrtimer.h>
#include <linux/kprobes.h>
#include <linux/kallsyms.h>
#include <linux/random.h>
#include <linux/delay.h>
#include <linux/moduleparam.h>
#include <asm/irq_regs.h>

/* ---- limits (SystemTap's defaults, see man stap "-D") ---- */
#ifndef MAXSTRINGLEN
#define MAXSTRINGLEN 512
#endif
#ifndef MAXACTION
#define MAXACTION 1000
#endif
#ifndef MAXACTION_INTERRUPTIBLE
#define MAXACTION_INTERRUPTIBLE (MAXACTION * 10)
#endif
#ifndef MAXNESTING
#define MAXNESTING 10
#endif
#ifndef MINSTACKSPACE
#define MINSTACKSPACE 1024	/* free stack bytes a handler needs */
#endif
#ifndef STP_FOREIGN_STACK
#define STP_FOREIGN_STACK 4096	/* budget below entry on an IRQ stack */
#endif
#ifndef MAXERRORS
#define MAXERRORS 0
#endif
#ifndef MAXSKIPPED
#define MAXSKIPPED 100
#endif
#ifndef MAXTRYLOCK
#define MAXTRYLOCK 1000
#endif
#ifndef TRYLOCKDELAY
#define TRYLOCKDELAY 10		/* ns between lock attempts */
#endif
#ifndef MAXMAPENTRIES
#define MAXMAPENTRIES 2048
#endif
#ifndef KRETACTIVE
#define KRETACTIVE 0		/* 0: the kernel's default maxactive */
#endif
#ifndef STP_PRINT_BUFSIZE
#define STP_PRINT_BUFSIZE 16384	/* per-CPU print buffer, bytes */
#endif

/* ---- data services (runtime/API.md) ---- */
#include "alloc.c"
#include "time.c"
#include "string.c"
#include "format.c"
#include "stat.c"
#include "map.c"
#include "tvar.c"		/* target-variable accessors */

/* ---- transport, probe context, output ---- */
#include "transport.c"
#include "timing.c"		/* stap -t */
#include "context.c"
#include "print.c"

/* ---- probe families, then the module glue ---- */
#include "probe_begin.c"
#include "probe_timer.c"
#include "probe_kprobe.c"
#include "probe_fentry.c"
#include "probe_tracepoint.c"
#include "probe_procfs.c"
#include "module.c"

/*
 * get_task_comm() takes task_lock(): in probe context that can deadlock (a
 * probe inside code holding the task's alloc_lock) and it costs a call per
 * execname().  Code compiled into a module (tapsets' embedded C) gets the
 * lockless copy of context.c instead; same contract, buf is
 * TASK_COMM_LEN bytes and NUL terminated.
 */
#undef get_task_comm
#define get_task_comm(buf, tsk) ({					\
	BUILD_BUG_ON(sizeof(buf) != TASK_COMM_LEN);			\
	stp_ctx_task_comm(buf, tsk);					\
	(buf);								\
})

#endif /* STP_RUNTIME_H */
