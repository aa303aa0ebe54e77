/* kmod_tp.h - the tracepoints of a kernel module file (pass 2).
 *
 * kmod_tp.c reads a module's ELF file (its debuginfo .ko) for the
 * tracepoints it defines and their systems, without libelf or DWARF.
 */
#ifndef STAP_KMOD_TP_H
#define STAP_KMOD_TP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Offsets of trace_event_call.class and trace_event_class.system (from
 * the kernel's DWARF). */
struct kmt_layout {
	uint64_t class_off, system_off;
};

/* cb(name, system) for every tracepoint of the module file at path
 * (system NULL when the tracepoint has no event); the count, or -1 when
 * the file does not open as a relocatable ELF64 file. */
int kmt_scan(const char *path, const struct kmt_layout *lay,
	     void (*cb)(void *arg, const char *name, const char *system),
	     void *arg);

#endif
