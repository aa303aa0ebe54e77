/*
 * stp_proto.h - the versioned protocol between a stap module
 * (runtime/transport.c) and stapio; the only runtime header also built in
 * userspace.
 *
 * Files: debugfs, /sys/kernel/debug/systemtap/MODNAME/ (MODNAME is the
 * loaded module's name, so staprun -R renames the directory too):
 *   .cmd     write one struct stp_cmd (START, STOP); read one struct
 *            stp_status (a snapshot; read again to refresh).
 *   traceN   one per possible CPU N: read whole records, each a struct
 *            stp_rec_hdr followed by hdr.len payload bytes. Never blocks;
 *            returns 0 when empty.
 *
 * Invariant: every record written by the module gets the next number of
 * one global sequence (1, 2, 3, ...) only once space for it is reserved, so
 * the numbers are dense: a reader that merges the CPU files by seq
 * reproduces the global order of writes, and a missing number is a record
 * still being written (never a dropped one). Dropped writes are counted in
 * stp_status instead.
 */
#ifndef STP_PROTO_H
#define STP_PROTO_H

#include <linux/types.h>

#define STP_PROTO_VERSION 2	/* 2: dropped_lines, dropped_warnings, flags */

#define STP_DEBUGFS_MOUNT "/sys/kernel/debug"
#define STP_DEBUGFS_ROOT "systemtap"
#define STP_CMD_FILE ".cmd"
#define STP_TRACE_FMT "trace%u"

/* largest payload of one record; longer writes are split */
#define STP_REC_MAX 8192

enum stp_rec_type {
	STP_REC_OUT = 1,	/* bytes for stdout */
	STP_REC_ERR = 2,	/* whole lines for stderr */
};

struct stp_rec_hdr {
	__u64 seq;
	__u32 len;
	__u16 type;
	__u16 pad;
};

enum stp_cmd_type {
	STP_CMD_START = 1,	/* run stp_session_start(); write returns its error */
	STP_CMD_STOP = 2,	/* run stp_session_stop(); idempotent */
};

struct stp_cmd {
	__u32 version;		/* STP_PROTO_VERSION */
	__u32 type;		/* enum stp_cmd_type */
	__s32 target_pid;	/* -x PID / -c CMD's pid, 0 if none */
	__u32 pad;
};

enum stp_state {
	STP_STATE_LOADED = 0,	/* waiting for START */
	STP_STATE_RUNNING = 1,	/* stp_session_start() succeeded */
	STP_STATE_STOPPED = 2,	/* stp_session_stop() ran */
	STP_STATE_FAILED = 3,	/* stp_session_start() failed */
};

struct stp_status {
	__u32 version;		/* STP_PROTO_VERSION */
	__u32 state;		/* enum stp_state */
	__u32 exit_requested;	/* module called stp_transport_request_exit() */
	__s32 start_rc;		/* result of stp_session_start() */
	__u32 ncpus;		/* trace files are trace0 .. trace(ncpus-1) */
	__u32 bufsize;		/* bytes per CPU buffer */
	__u64 last_seq;		/* highest sequence number handed out */
	__u64 dropped_writes;	/* writes (or parts) lost: buffer full/busy */
	__u64 dropped_bytes;	/* payload bytes lost */
	__u64 dropped_lines;	/* newlines in the stdout bytes lost */
	__u64 dropped_warnings;	/* stderr records (ERROR/WARNING lines) lost */
	__u32 flags;		/* enum stp_status_flags */
	__u32 pad;
};

enum stp_status_flags {
	STP_STATUS_BULK = 1,	/* built with stap -b: per-CPU output files */
};

#endif /* STP_PROTO_H */
