/*
 * svm_proto.h - framing between stap-vm (host) and stapvm-init (guest
 * PID 1) over the guest's second serial port (ttyS1).
 *
 * Guest to host: a stream of frames, a struct svm_frame then len payload
 * bytes; every byte on the port belongs to a frame, so program output of
 * any content passes through unchanged and kernel console noise (ttyS0)
 * never mixes in. Host to guest: single command bytes (SVM_CMD_*).
 *
 * The job list is /stapvm/jobs in the initramfs, one test a line:
 *   NAME \t MODULE-PATH-IN-GUEST \t TIMEOUT-SECONDS (0 = none) \t ARGS
 * ARGS is shell text: the guest runs `sh -c 'exec staprun MODULE ARGS'`
 * in SVM_JOBDIR; ARGS starting with '!' is instead a whole shell command
 * (the rest of ARGS), run with $MODULE set to the module's path.
 *
 * After each job, the regular files it left in SVM_JOBDIR (staprun -o
 * FILE, -S rotations, bulk per-CPU files) come back as SVM_FILE frames,
 * in order, before SVM_RC; the directory is then emptied.
 *
 * /stapvm/insmod (optional) lists kernel modules (stap-vm --insmod) the
 * guest loads at boot, before the first job.
 */
#ifndef SVM_PROTO_H
#define SVM_PROTO_H

#include <stdint.h>

#define SVM_MAGIC 0xa5
#define SVM_VERSION "stapvm-2"
#define SVM_JOBS "/stapvm/jobs"
/* kernel modules the guest loads before the first job, one path a line */
#define SVM_INSMOD "/stapvm/insmod"
#define SVM_JOBDIR "/tmp/job"
#define SVM_FILE_CHUNK 65536	/* largest SVM_FILE payload */

enum svm_type {
	SVM_HELLO = 1,	/* agent is up; payload SVM_VERSION */
	SVM_OUT = 2,	/* test stdout bytes */
	SVM_ERR = 3,	/* test stderr bytes */
	SVM_RC = 4,	/* test ended; payload struct svm_rc */
	SVM_KMSG = 5,	/* kernel log lines printed during the test */
	SVM_NOTE = 6,	/* agent remark on the test (timeout, cleanup) */
	SVM_BEAT = 7,	/* heartbeat, once a second while busy */
	SVM_DONE = 8,	/* all tests done; powering off */
	SVM_START = 9,	/* test begins; payload is its name */
	SVM_FILE = 10,	/* part of an output file: NAME, NUL, bytes to append */
};

struct svm_frame {
	uint8_t magic;
	uint8_t type;
	uint16_t test;	/* index in the job list */
	uint32_t len;
};

struct svm_rc {
	int32_t status;	/* exit code, or 128 + signal */
	int32_t timed_out;
};

enum svm_cmd {
	SVM_CMD_INT = 'I',	/* SIGINT to the running test (Ctrl-C) */
	SVM_CMD_KILL = 'K',	/* SIGKILL to the running test */
};

#endif /* SVM_PROTO_H */
