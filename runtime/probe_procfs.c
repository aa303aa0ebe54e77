// SPDX-License-Identifier: GPL-2.0
/*
 * probe_procfs.c - procfs("PATH").read / .write: files under
 * /proc/systemtap/MODNAME/ whose reads and writes run probes.
 *
 * A read at offset 0 runs the file's read probe, which fills the file's
 * buffer through $value (stp_procfs_value_*); that text is then returned
 * in as many read() calls as the reader makes.  Each write() runs the
 * write probe once with $value holding what was written (at most
 * MAXSTRINGLEN - 1 bytes; longer writes are taken in pieces).  A file
 * may have several read or write probes (input.char and input.line both
 * write "__stdin"): they run in script order on the same $value.
 *
 * Invariant: probes of this family run one at a time (stp_procfs_mutex),
 * so the one "current file" pointer that the $value accessors use cannot
 * be another file's; proc_remove() waits for open file operations, so no
 * handler runs after unregister returns.
 */
#include <linux/namei.h>
#include <linux/proc_fs.h>

struct stp_procfs_file {
	const char *path;		/* under /proc/systemtap/MODNAME/ */
	umode_t mode;
	size_t bufsize;			/* read.maxsize(N), or MAXSTRINGLEN */
	const struct stp_probe *const *read;	/* nread probes, in order */
	const struct stp_probe *const *write;
	int nread, nwrite;
	/* runtime state */
	struct proc_dir_entry *pde;
	char *buf;			/* bufsize + 1 bytes */
	size_t len;
};

static DEFINE_MUTEX(stp_procfs_mutex);
static struct stp_procfs_file *stp_procfs_cur;	/* under the mutex */
static struct proc_dir_entry *stp_procfs_dir;

/* ---- $value, for the generated accessors ---- */

static const char *stp_procfs_value_get(void)
{
	struct stp_procfs_file *f = READ_ONCE(stp_procfs_cur);

	return f && f->buf ? f->buf : "";
}

/* $value = s (append: $value .= s); the buffer bounds the text */
static void stp_procfs_value_put(const char *s, bool append)
{
	struct stp_procfs_file *f = READ_ONCE(stp_procfs_cur);
	size_t n;

	if (!f || !f->buf)
		return;
	if (!append)
		f->len = 0;
	n = strnlen(s, f->bufsize - f->len);
	memcpy(f->buf + f->len, s, n);
	f->len += n;
	f->buf[f->len] = '\0';
}

/* ---- file operations ---- */

/* run the file's read or write probes, in script order */
static void stp_procfs_run(struct stp_procfs_file *f,
			   const struct stp_probe *const *p, int n)
{
	int i;

	WRITE_ONCE(stp_procfs_cur, f);
	for (i = 0; i < n; i++)
		stp_probe_run(p[i], STP_SESSION_RUNNING, NULL, NULL, NULL);
	WRITE_ONCE(stp_procfs_cur, NULL);
}

static ssize_t stp_procfs_read(struct file *file, char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	struct stp_procfs_file *f = pde_data(file_inode(file));
	ssize_t rc;

	if (!f->nread)
		return -EINVAL;
	mutex_lock(&stp_procfs_mutex);
	if (*ppos == 0) {
		f->len = 0;
		f->buf[0] = '\0';
		stp_procfs_run(f, f->read, f->nread);
	}
	rc = simple_read_from_buffer(ubuf, count, ppos, f->buf, f->len);
	mutex_unlock(&stp_procfs_mutex);
	return rc;
}

static ssize_t stp_procfs_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	struct stp_procfs_file *f = pde_data(file_inode(file));
	size_t n = min_t(size_t, count, MAXSTRINGLEN - 1);

	if (!f->nwrite)
		return -EINVAL;
	mutex_lock(&stp_procfs_mutex);
	if (copy_from_user(f->buf, ubuf, n)) {
		mutex_unlock(&stp_procfs_mutex);
		return -EFAULT;
	}
	f->buf[n] = '\0';
	f->len = n;
	stp_procfs_run(f, f->write, f->nwrite);
	f->len = 0;
	f->buf[0] = '\0';
	mutex_unlock(&stp_procfs_mutex);
	*ppos += n;
	return n;
}

static const struct proc_ops stp_procfs_fops = {
	.proc_read = stp_procfs_read,
	.proc_write = stp_procfs_write,
	.proc_lseek = default_llseek,
};

/* ---- registration ---- */

/* /proc/systemtap (shared by every module, made by the first one that
 * needs it, left in place) and ours in it.  proc_mkdir of an existing
 * name warns, hence the lookup first. */
static int stp_procfs_mkdir(void)
{
	char path[64 + MODULE_NAME_LEN];
	struct path p;

	if (kern_path("/proc/systemtap", LOOKUP_DIRECTORY, &p) == 0)
		path_put(&p);
	else
		proc_mkdir("systemtap", NULL);
	snprintf(path, sizeof(path), "systemtap/%s", THIS_MODULE->name);
	stp_procfs_dir = proc_mkdir(path, NULL);
	return stp_procfs_dir ? 0 : -EEXIST;
}

static void stp_procfs_remove(struct stp_procfs_file *t, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		proc_remove(t[i].pde);
		t[i].pde = NULL;
		kfree(t[i].buf);
		t[i].buf = NULL;
	}
	proc_remove(stp_procfs_dir);
	stp_procfs_dir = NULL;
}

static int stp_procfs_register(void *table, int n)
{
	struct stp_procfs_file *t = table;
	size_t cap;
	int i, rc = stp_procfs_mkdir();

	for (i = 0; !rc && i < n; i++) {
		cap = max_t(size_t, t[i].bufsize, MAXSTRINGLEN);
		t[i].buf = kzalloc(cap + 1, GFP_KERNEL);
		t[i].bufsize = t[i].nread && t[i].bufsize ? t[i].bufsize : cap;
		if (!t[i].buf) {
			rc = -ENOMEM;
			break;
		}
		t[i].pde = proc_create_data(t[i].path, t[i].mode,
					    stp_procfs_dir, &stp_procfs_fops,
					    &t[i]);
		if (!t[i].pde)
			rc = -ENOMEM;
	}
	if (rc)
		stp_procfs_remove(t, n);
	return rc;
}

static void stp_procfs_unregister(void *table, int n)
{
	stp_procfs_remove(table, n);
}

static const struct stp_family_ops stp_procfs_ops = {
	.name = "procfs",
	.reg = stp_procfs_register,
	.unreg = stp_procfs_unregister,
};
