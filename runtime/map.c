// SPDX-License-Identifier: GPL-2.0
/*
 * map.c - associative arrays: 1..9 long/string keys, long/string/stat
 * values, fixed capacity, wrap-around, sorted and limited iteration.
 *
 * Invariant: every table is a preallocated node pool with a free list, a
 * power-of-two bucket array and an insertion-order list; nodes are named by
 * 1-based indices (0 = none), so no pointer ever leaves the pool and every
 * walk is bounded by the capacity. Stat-valued arrays keep one table per
 * CPU (written only by that CPU) and merge them into the main table on read.
 */

enum stp_type { STP_T_LONG, STP_T_STR, STP_T_STAT };

union stp_key {
	int64_t l;
	const char *s;
};

#define STP_MAP_MAXKEYS 9
#define STP_MAP_ITER_DEPTH 3
#define STP_SORT_NONE 0
#define STP_SORT_VALUE (-1)

struct stp_map_desc {
	const char *name;
	int nkeys;
	enum stp_type ktype[STP_MAP_MAXKEYS];
	enum stp_type vtype;
	uint32_t capacity;
	bool wrap;
	const struct stp_stat_desc *stat;
};

/* Node header; key slots and the value follow at stp_map offsets. */
struct stp_mnode {
	uint32_t hnext, prev, next, hash;
	uint64_t seq;
	uint32_t live, pad;
};

struct stp_mtab {
	char *pool;
	uint32_t *buckets;
	uint32_t nbuckets, free, head, tail, count;
	uint32_t last;			/* node last obtained: tried first */
	uint64_t seq;
};

struct stp_map {
	const struct stp_map_desc *d;
	uint32_t cap;
	size_t node_size, voff, koff[STP_MAP_MAXKEYS];
	struct stp_mtab main;
	void *pcpu;			/* stat maps: struct stp_mtab per CPU */
	struct stp_stat *scratch;	/* stat maps: stp_map_get_stat result */
	uint32_t *sortbuf[STP_MAP_ITER_DEPTH];
	struct stp_map_iter *owner[STP_MAP_ITER_DEPTH];
	uint64_t claim[STP_MAP_ITER_DEPTH];
	uint64_t iter_gen;
};

struct stp_map_iter {
	struct stp_map *m;
	const uint32_t *idx;
	uint64_t gen;
	uint32_t n, pos;
	int slot;
	struct stp_mnode *cur;
	struct stp_err *err;
};

static struct stp_mnode *stp_map_node(const struct stp_map *m,
				      const struct stp_mtab *t, uint32_t i)
{
	return (struct stp_mnode *)(t->pool + (size_t)(i - 1) * m->node_size);
}

static char *stp_map_slot(const struct stp_map *m, struct stp_mnode *n,
			  int col)
{
	return (char *)n + m->koff[col];
}

static void *stp_map_val(const struct stp_map *m, struct stp_mnode *n)
{
	return (char *)n + m->voff;
}

static struct stp_mtab *stp_map_cpu_tab(const struct stp_map *m, int cpu)
{
	return stp_alloc_cpu_ptr(m->pcpu, sizeof(struct stp_mtab), cpu);
}

/* FNV-1a of one string key, by its real length (at most MAXSTRINGLEN-1
 * bytes), in one pass. */
static inline uint32_t stp_map_hash_str(uint32_t h, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < MAXSTRINGLEN - 1 && p[i]; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static inline uint32_t stp_map_hash_long(uint32_t h, int64_t v)
{
	uint64_t u = (uint64_t)v;
	int i;

	for (i = 0; i < 8; i++, u >>= 8)
		h = (h ^ (u & 0xff)) * 16777619u;
	return h;
}

/* FNV-1a over the key columns, each column terminated by 0xff. */
static uint32_t stp_map_hash(const struct stp_map *m, const union stp_key *k)
{
	uint32_t h = 2166136261u;
	int c;

	for (c = 0; c < m->d->nkeys; c++) {
		if (m->d->ktype[c] == STP_T_STR)
			h = stp_map_hash_str(h, k[c].s);
		else
			h = stp_map_hash_long(h, k[c].l);
		h = (h ^ 0xff) * 16777619u;
	}
	return h;
}

/* Stored key slot == key string (compared up to MAXSTRINGLEN-1 bytes). */
static inline bool stp_map_str_eq(const char *slot, const char *s)
{
	size_t i;

	for (i = 0; i < MAXSTRINGLEN - 1; i++) {
		if (slot[i] != s[i])
			return false;
		if (!slot[i])
			return true;
	}
	return true;
}

static bool stp_map_key_eq(const struct stp_map *m, struct stp_mnode *n,
			   const union stp_key *k)
{
	const char *slot;
	int c;

	for (c = 0; c < m->d->nkeys; c++) {
		slot = stp_map_slot(m, n, c);
		if (m->d->ktype[c] == STP_T_STR) {
			if (!stp_map_str_eq(slot, k[c].s))
				return false;
		} else if (*(const int64_t *)slot != k[c].l) {
			return false;
		}
	}
	return true;
}

/* The keys of node n as a union stp_key tuple. */
static void stp_map_node_keys(const struct stp_map *m, struct stp_mnode *n,
			      union stp_key *k)
{
	int c;

	for (c = 0; c < m->d->nkeys; c++) {
		if (m->d->ktype[c] == STP_T_STR)
			k[c].s = stp_map_slot(m, n, c);
		else
			k[c].l = *(const int64_t *)stp_map_slot(m, n, c);
	}
}

/* Empty the table: all nodes on the free list, no buckets used. */
static void stp_map_tab_reset(const struct stp_map *m, struct stp_mtab *t)
{
	uint32_t i;

	memset(t->buckets, 0, t->nbuckets * sizeof(uint32_t));
	for (i = 1; i <= m->cap; i++) {
		stp_map_node(m, t, i)->hnext = i < m->cap ? i + 1 : 0;
		stp_map_node(m, t, i)->live = 0;
	}
	t->free = m->cap ? 1 : 0;
	t->last = 0;
	t->head = 0;
	t->tail = 0;
	t->count = 0;
}

static int stp_map_tab_init(const struct stp_map *m, struct stp_mtab *t)
{
	t->nbuckets = 16;
	while (t->nbuckets < m->cap && t->nbuckets < (1u << 30))
		t->nbuckets <<= 1;
	t->buckets = stp_alloc_zeroed(t->nbuckets * sizeof(uint32_t));
	t->pool = stp_alloc_zeroed(m->cap * m->node_size);
	if (!t->buckets || !t->pool)
		return -ENOMEM;
	stp_map_tab_reset(m, t);
	return 0;
}

static void stp_map_tab_free(struct stp_mtab *t)
{
	stp_alloc_free(t->buckets);
	stp_alloc_free(t->pool);
	t->buckets = NULL;
	t->pool = NULL;
}

/* Node index of key k in t, 0 if absent. */
static uint32_t stp_map_find(const struct stp_map *m, const struct stp_mtab *t,
			     const union stp_key *k, uint32_t h)
{
	uint32_t i = t->buckets[h & (t->nbuckets - 1)], steps;

	for (steps = 0; i && steps < m->cap; steps++) {
		if (stp_map_node(m, t, i)->hash == h &&
		    stp_map_key_eq(m, stp_map_node(m, t, i), k))
			return i;
		i = stp_map_node(m, t, i)->hnext;
	}
	return 0;
}

/* Unlink node i from its hash chain and the order list; free it. */
static void stp_map_unlink(const struct stp_map *m, struct stp_mtab *t,
			   uint32_t i)
{
	struct stp_mnode *n = stp_map_node(m, t, i);
	uint32_t *pp = &t->buckets[n->hash & (t->nbuckets - 1)], steps;

	for (steps = 0; *pp && *pp != i && steps < m->cap; steps++)
		pp = &stp_map_node(m, t, *pp)->hnext;
	if (*pp == i)
		*pp = n->hnext;
	if (n->prev)
		stp_map_node(m, t, n->prev)->next = n->next;
	else
		t->head = n->next;
	if (n->next)
		stp_map_node(m, t, n->next)->prev = n->prev;
	else
		t->tail = n->prev;
	n->live = 0;
	n->hnext = t->free;
	t->free = i;
	t->count--;
}

/* Fill node i with key k and a zero value; link it as the newest entry. */
static void stp_map_link(const struct stp_map *m, struct stp_mtab *t,
			 uint32_t i, const union stp_key *k, uint32_t h)
{
	struct stp_mnode *n = stp_map_node(m, t, i);
	uint32_t *head = &t->buckets[h & (t->nbuckets - 1)];
	int c;

	t->free = n->hnext;
	memset(n, 0, m->node_size);
	for (c = 0; c < m->d->nkeys; c++) {
		if (m->d->ktype[c] == STP_T_STR)
			stp_str_copy(stp_map_slot(m, n, c), k[c].s);
		else
			*(int64_t *)stp_map_slot(m, n, c) = k[c].l;
	}
	n->hash = h;
	n->seq = t->seq++;
	n->live = 1;
	n->hnext = *head;
	*head = i;
	n->prev = t->tail;
	if (t->tail)
		stp_map_node(m, t, t->tail)->next = i;
	else
		t->head = i;
	t->tail = i;
	t->count++;
}

/* Insert key k (hash h) as a new node; 0 + err when full. */
static uint32_t stp_map_insert(const struct stp_map *m, struct stp_mtab *t,
			       const union stp_key *k, uint32_t h,
			       const char *full_msg, struct stp_err *err)
{
	uint32_t i;

	if (!t->free && m->d->wrap && t->head)
		stp_map_unlink(m, t, t->head);
	if (!t->free) {
		stp_err_set(err, full_msg);
		return 0;
	}
	i = t->free;
	stp_map_link(m, t, i, k, h);
	return i;
}

/*
 * Node of key k, created (zero value) if absent; 0 + err when full.  The
 * node obtained last is tried first, without hashing: probes tend to hit
 * the same key again (the same process, the same function).  A freed or
 * reused node fails the liveness or key check, so the hint is never stale.
 */
static __always_inline uint32_t stp_map_obtain(const struct stp_map *m,
					       struct stp_mtab *t,
					       const union stp_key *k,
					       const char *full_msg,
					       struct stp_err *err)
{
	uint32_t h, i = t->last;

	if (i && stp_map_node(m, t, i)->live &&
	    stp_map_key_eq(m, stp_map_node(m, t, i), k))
		return i;
	h = stp_map_hash(m, k);
	i = stp_map_find(m, t, k, h);
	if (!i)
		i = stp_map_insert(m, t, k, h, full_msg, err);
	t->last = i;
	return i;
}

static const char stp_map_overflow[] = "Array overflow, check MAXMAPENTRIES";

/* Node layout: header, key slots, value; all 8-byte aligned. */
static void stp_map_layout(struct stp_map *m)
{
	const struct stp_map_desc *d = m->d;
	size_t off = sizeof(struct stp_mnode), vsize = sizeof(int64_t);
	int c;

	for (c = 0; c < d->nkeys; c++) {
		m->koff[c] = off;
		off += d->ktype[c] == STP_T_STR ? MAXSTRINGLEN : sizeof(int64_t);
		off = (off + 7) & ~(size_t)7;
	}
	m->voff = off;
	if (d->vtype == STP_T_STR)
		vsize = MAXSTRINGLEN;
	else if (d->vtype == STP_T_STAT)
		vsize = stp_stat_size(d->stat);
	m->node_size = (off + vsize + 7) & ~(size_t)7;
}

static bool stp_map_desc_ok(const struct stp_map_desc *d)
{
	if (d->nkeys < 1 || d->nkeys > STP_MAP_MAXKEYS)
		return false;
	if (d->vtype == STP_T_STAT && !stp_stat_desc_ok(d->stat))
		return false;
	return true;
}

static void stp_map_free(struct stp_map *m)
{
	int i;

	stp_map_tab_free(&m->main);
	for (i = 0; m->pcpu && i < stp_alloc_ncpus(); i++)
		stp_map_tab_free(stp_map_cpu_tab(m, i));
	stp_alloc_free(m->pcpu);
	stp_alloc_free(m->scratch);
	for (i = 0; i < STP_MAP_ITER_DEPTH; i++)
		stp_alloc_free(m->sortbuf[i]);
	memset(m, 0, sizeof(*m));
}

/* Per-CPU tables and the get_stat scratch of a stat map. */
static int stp_map_init_pcpu(struct stp_map *m)
{
	int i;

	m->pcpu = stp_alloc_percpu(sizeof(struct stp_mtab));
	m->scratch = stp_alloc_zeroed(stp_stat_size(m->d->stat));
	if (!m->pcpu || !m->scratch)
		return -ENOMEM;
	for (i = 0; i < stp_alloc_ncpus(); i++)
		if (stp_map_tab_init(m, stp_map_cpu_tab(m, i)))
			return -ENOMEM;
	return 0;
}

/* Module init: allocate every table of map m described by d. */
static int stp_map_init(struct stp_map *m, const struct stp_map_desc *d)
{
	int i;

	memset(m, 0, sizeof(*m));
	if (!stp_map_desc_ok(d))
		return -EINVAL;
	m->d = d;
	m->cap = d->capacity ? d->capacity : MAXMAPENTRIES;
	stp_map_layout(m);
	for (i = 0; i < STP_MAP_ITER_DEPTH; i++) {
		m->sortbuf[i] = stp_alloc_zeroed(m->cap * sizeof(uint32_t));
		if (!m->sortbuf[i])
			goto fail;
	}
	if (stp_map_tab_init(m, &m->main))
		goto fail;
	if (d->vtype == STP_T_STAT && stp_map_init_pcpu(m))
		goto fail;
	return 0;
fail:
	stp_map_free(m);
	return -ENOMEM;
}

/* Existing node of k in the main table, or NULL. */
static struct stp_mnode *stp_map_lookup(struct stp_map *m,
					const union stp_key *k)
{
	uint32_t i = stp_map_find(m, &m->main, k, stp_map_hash(m, k));

	return i ? stp_map_node(m, &m->main, i) : NULL;
}

static int64_t stp_map_get_long(struct stp_map *m, const union stp_key *k)
{
	struct stp_mnode *n = stp_map_lookup(m, k);

	return n ? *(int64_t *)stp_map_val(m, n) : 0;
}

static const char *stp_map_get_str(struct stp_map *m, const union stp_key *k)
{
	struct stp_mnode *n = stp_map_lookup(m, k);

	return n ? (const char *)stp_map_val(m, n) : "";
}

/* Node of k in the main table, created if needed; NULL + err when full. */
static struct stp_mnode *stp_map_obtain_main(struct stp_map *m,
					     const union stp_key *k,
					     struct stp_err *err)
{
	uint32_t i = stp_map_obtain(m, &m->main, k, stp_map_overflow, err);

	return i ? stp_map_node(m, &m->main, i) : NULL;
}

static int stp_map_set_long(struct stp_map *m, const union stp_key *k,
			    int64_t v, struct stp_err *err)
{
	struct stp_mnode *n = stp_map_obtain_main(m, k, err);

	if (!n)
		return -ENOSPC;
	*(int64_t *)stp_map_val(m, n) = v;
	return 0;
}

static int stp_map_set_str(struct stp_map *m, const union stp_key *k,
			   const char *v, struct stp_err *err)
{
	struct stp_mnode *n = stp_map_obtain_main(m, k, err);

	if (!n)
		return -ENOSPC;
	stp_str_copy(stp_map_val(m, n), v);
	return 0;
}

/* a[k] += delta; returns the new value (0 on overflow). */
static int64_t stp_map_add_long(struct stp_map *m, const union stp_key *k,
				int64_t delta, struct stp_err *err)
{
	struct stp_mnode *n = stp_map_obtain_main(m, k, err);
	int64_t *v;

	if (!n)
		return 0;
	v = stp_map_val(m, n);
	*v = (int64_t)((uint64_t)*v + (uint64_t)delta);
	return *v;
}

/* a[k] <<< v into CPU cpu's table (the caller's CPU, preemption off). */
static __always_inline int __stp_map_stat_add_cpu(struct stp_map *m, int cpu,
						  const union stp_key *k,
						  int64_t v,
						  struct stp_err *err)
{
	struct stp_mtab *t = stp_map_cpu_tab(m, cpu);
	uint32_t i = stp_map_obtain(m, t, k, stp_map_overflow, err);

	if (!i)
		return -ENOSPC;
	stp_stat_sample(stp_map_val(m, stp_map_node(m, t, i)), m->d->stat, v);
	return 0;
}

/* a[k] <<< v into this CPU's table; preemption disabled by the caller. */
static int stp_map_stat_add(struct stp_map *m, const union stp_key *k,
			    int64_t v, struct stp_err *err)
{
	return __stp_map_stat_add_cpu(m, smp_processor_id(), k, v, err);
}

/* Merge node i of CPU table t into the main table. */
static int stp_map_merge_node(struct stp_map *m, struct stp_mtab *t,
			      uint32_t i, struct stp_err *err)
{
	union stp_key k[STP_MAP_MAXKEYS];
	struct stp_mnode *src = stp_map_node(m, t, i);
	uint32_t j;

	stp_map_node_keys(m, src, k);
	j = stp_map_obtain(m, &m->main, k, "aggregation overflow", err);
	if (!j)
		return -ENOSPC;
	stp_stat_merge(stp_map_val(m, stp_map_node(m, &m->main, j)),
		       stp_map_val(m, src), m->d->stat);
	return 0;
}

/* Merge every CPU table into the main table (rebuilt from scratch). */
static int stp_map_aggregate(struct stp_map *m, struct stp_err *err)
{
	struct stp_mtab *t;
	uint32_t i, steps;
	int cpu;

	if (m->d->vtype != STP_T_STAT)
		return 0;
	stp_map_tab_reset(m, &m->main);
	for (cpu = 0; cpu < stp_alloc_ncpus(); cpu++) {
		t = stp_map_cpu_tab(m, cpu);
		for (i = t->head, steps = 0; i && steps < m->cap; steps++) {
			if (stp_map_merge_node(m, t, i, err))
				return -ENOSPC;
			i = stp_map_node(m, t, i)->next;
		}
	}
	return 0;
}

/* Merged statistic of a[k] across CPUs (valid until the next call on m),
 * NULL if no CPU has the key. */
static const struct stp_stat *stp_map_get_stat(struct stp_map *m,
					       const union stp_key *k)
{
	uint32_t h = stp_map_hash(m, k), i;
	struct stp_mtab *t;
	bool found = false;
	int cpu;

	stp_stat_reset(m->scratch, m->d->stat);
	for (cpu = 0; cpu < stp_alloc_ncpus(); cpu++) {
		t = stp_map_cpu_tab(m, cpu);
		i = stp_map_find(m, t, k, h);
		if (!i)
			continue;
		stp_stat_merge(m->scratch,
			       stp_map_val(m, stp_map_node(m, t, i)), m->d->stat);
		found = true;
	}
	return found ? m->scratch : NULL;
}

static bool stp_map_exists(struct stp_map *m, const union stp_key *k)
{
	if (m->d->vtype == STP_T_STAT)
		return stp_map_get_stat(m, k) != NULL;
	return stp_map_lookup(m, k) != NULL;
}

/* delete a[k] (in every CPU table for stat maps). */
static void stp_map_delete(struct stp_map *m, const union stp_key *k)
{
	uint32_t h = stp_map_hash(m, k), i;
	int cpu;

	i = stp_map_find(m, &m->main, k, h);
	if (i)
		stp_map_unlink(m, &m->main, i);
	for (cpu = 0; m->pcpu && cpu < stp_alloc_ncpus(); cpu++) {
		i = stp_map_find(m, stp_map_cpu_tab(m, cpu), k, h);
		if (i)
			stp_map_unlink(m, stp_map_cpu_tab(m, cpu), i);
	}
}

/* delete a */
static void stp_map_clear(struct stp_map *m)
{
	int cpu;

	stp_map_tab_reset(m, &m->main);
	for (cpu = 0; m->pcpu && cpu < stp_alloc_ncpus(); cpu++)
		stp_map_tab_reset(m, stp_map_cpu_tab(m, cpu));
}

/* Number of entries (of the merged view for stat maps). */
static int64_t stp_map_count(struct stp_map *m)
{
	if (m->d->vtype == STP_T_STAT)
		stp_map_aggregate(m, NULL);
	return m->main.count;
}

/* Sort order of one foreach: column (1-based) or value, direction. */
struct stp_map_order {
	const struct stp_map *m;
	int by, dir;
	enum stp_stat_op op;
};

/* The sort key of a stat value: one of the integer extractors. */
static int64_t stp_map_stat_key(const struct stp_map *m,
				const struct stp_stat *st, enum stp_stat_op op)
{
	if (st->count == 0 && op != STP_STAT_SUM)
		return 0;
	return stp_stat_extract(st, m->d->stat, op, NULL);
}

static int stp_map_cmp_long(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

/* Compare nodes a and b on the sort column, ascending. */
static int stp_map_cmp(const struct stp_map_order *o, struct stp_mnode *a,
		       struct stp_mnode *b)
{
	const struct stp_map *m = o->m;
	enum stp_type t;
	const char *pa, *pb;

	if (o->by > 0) {
		t = m->d->ktype[o->by - 1];
		pa = stp_map_slot(m, a, o->by - 1);
		pb = stp_map_slot(m, b, o->by - 1);
	} else {
		t = m->d->vtype;
		pa = stp_map_val(m, a);
		pb = stp_map_val(m, b);
	}
	if (t == STP_T_STR)
		return strcmp(pa, pb);
	if (t == STP_T_STAT)
		return stp_map_cmp_long(
			stp_map_stat_key(m, (const struct stp_stat *)pa, o->op),
			stp_map_stat_key(m, (const struct stp_stat *)pb, o->op));
	return stp_map_cmp_long(*(const int64_t *)pa, *(const int64_t *)pb);
}

/* Strict order: sort column in the requested direction, then insertion. */
static bool stp_map_before(const struct stp_map_order *o, uint32_t ia,
			   uint32_t ib)
{
	struct stp_mnode *a = stp_map_node(o->m, &o->m->main, ia);
	struct stp_mnode *b = stp_map_node(o->m, &o->m->main, ib);
	int c = stp_map_cmp(o, a, b) * o->dir;

	return c ? c < 0 : a->seq < b->seq;
}

static void stp_map_sift(const struct stp_map_order *o, uint32_t *a,
			 uint32_t root, uint32_t n)
{
	uint32_t child, tmp;

	while ((child = 2 * root + 1) < n) {
		if (child + 1 < n && stp_map_before(o, a[child], a[child + 1]))
			child++;
		if (!stp_map_before(o, a[root], a[child]))
			return;
		tmp = a[root];
		a[root] = a[child];
		a[child] = tmp;
		root = child;
	}
}

/* Iterative heapsort: O(n log n), no recursion, no extra memory. */
static void stp_map_sort(const struct stp_map_order *o, uint32_t *a,
			 uint32_t n)
{
	uint32_t i, tmp;

	for (i = n / 2; i-- > 0;)
		stp_map_sift(o, a, i, n);
	for (i = n; i-- > 1;) {
		tmp = a[0];
		a[0] = a[i];
		a[i] = tmp;
		stp_map_sift(o, a, 0, i);
	}
}

/* True if the iterator holding slot s has run to its end. */
static bool stp_map_slot_done(const struct stp_map *m, int s)
{
	const struct stp_map_iter *o = m->owner[s];

	return !o || (o->m == m && o->slot == s && o->gen == m->claim[s] &&
		      o->pos >= o->n);
}

/* Index buffer for iterator it: its own, a free or finished one, else the
 * least recently claimed (whose iterator then fails). */
static int stp_map_claim(struct stp_map *m, struct stp_map_iter *it)
{
	int s, best = 0;

	for (s = 0; s < STP_MAP_ITER_DEPTH; s++)
		if (m->owner[s] == it)
			return s;
	for (s = 0; s < STP_MAP_ITER_DEPTH; s++) {
		if (stp_map_slot_done(m, s))
			return s;
		if (m->claim[s] < m->claim[best])
			best = s;
	}
	return best;
}

/* Snapshot the main table in insertion order into buf; returns count. */
static uint32_t stp_map_snapshot(const struct stp_map *m, uint32_t *buf)
{
	uint32_t i, n = 0;

	for (i = m->main.head; i && n < m->cap;
	     i = stp_map_node(m, &m->main, i)->next)
		buf[n++] = i;
	return n;
}

/*
 * foreach: snapshot (and for stat maps first aggregate) the entries,
 * sort them by key column sort_by (1-based) or STP_SORT_VALUE in direction
 * dir, keep the first limit (< 0: all).
 */
static int stp_map_iter_begin(struct stp_map_iter *it, struct stp_map *m,
			      int sort_by, int dir, enum stp_stat_op sort_op,
			      int64_t limit, struct stp_err *err)
{
	struct stp_map_order o = { .m = m, .by = sort_by,
				   .dir = dir < 0 ? -1 : 1, .op = sort_op };
	uint32_t *buf;
	int s;

	memset(it, 0, sizeof(*it));
	it->m = m;
	it->err = err;
	if (sort_by > m->d->nkeys || sort_by < STP_SORT_VALUE) {
		stp_err_set(err, "invalid foreach sort column");
		return -EINVAL;
	}
	if (m->d->vtype == STP_T_STAT && stp_map_aggregate(m, err))
		return -ENOSPC;
	s = stp_map_claim(m, it);
	buf = m->sortbuf[s];
	it->n = stp_map_snapshot(m, buf);
	if (sort_by != STP_SORT_NONE)
		stp_map_sort(&o, buf, it->n);
	if (limit >= 0 && limit < (int64_t)it->n)
		it->n = (uint32_t)limit;
	it->idx = buf;
	it->slot = s;
	it->gen = ++m->iter_gen;
	m->owner[s] = it;
	m->claim[s] = it->gen;
	return 0;
}

/* Advance to the next live entry; false at the end or on error. */
static bool stp_map_iter_next(struct stp_map_iter *it)
{
	struct stp_map *m = it->m;
	struct stp_mnode *n;

	if (!m || !it->idx)
		return false;
	if (m->owner[it->slot] != it || m->claim[it->slot] != it->gen) {
		stp_err_set(it->err, "too many nested foreach on one array");
		return false;
	}
	while (it->pos < it->n) {
		n = stp_map_node(m, &m->main, it->idx[it->pos++]);
		if (n->live) {
			it->cur = n;
			return true;
		}
	}
	return false;
}

/* Optional: release the iterator's buffer early (break out of foreach). */
static void stp_map_iter_end(struct stp_map_iter *it)
{
	if (it->m && it->m->owner[it->slot] == it)
		it->m->owner[it->slot] = NULL;
	it->idx = NULL;
}

static int64_t stp_map_iter_key_long(const struct stp_map_iter *it, int col)
{
	return *(const int64_t *)stp_map_slot(it->m, it->cur, col);
}

static const char *stp_map_iter_key_str(const struct stp_map_iter *it, int col)
{
	return stp_map_slot(it->m, it->cur, col);
}

static int64_t stp_map_iter_long(const struct stp_map_iter *it)
{
	return *(const int64_t *)stp_map_val(it->m, it->cur);
}

static const char *stp_map_iter_str(const struct stp_map_iter *it)
{
	return stp_map_val(it->m, it->cur);
}

static const struct stp_stat *stp_map_iter_stat(const struct stp_map_iter *it)
{
	return stp_map_val(it->m, it->cur);
}
