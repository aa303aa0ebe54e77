/*
 * transport.c - kernel side of the module <-> stapio channel.
 *
 * Files live in debugfs under /sys/kernel/debug/systemtap/MODNAME/ (see
 * uapi/stp_proto.h): ".cmd" takes START/STOP and reports a status
 * snapshot; "traceN" streams CPU N's output buffer as sequenced records.
 *
 * Invariants:
 * - Writers (stp_transport_write/warn) never sleep and never wait for the
 *   reader: each CPU writes only its own ring, with interrupts off; when the
 *   ring is full, or the CPU is already inside a write (a probe that fired
 *   in the middle of one, an NMI), the bytes are dropped and counted.
 * - A sequence number is taken only after the space is reserved, so the
 *   numbers are dense and stapio can merge the CPU rings in write order.
 * - The last 1/8 of each ring is kept for the end probes (stopping), so a
 *   flood does not swallow the script's final summary.
 * - stp_session_start/stop run in process context, serialised by
 *   stp_tr_mutex; stop runs at most once, and at module exit if stapio
 *   never sent STOP (it died).
 */
#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/mm.h>
#include "uapi/stp_proto.h"

static int stp_session_start(void);
static void stp_session_stop(void);

/* one ring per possible CPU; head and tail run free, size is a power of 2 */
struct stp_tr_ring {
	raw_spinlock_t lock;
	char *data;
	u32 head;
	u32 tail;
	int busy;		/* this CPU is inside a write */
};

/* stap -b defines STP_BULKMODE: stapio then writes per-CPU files */
#ifdef STP_BULKMODE
#define STP_TR_FLAGS STP_STATUS_BULK
#else
#define STP_TR_FLAGS 0
#endif

static unsigned int stp_tr_bufsize_kb = 1024;
module_param_named(_stp_bufsize_kb, stp_tr_bufsize_kb, uint, 0444);
MODULE_PARM_DESC(_stp_bufsize_kb, "per-CPU output buffer size in KiB");

static struct stp_tr_ring *stp_tr_rings;
static u32 stp_tr_size;
static atomic64_t stp_tr_seq = ATOMIC64_INIT(0);
static atomic64_t stp_tr_drop_writes = ATOMIC64_INIT(0);
static atomic64_t stp_tr_drop_bytes = ATOMIC64_INIT(0);
static atomic64_t stp_tr_drop_lines = ATOMIC64_INIT(0);
static atomic64_t stp_tr_drop_warns = ATOMIC64_INIT(0);
static atomic_t stp_tr_exit_req = ATOMIC_INIT(0);
static DEFINE_MUTEX(stp_tr_mutex);
static int stp_tr_state = STP_STATE_LOADED;
static int stp_tr_start_rc;
static pid_t stp_tr_target;
static int stp_tr_stopping;	/* end probes may use the reserve */
static struct dentry *stp_tr_dir;

/* the pid given by staprun -x or -c (target()), 0 if none */
static pid_t stp_transport_target(void)
{
	return READ_ONCE(stp_tr_target);
}

/* copy n bytes into the ring at free-running offset pos, wrapping */
static void __stp_tr_put(struct stp_tr_ring *r, u32 pos, const void *p, u32 n)
{
	u32 off = pos & (stp_tr_size - 1);
	u32 first = min(n, stp_tr_size - off);

	memcpy(r->data + off, p, first);
	memcpy(r->data, (const char *)p + first, n - first);
}

/* copy n bytes out of the ring at free-running offset pos, wrapping */
static void __stp_tr_get(struct stp_tr_ring *r, u32 pos, void *p, u32 n)
{
	u32 off = pos & (stp_tr_size - 1);
	u32 first = min(n, stp_tr_size - off);

	memcpy(p, r->data + off, first);
	memcpy((char *)p + first, r->data, n - first);
}

/*
 * The last len bytes of buf were not stored: count them, and for stdout
 * the lines they held, so stapio can say how much output was lost (only
 * this slow path scans).
 */
static void __stp_tr_drop(u16 type, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	u64 lines = 0;

	atomic64_inc(&stp_tr_drop_writes);
	atomic64_add(len, &stp_tr_drop_bytes);
	if (type == STP_REC_ERR) {
		atomic64_inc(&stp_tr_drop_warns);
		return;
	}
	while (p < end && (p = memchr(p, '\n', end - p)) != NULL) {
		lines++;
		p++;
	}
	atomic64_add(lines, &stp_tr_drop_lines);
}

/* append records for buf to ring r (locked); returns bytes not stored */
static size_t __stp_tr_append(struct stp_tr_ring *r, u16 type,
			      const char *buf, size_t len)
{
	struct stp_rec_hdr h = { .type = type };
	u32 cap = READ_ONCE(stp_tr_stopping) ? stp_tr_size
					     : stp_tr_size - stp_tr_size / 8;

	while (len > 0) {
		u32 n = min_t(size_t, len, STP_REC_MAX);

		if (cap < r->head - r->tail + sizeof(h) + n)
			return len;
		h.len = n;
		h.seq = atomic64_inc_return(&stp_tr_seq);
		__stp_tr_put(r, r->head, &h, sizeof(h));
		__stp_tr_put(r, r->head + sizeof(h), buf, n);
		r->head += sizeof(h) + n;
		buf += n;
		len -= n;
	}
	return 0;
}

/* the one writer: this CPU's ring, interrupts off, never waits long */
static void __stp_tr_emit(u16 type, const char *buf, size_t len)
{
	struct stp_tr_ring *r;
	unsigned long flags;
	size_t lost = len;

	if (len == 0)
		return;
	if (!stp_tr_rings) {	/* before init or after exit: the kernel log */
		if (type == STP_REC_ERR)
			pr_warn("%s: %.*s", THIS_MODULE->name,
				(int)min_t(size_t, len, 512), buf);
		return;
	}
	local_irq_save(flags);
	r = &stp_tr_rings[smp_processor_id()];
	if (r->busy)
		goto out;
	r->busy = 1;
	if (in_nmi()) {
		if (raw_spin_trylock(&r->lock)) {
			lost = __stp_tr_append(r, type, buf, len);
			raw_spin_unlock(&r->lock);
		}
	} else {
		raw_spin_lock(&r->lock);
		lost = __stp_tr_append(r, type, buf, len);
		raw_spin_unlock(&r->lock);
	}
	r->busy = 0;
out:
	local_irq_restore(flags);
	if (lost)
		__stp_tr_drop(type, buf + len - lost, lost);
}

/* stdout bytes; dropped and counted when the buffer is full */
static void stp_transport_write(const char *buf, size_t len)
{
	__stp_tr_emit(STP_REC_OUT, buf, len);
}

/* stderr text, whole lines ("ERROR: ...\n") */
static void stp_transport_warn(const char *buf, size_t len)
{
	__stp_tr_emit(STP_REC_ERR, buf, len);
}

/* script called exit() or hit MAXERRORS: stapio polls this and sends STOP */
static void stp_transport_request_exit(void)
{
	atomic_set(&stp_tr_exit_req, 1);
}

/* number of whole records at the ring's tail that fit in max bytes */
static u32 __stp_tr_whole(struct stp_tr_ring *r, u32 max)
{
	u32 n = 0, avail = r->head - r->tail;
	struct stp_rec_hdr h;

	while (n + sizeof(h) <= avail) {
		__stp_tr_get(r, r->tail + n, &h, sizeof(h));
		if (n + sizeof(h) + h.len > max)
			break;
		n += sizeof(h) + h.len;
	}
	return n;
}

#define STP_TR_BOUNCE (4 * (STP_REC_MAX + sizeof(struct stp_rec_hdr)))

static int stp_tr_trace_open(struct inode *inode, struct file *f)
{
	f->private_data = kvmalloc(STP_TR_BOUNCE, GFP_KERNEL);
	return f->private_data ? 0 : -ENOMEM;
}

static int stp_tr_trace_release(struct inode *inode, struct file *f)
{
	kvfree(f->private_data);
	return 0;
}

/* read whole records of one CPU; 0 when empty, never blocks */
static ssize_t stp_tr_trace_read(struct file *f, char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	struct stp_tr_ring *r = &stp_tr_rings[(long)file_inode(f)->i_private];
	unsigned long flags;
	u32 n;

	count = min_t(size_t, count, STP_TR_BOUNCE);
	if (count < STP_REC_MAX + sizeof(struct stp_rec_hdr))
		return -EINVAL;
	raw_spin_lock_irqsave(&r->lock, flags);
	n = __stp_tr_whole(r, count);
	__stp_tr_get(r, r->tail, f->private_data, n);
	r->tail += n;
	raw_spin_unlock_irqrestore(&r->lock, flags);
	if (copy_to_user(ubuf, f->private_data, n))
		return -EFAULT;
	return n;
}

static const struct file_operations stp_tr_trace_fops = {
	.owner = THIS_MODULE,
	.open = stp_tr_trace_open,
	.release = stp_tr_trace_release,
	.read = stp_tr_trace_read,
	.llseek = noop_llseek,
};

static ssize_t stp_tr_cmd_read(struct file *f, char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	struct stp_status s = {
		.version = STP_PROTO_VERSION,
		.state = READ_ONCE(stp_tr_state),
		.exit_requested = atomic_read(&stp_tr_exit_req),
		.start_rc = READ_ONCE(stp_tr_start_rc),
		.ncpus = nr_cpu_ids,
		.bufsize = stp_tr_size,
		.last_seq = atomic64_read(&stp_tr_seq),
		.dropped_writes = atomic64_read(&stp_tr_drop_writes),
		.dropped_bytes = atomic64_read(&stp_tr_drop_bytes),
		.flags = STP_TR_FLAGS,
		.dropped_lines = atomic64_read(&stp_tr_drop_lines),
		.dropped_warnings = atomic64_read(&stp_tr_drop_warns),
	};

	/* stapio preads at offset 0 for each fresh snapshot */
	return simple_read_from_buffer(ubuf, count, ppos, &s, sizeof(s));
}

/* START: run the begin side once; the write fails with its error */
static int __stp_tr_start(pid_t target)
{
	if (stp_tr_state != STP_STATE_LOADED)
		return -EBUSY;
	WRITE_ONCE(stp_tr_target, target);
	stp_tr_start_rc = stp_session_start();
	WRITE_ONCE(stp_tr_state, stp_tr_start_rc < 0 ? STP_STATE_FAILED
						    : STP_STATE_RUNNING);
	return stp_tr_start_rc < 0 ? stp_tr_start_rc : 0;
}

/* STOP: run the end side if running; idempotent */
static void __stp_tr_stop(void)
{
	WRITE_ONCE(stp_tr_stopping, 1);
	if (stp_tr_state == STP_STATE_RUNNING)
		stp_session_stop();
	if (stp_tr_state != STP_STATE_FAILED)
		WRITE_ONCE(stp_tr_state, STP_STATE_STOPPED);
}

static ssize_t stp_tr_cmd_write(struct file *f, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	struct stp_cmd c;
	int rc = 0;

	if (count != sizeof(c))
		return -EINVAL;
	if (copy_from_user(&c, ubuf, sizeof(c)))
		return -EFAULT;
	if (c.version != STP_PROTO_VERSION)
		return -EPROTO;
	mutex_lock(&stp_tr_mutex);
	if (c.type == STP_CMD_START)
		rc = __stp_tr_start(c.target_pid);
	else if (c.type == STP_CMD_STOP)
		__stp_tr_stop();
	else
		rc = -EINVAL;
	mutex_unlock(&stp_tr_mutex);
	return rc < 0 ? rc : (ssize_t)count;
}

static const struct file_operations stp_tr_cmd_fops = {
	.owner = THIS_MODULE,
	.read = stp_tr_cmd_read,
	.write = stp_tr_cmd_write,
	.llseek = noop_llseek,
};

/* per-CPU rings, allocated once at init; never resized */
static int stp_tr_alloc_rings(void)
{
	unsigned int cpu;

	/* 64 KiB .. 1 GiB, so head - tail never wraps wrongly in a u32 */
	stp_tr_size = roundup_pow_of_two(clamp(stp_tr_bufsize_kb, 64U,
					       1U << 20) * 1024UL);
	stp_tr_rings = kcalloc(nr_cpu_ids, sizeof(*stp_tr_rings), GFP_KERNEL);
	if (!stp_tr_rings)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		raw_spin_lock_init(&stp_tr_rings[cpu].lock);
		stp_tr_rings[cpu].data = kvmalloc(stp_tr_size, GFP_KERNEL | __GFP_NOWARN);
		if (!stp_tr_rings[cpu].data) {
			pr_err("%s: cannot allocate the %u KiB output buffer of CPU %u (staprun -b)\n",
			       KBUILD_MODNAME, stp_tr_size >> 10, cpu);
			return -ENOMEM;
		}
	}
	return 0;
}

static void stp_tr_free_rings(void)
{
	unsigned int cpu;

	if (!stp_tr_rings)
		return;
	for_each_possible_cpu(cpu)
		kvfree(stp_tr_rings[cpu].data);
	kfree(stp_tr_rings);
	stp_tr_rings = NULL;
}

/* the shared "systemtap" directory is created once and never removed */
static struct dentry *stp_tr_root(void)
{
	struct dentry *d = debugfs_lookup(STP_DEBUGFS_ROOT, NULL);

	if (d) {
		dput(d);	/* debugfs keeps it; we only need the pointer */
		return d;
	}
	d = debugfs_create_dir(STP_DEBUGFS_ROOT, NULL);
	if (IS_ERR(d) && PTR_ERR(d) == -EEXIST) {
		d = debugfs_lookup(STP_DEBUGFS_ROOT, NULL);
		dput(d);
	}
	return d ? d : ERR_PTR(-ENOENT);
}

static int stp_tr_make_files(void)
{
	struct dentry *root = stp_tr_root(), *d;
	unsigned int cpu;
	char name[32];

	if (IS_ERR(root))
		return PTR_ERR(root);
	stp_tr_dir = debugfs_create_dir(THIS_MODULE->name, root);
	if (IS_ERR(stp_tr_dir))
		return PTR_ERR(stp_tr_dir);
	d = debugfs_create_file(STP_CMD_FILE, 0600, stp_tr_dir, NULL,
				&stp_tr_cmd_fops);
	if (IS_ERR(d))
		return PTR_ERR(d);
	for_each_possible_cpu(cpu) {
		snprintf(name, sizeof(name), STP_TRACE_FMT, cpu);
		d = debugfs_create_file(name, 0400, stp_tr_dir,
					(void *)(long)cpu, &stp_tr_trace_fops);
		if (IS_ERR(d))
			return PTR_ERR(d);
	}
	return 0;
}

/* from module_init, first */
static int stp_transport_init(void)
{
	int rc = stp_tr_alloc_rings();

	if (rc == 0)
		rc = stp_tr_make_files();
	if (rc == 0)
		return 0;
	if (!IS_ERR_OR_NULL(stp_tr_dir))
		debugfs_remove(stp_tr_dir);
	stp_tr_dir = NULL;
	stp_tr_free_rings();
	pr_err("%s: cannot create transport: %d\n", THIS_MODULE->name, rc);
	return rc;
}

/* from module_exit, last: no file is open (they pin the module) */
static void stp_transport_exit(void)
{
	debugfs_remove(stp_tr_dir);
	stp_tr_dir = NULL;
	mutex_lock(&stp_tr_mutex);
	__stp_tr_stop();
	mutex_unlock(&stp_tr_mutex);
	stp_tr_free_rings();
}
