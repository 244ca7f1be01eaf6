#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "linecount.h"
#include "treediff.h"

#define RENAME_LIMIT 1000	/* git's default diff.renameLimit */
#define MAX_SCORE 60000		/* git's scale of similarity */
#define MIN_SCORE 30000		/* 50%, git's default for renames */
#define BASENAME_SCORE 45000	/* 75%, for pairs of the same base name */
#define CANDIDATES 4		/* best sources kept per added path */
#define HASHBASE 107927		/* git's span hash modulus */
#define CHUNK 64		/* bytes compared at a time by shared() */
#define BIGCHUNK 1024		/* and before that, while all are equal */

/* The path being walked: a growing buffer of "dir/sub/". */
struct prefix {
	char *buf;
	size_t len;
	size_t cap;
};

static int
nomem(struct dp_error *e)
{
	return dp_error_set(e, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

/* Wraps libgit2's last error as code. */
static int
gitfail(struct dp_error *e, enum dp_error_code code, const char *what)
{
	const git_error *ge = git_error_last();

	return dp_error_set(e, code, NULL, 0, 0, "%s: %s", what,
	    ge != NULL ? ge->message : "unknown libgit2 error");
}

static void tree_drop(struct dp_treediff_tree *);

void
dp_treediff_init(struct dp_treediff *d)
{
	memset(d, 0, sizeof(*d));
}

void
dp_treediff_clear(struct dp_treediff *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].path);
		free(d->v[i].old_path);
	}
	d->n = 0;
}

void
dp_treediff_release(struct dp_treediff *d)
{
	size_t i;

	dp_treediff_clear(d);
	for (i = 0; i < DP_TREEDIFF_RECENT; i++)
		tree_drop(d->recent[i]);
	free(d->v);
	dp_treediff_init(d);
}

/* One entry of a raw tree object: "mode SP name NUL id". */
struct entry {
	const char *name;
	size_t len;
	uint32_t mode;		/* as libgit2 normalises it */
	const unsigned char *id;	/* GIT_OID_RAWSZ bytes */
};

/* A position in a raw tree object. */
struct cursor {
	const unsigned char *p;
	const unsigned char *end;
};

/* libgit2's normalisation of a tree entry's mode (git_tree_entry_filemode). */
static uint32_t
normal_mode(uint32_t m)
{
	if ((m & 0170000) == GIT_FILEMODE_TREE)
		return GIT_FILEMODE_TREE;
	if ((m & 0100) != 0)
		return GIT_FILEMODE_BLOB_EXECUTABLE;
	if ((m & 0170000) == GIT_FILEMODE_COMMIT)
		return GIT_FILEMODE_COMMIT;
	if ((m & 0170000) == GIT_FILEMODE_LINK)
		return GIT_FILEMODE_LINK;
	return GIT_FILEMODE_BLOB;
}

/* Reads the next entry of c into t; returns 1, 0 at the end, -1 if bad. */
static int
next_entry(struct cursor *c, struct entry *t)
{
	const unsigned char *p = c->p, *end = c->end, *name;
	uint32_t m = 0;

	if (p == end)
		return 0;
	/* most entries are files, "100644 name" */
	if (end - p > 7 && memcmp(p, "100644 ", 7) == 0) {
		m = GIT_FILEMODE_BLOB;
		p += 6;
		goto name;
	}
	/* at most 7 octal digits, then a space */
	for (name = p + 7; p < end && p < name && *p != ' '; p++) {
		if (*p < '0' || *p > '7')
			return -1;
		m = m * 8 + (uint32_t)(*p - '0');
	}
	if (p == c->p || p == end || *p != ' ')
		return -1;
name:
	/* names are short: a loop is cheaper than a call to memchr */
	for (name = ++p; p < end && *p != '\0'; p++)
		continue;
	if (p == name || p == end || (size_t)(end - p - 1) < GIT_OID_RAWSZ)
		return -1;
	t->name = (const char *)name;
	t->len = (size_t)(p - name);
	t->mode = normal_mode(m);
	t->id = p + 1;
	c->p = p + 1 + GIT_OID_RAWSZ;
	return 1;
}

/*
 * Compares two entries of sorted trees in git's order: a tree's name
 * compares as if it ended in '/'.
 */
static int
entry_cmp(const struct entry *a, const struct entry *b)
{
	size_t m = a->len < b->len ? a->len : b->len;
	unsigned char ca, cb;
	int c;

	if ((c = memcmp(a->name, b->name, m)) != 0)
		return c;
	ca = a->len > m ? (unsigned char)a->name[m] :
	    a->mode == GIT_FILEMODE_TREE ? '/' : '\0';
	cb = b->len > m ? (unsigned char)b->name[m] :
	    b->mode == GIT_FILEMODE_TREE ? '/' : '\0';
	return (int)ca - (int)cb;
}

/* Appends name (and '/' when dir) to p; returns its old length or -1. */
static long
prefix_push(struct prefix *p, const char *name, size_t n, int dir)
{
	size_t old = p->len;
	char *nb;

	if (p->len + n + 2 > p->cap) {
		size_t cap = (p->len + n + 2) * 2;

		if ((nb = realloc(p->buf, cap)) == NULL)
			return -1;
		p->buf = nb;
		p->cap = cap;
	}
	memcpy(p->buf + p->len, name, n);
	p->len += n;
	if (dir)
		p->buf[p->len++] = '/';
	p->buf[p->len] = '\0';
	return (long)old;
}

/* Appends a change of the path in p; o or n may be NULL. */
static int
add_change(struct dp_treediff *d, const struct prefix *p,
    const struct entry *o, const struct entry *n)
{
	struct dp_treediff_change *c;

	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;

		if ((c = realloc(d->v, cap * sizeof(*c))) == NULL)
			return -1;
		d->v = c;
		d->cap = cap;
	}
	c = &d->v[d->n];
	memset(c, 0, sizeof(*c));
	if ((c->path = strndup(p->buf, p->len)) == NULL)
		return -1;
	if (o != NULL) {
		git_oid_fromraw(&c->old_id, o->id);
		c->old_mode = o->mode;
	}
	if (n != NULL) {
		git_oid_fromraw(&c->new_id, n->id);
		c->new_mode = n->mode;
	}
	d->n++;
	return 0;
}

/*
 * A tree read from the object database, with the offset of each entry
 * (and of its end, offs[n]); shared by d's recent trees and the walks
 * that use it.
 */
struct dp_treediff_tree {
	int refs;
	git_oid id;
	git_odb_object *obj;
	const unsigned char *data;
	size_t len;
	size_t *offs;		/* NULL until indexed */
	size_t n;
};

static void
tree_drop(struct dp_treediff_tree *t)
{
	if (t == NULL || --t->refs > 0)
		return;
	git_odb_object_free(t->obj);
	free(t->offs);
	free(t);
}

/* Makes room in the index of t for n more offsets. */
static int
offs_reserve(struct dp_treediff_tree *t, size_t *cap, size_t n,
    struct dp_error *e)
{
	size_t c = *cap;
	size_t *v;

	while (c < t->n + n + 1)
		c *= 2;
	if (c == *cap)
		return 0;
	if ((v = realloc(t->offs, c * sizeof(*v))) == NULL)
		return nomem(e);
	t->offs = v;
	*cap = c;
	return 0;
}

/* The length of the common prefix of a and b, at most m bytes. */
static size_t
same_head(const unsigned char *a, const unsigned char *b, size_t m)
{
	size_t l = 0;

	while (l + BIGCHUNK <= m && memcmp(a + l, b + l, BIGCHUNK) == 0)
		l += BIGCHUNK;
	while (l + CHUNK <= m && memcmp(a + l, b + l, CHUNK) == 0)
		l += CHUNK;
	while (l < m && a[l] == b[l])
		l++;
	return l;
}

/* The length of the common suffix of a and b (ending at ae, be), <= m. */
static size_t
same_tail(const unsigned char *ae, const unsigned char *be, size_t m)
{
	size_t s = 0;

	while (s + BIGCHUNK <= m && memcmp(ae - s - BIGCHUNK,
	    be - s - BIGCHUNK, BIGCHUNK) == 0)
		s += BIGCHUNK;
	while (s + CHUNK <= m && memcmp(ae - s - CHUNK, be - s - CHUNK,
	    CHUNK) == 0)
		s += CHUNK;
	while (s < m && ae[-(long)s - 1] == be[-(long)s - 1])
		s++;
	return s;
}

/*
 * The bytes two versions of a tree share: *l, the length of their
 * common prefix, and *s, that of their common suffix, which starts
 * after the entry that holds the end of the prefix.  x is indexed; its
 * entries in the prefix are also y's, at the same offsets.
 */
static void
shared(const struct dp_treediff_tree *x, const struct dp_treediff_tree *y,
    size_t *l, size_t *s)
{
	size_t m = x->len < y->len ? x->len : y->len, i = 0;

	*l = same_head(x->data, y->data, m);
	while (i < x->n && x->offs[i + 1] <= *l)
		i++;
	*s = same_tail(x->data + x->len, y->data + y->len, m - x->offs[i]);
}

/*
 * Finds the entries of t, reusing those of u (indexed, or NULL) where
 * the two share their bytes, l of prefix and s of suffix (shared()):
 * the entries of the common prefix, and from the first entry of t that
 * starts in the common suffix where an entry of u starts, all the rest.
 * Returns 0, or -1 when t is malformed or memory runs out (DP_ERR_DATA,
 * DP_ERR_NOMEM).
 */
static int
tree_index(struct dp_treediff_tree *t, const struct dp_treediff_tree *u,
    size_t l, size_t s, struct dp_error *e, const char *where)
{
	struct cursor c = { t->data, t->data + t->len };
	size_t cap = 64, i = 0, j, shift, q;
	struct entry x;
	int rc;

	if (u != NULL)
		while (i < u->n && u->offs[i + 1] <= l)
			i++;
	while (cap <= i + 1)
		cap *= 2;
	if ((t->offs = malloc(cap * sizeof(*t->offs))) == NULL)
		return nomem(e);
	t->offs[0] = 0;
	if (i > 0)
		memcpy(t->offs + 1, u->offs + 1, i * sizeof(*t->offs));
	t->n = i;
	c.p += t->offs[t->n];
	for (j = i; (rc = next_entry(&c, &x)) > 0; ) {
		q = (size_t)(c.p - t->data);
		if (offs_reserve(t, &cap, 1, e) != 0)
			return -1;
		t->offs[++t->n] = q;
		if (u == NULL || t->len - q > s)
			continue;
		/* in the common suffix: does an entry of u start here too? */
		shift = u->len - (t->len - q);
		while (j < u->n && u->offs[j] < shift)
			j++;
		if (j == u->n || u->offs[j] != shift)
			continue;
		if (offs_reserve(t, &cap, u->n - j, e) != 0)
			return -1;
		for (; j < u->n; j++)
			t->offs[++t->n] = u->offs[j + 1] - shift + q;
		return 0;
	}
	if (rc < 0)
		return dp_error_set(e, DP_ERR_DATA, NULL, 0, 0,
		    "%s: corrupt tree", *where != '\0' ? where : "/");
	return 0;
}

/*
 * Reads tree id (NULL: the empty tree) into *out, a new reference (NULL
 * for the empty tree), from d's recent trees when it is one of them.
 */
static int
tree_read(struct dp_treediff *d, git_odb *odb, const git_oid *id,
    struct dp_treediff_tree **out, struct dp_error *e, const char *where)
{
	struct dp_treediff_tree *t;
	size_t i;

	*out = NULL;
	if (id == NULL)
		return 0;
	for (i = 0; i < DP_TREEDIFF_RECENT; i++) {
		t = d->recent[i];
		/* the first byte rules out nearly all without a call */
		if (t != NULL && t->id.id[0] == id->id[0] &&
		    git_oid_equal(id, &t->id)) {
			t->refs++;
			*out = t;
			return 0;
		}
	}
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return nomem(e);
	t->refs = 1;
	if (git_odb_read(&t->obj, odb, id) != 0) {
		gitfail(e, DP_ERR_DATA, where);
		goto fail;
	}
	if (git_odb_object_type(t->obj) != GIT_OBJECT_TREE) {
		dp_error_set(e, DP_ERR_DATA, NULL, 0, 0, "%s: not a tree",
		    where);
		goto fail;
	}
	git_oid_cpy(&t->id, id);
	t->data = git_odb_object_data(t->obj);
	t->len = git_odb_object_size(t->obj);
	tree_drop(d->recent[d->next]);
	d->recent[d->next] = t;
	d->next = (d->next + 1) % DP_TREEDIFF_RECENT;
	t->refs++;
	*out = t;
	return 0;
fail:
	tree_drop(t);
	return -1;
}

/* Entry i of t, which tree_index() found sound. */
static void
entry_at(const struct dp_treediff_tree *t, size_t i, struct entry *x)
{
	struct cursor c = { t->data + t->offs[i], t->data + t->offs[i + 1] };

	next_entry(&c, x);
}

/*
 * Narrows [*i, *on) of o and [*i, *nn) of n to the entries that differ:
 * the entries of their common prefix of l bytes are the same on both
 * sides, and so are those of their common suffix of s bytes (shared())
 * whose entries start at the same distances from the ends.  A commit changes few entries of a tree, so
 * this leaves little to compare.
 */
static void
narrow(const struct dp_treediff_tree *o, const struct dp_treediff_tree *n,
    size_t l, size_t s, size_t *i, size_t *on, size_t *nn)
{
	size_t a, b;

	while (*i < o->n && o->offs[*i + 1] <= l)
		(*i)++;
	while (*on > *i && *nn > *i) {
		a = o->len - o->offs[*on - 1];
		b = n->len - n->offs[*nn - 1];
		if (a != b || a > s)
			break;
		(*on)--;
		(*nn)--;
	}
}

static int walk(struct dp_treediff *, git_odb *, const git_oid *,
    const git_oid *, struct prefix *, struct dp_error *);

/*
 * Reports the pair o, n (same name, either may be NULL, trees on both
 * sides or on neither) below p.
 */
static int
pair(struct dp_treediff *d, git_odb *odb, const struct entry *o,
    const struct entry *n, struct prefix *p, struct dp_error *e)
{
	const struct entry *any = o != NULL ? o : n;
	git_oid oid, nid;
	long old;
	int rc = -1, dir = any->mode == GIT_FILEMODE_TREE;

	if (o != NULL && n != NULL && o->mode == n->mode &&
	    memcmp(o->id, n->id, GIT_OID_RAWSZ) == 0)
		return 0;
	if ((old = prefix_push(p, any->name, any->len, dir)) < 0)
		return nomem(e);
	if (!dir) {
		if ((rc = add_change(d, p, o, n)) != 0)
			nomem(e);
		goto out;
	}
	if (o != NULL)
		git_oid_fromraw(&oid, o->id);
	if (n != NULL)
		git_oid_fromraw(&nid, n->id);
	rc = walk(d, odb, o != NULL ? &oid : NULL, n != NULL ? &nid : NULL,
	    p, e);
out:
	p->len = (size_t)old;
	p->buf[p->len] = '\0';
	return rc;
}

/* The merge-join of trees oid and nid (either may be NULL) below p. */
static int
walk(struct dp_treediff *d, git_odb *odb, const git_oid *oid,
    const git_oid *nid, struct prefix *p, struct dp_error *e)
{
	struct dp_treediff_tree *ot = NULL, *nt = NULL;
	size_t i = 0, j = 0, on, nn, l = 0, s = 0;
	struct entry o, n;
	int c, rc = -1;

	if (tree_read(d, odb, oid, &ot, e, p->buf) != 0 ||
	    tree_read(d, odb, nid, &nt, e, p->buf) != 0)
		goto out;
	if (ot != NULL && nt != NULL) {
		/* the old tree is often indexed already, as a newer commit's */
		if (ot->offs == NULL && nt->offs == NULL &&
		    tree_index(ot, NULL, 0, 0, e, p->buf) != 0)
			goto out;
		if (ot->offs != NULL)
			shared(ot, nt, &l, &s);
		else
			shared(nt, ot, &l, &s);
		if ((ot->offs == NULL && tree_index(ot, nt, l, s, e,
		    p->buf) != 0) || (nt->offs == NULL && tree_index(nt, ot,
		    l, s, e, p->buf) != 0))
			goto out;
	} else if ((ot != NULL && ot->offs == NULL && tree_index(ot, NULL, 0,
	    0, e, p->buf) != 0) || (nt != NULL && nt->offs == NULL &&
	    tree_index(nt, NULL, 0, 0, e, p->buf) != 0))
		goto out;
	on = ot != NULL ? ot->n : 0;
	nn = nt != NULL ? nt->n : 0;
	if (ot != NULL && nt != NULL) {
		narrow(ot, nt, l, s, &i, &on, &nn);
		j = i;
	}
	if (i < on)
		entry_at(ot, i, &o);
	if (j < nn)
		entry_at(nt, j, &n);
	while (i < on || j < nn) {
		c = i == on ? 1 : j == nn ? -1 : entry_cmp(&o, &n);
		if (pair(d, odb, c <= 0 ? &o : NULL, c >= 0 ? &n : NULL, p,
		    e) != 0)
			goto out;
		if (c <= 0 && ++i < on)
			entry_at(ot, i, &o);
		if (c >= 0 && ++j < nn)
			entry_at(nt, j, &n);
	}
	rc = 0;
out:
	tree_drop(ot);
	tree_drop(nt);
	return rc;
}

int
dp_treediff_ids(struct dp_treediff *d, git_repository *git,
    const git_oid *old_tree, const git_oid *new_tree, struct dp_error *err)
{
	struct prefix p = { NULL, 0, 0 };
	git_odb *odb = NULL;
	int rc = -1;

	dp_treediff_clear(d);
	if (prefix_push(&p, "", 0, 0) < 0)
		return nomem(err);
	if (git_repository_odb(&odb, git) != 0)
		gitfail(err, DP_ERR_DATA, "object database");
	else if ((rc = walk(d, odb, old_tree, new_tree, &p, err)) != 0)
		dp_treediff_clear(d);
	git_odb_free(odb);
	free(p.buf);
	return rc;
}

int
dp_treediff_trees(struct dp_treediff *d, git_repository *git,
    const git_tree *old_tree, const git_tree *new_tree, struct dp_error *err)
{
	return dp_treediff_ids(d, git, old_tree != NULL ?
	    git_tree_id(old_tree) : NULL, new_tree != NULL ?
	    git_tree_id(new_tree) : NULL, err);
}

static int
is_added(const struct dp_treediff_change *c)
{
	return c->old_mode == 0 && c->new_mode != GIT_FILEMODE_COMMIT;
}

static int
is_deleted(const struct dp_treediff_change *c)
{
	return c->new_mode == 0 && c->old_mode != GIT_FILEMODE_COMMIT;
}

/* Orders changes by the id of their existing side, then by path. */
static int
by_id(const void *a, const void *b)
{
	const struct dp_treediff_change *x = *(void *const *)a;
	const struct dp_treediff_change *y = *(void *const *)b;
	int c = git_oid_cmp(x->new_mode ? &x->new_id : &x->old_id,
	    y->new_mode ? &y->new_id : &y->old_id);

	return c != 0 ? c : strcmp(x->path, y->path);
}

/* Orders changes by path. */
static int
by_path(const void *a, const void *b)
{
	const struct dp_treediff_change *x = *(void *const *)a;
	const struct dp_treediff_change *y = *(void *const *)b;

	return strcmp(x->path, y->path);
}

/* Makes the added change a the rename of the deleted change del. */
static void
rename_into(struct dp_treediff_change *a, struct dp_treediff_change *del,
    int similarity)
{
	a->old_path = del->path;
	a->old_id = del->old_id;
	a->old_mode = del->old_mode;
	a->similarity = similarity;
	del->path = NULL;
}

/* Fills *adds and *dels with the unpaired added and deleted changes. */
static int
split(struct dp_treediff *d, struct dp_treediff_change ***adds, size_t *na,
    struct dp_treediff_change ***dels, size_t *nd)
{
	size_t i;

	*na = *nd = 0;
	*adds = calloc(d->n + 1, sizeof(**adds));
	*dels = calloc(d->n + 1, sizeof(**dels));
	if (*adds == NULL || *dels == NULL)
		return -1;
	for (i = 0; i < d->n; i++) {
		if (d->v[i].path == NULL || d->v[i].old_path != NULL)
			continue;
		if (is_added(&d->v[i]))
			(*adds)[(*na)++] = &d->v[i];
		else if (is_deleted(&d->v[i]))
			(*dels)[(*nd)++] = &d->v[i];
	}
	return 0;
}

/* Pairs added and deleted changes of the same blob id. */
static void
exact(struct dp_treediff_change **adds, size_t na,
    struct dp_treediff_change **dels, size_t nd)
{
	size_t i = 0, j = 0;
	int c;

	qsort(adds, na, sizeof(*adds), by_id);
	qsort(dels, nd, sizeof(*dels), by_id);
	while (i < na && j < nd) {
		c = git_oid_cmp(&adds[i]->new_id, &dels[j]->old_id);
		if (c == 0)
			rename_into(adds[i++], dels[j++], 100);
		else if (c < 0)
			i++;
		else
			j++;
	}
}

/*
 * Similarity as git's diffcore-delta measures it: both sides are cut
 * into spans that end at a newline or after 64 bytes (a CR before a LF
 * skipped in text), each span hashed; the score is the number of bytes
 * of the old side's spans found again in the new side, over the larger
 * size, on a scale of MAX_SCORE.
 */
struct span {
	unsigned int hash;
	unsigned int cnt;
};

/* A side of a possible rename: its blob and spans, made on demand. */
struct cand {
	struct dp_treediff_change *c;
	git_blob *blob;
	struct span *spans;
	size_t nspans;
	size_t size;
	int used;
};

/* A scored pair of an added (dst) and a deleted (src) candidate. */
struct score {
	size_t dst;
	size_t src;
	int score;
	int same_name;
};

static int
by_hash(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->hash < y->hash ? -1 : x->hash > y->hash;
}

/* Cuts the blob of k into sorted spans with summed counts. */
static int
spans_make(struct cand *k)
{
	const unsigned char *buf = git_blob_rawcontent(k->blob);
	size_t sz = k->size, n = 0, i, j;
	unsigned int a1 = 0, a2 = 0, old, c;
	int text = !dp_linecount_is_binary(buf, sz);
	struct span *v;

	if ((v = malloc((sz / 1 + 1) * sizeof(*v))) == NULL)
		return -1;
	k->nspans = 0;
	while (sz > 0) {
		c = *buf++;
		old = a1;
		sz--;
		if (text && c == '\r' && sz > 0 && *buf == '\n')
			continue;
		a1 = (a1 << 7) ^ (a2 >> 25);
		a2 = (a2 << 7) ^ (old >> 25);
		a1 += c;
		if (++n < 64 && c != '\n')
			continue;
		v[k->nspans].hash = (a1 + a2 * 0x61) % HASHBASE;
		v[k->nspans++].cnt = (unsigned int)n;
		n = 0;
		a1 = a2 = 0;
	}
	if (n > 0) {
		v[k->nspans].hash = (a1 + a2 * 0x61) % HASHBASE;
		v[k->nspans++].cnt = (unsigned int)n;
	}
	qsort(v, k->nspans, sizeof(*v), by_hash);
	for (i = 0, j = 0; i < k->nspans; i++) {
		if (j > 0 && v[j - 1].hash == v[i].hash)
			v[j - 1].cnt += v[i].cnt;
		else
			v[j++] = v[i];
	}
	k->nspans = j;
	k->spans = v;
	return 0;
}

/* Reads the blob of k on first use. */
static int
cand_load(struct cand *k, git_repository *git, int spans,
    struct dp_error *e)
{
	const git_oid *id = k->c->new_mode ? &k->c->new_id : &k->c->old_id;

	if (k->blob == NULL) {
		if (git_blob_lookup(&k->blob, git, id) != 0)
			return gitfail(e, DP_ERR_DATA, "blob");
		k->size = (size_t)git_blob_rawsize(k->blob);
	}
	if (spans && k->spans == NULL && spans_make(k) != 0)
		return nomem(e);
	return 0;
}

static int
is_regular(uint32_t mode)
{
	return mode == GIT_FILEMODE_BLOB ||
	    mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

/* Scores src against dst into *score (0 when not a candidate). */
static int
similarity(git_repository *git, struct cand *src, struct cand *dst,
    int *score, struct dp_error *e)
{
	size_t max, min, i = 0, j = 0;
	unsigned long long copied = 0;

	*score = 0;
	if (!is_regular(src->c->old_mode) || !is_regular(dst->c->new_mode))
		return 0;
	if (cand_load(src, git, 0, e) != 0 || cand_load(dst, git, 0, e) != 0)
		return -1;
	max = src->size > dst->size ? src->size : dst->size;
	min = src->size < dst->size ? src->size : dst->size;
	if (dst->size == 0 || (unsigned long long)max * (MAX_SCORE -
	    MIN_SCORE) < (unsigned long long)(max - min) * MAX_SCORE)
		return 0;
	if (cand_load(src, git, 1, e) != 0 || cand_load(dst, git, 1, e) != 0)
		return -1;
	while (i < src->nspans) {
		while (j < dst->nspans && dst->spans[j].hash <
		    src->spans[i].hash)
			j++;
		if (j < dst->nspans && dst->spans[j].hash ==
		    src->spans[i].hash)
			copied += src->spans[i].cnt < dst->spans[j].cnt ?
			    src->spans[i].cnt : dst->spans[j].cnt;
		i++;
	}
	*score = (int)(copied * MAX_SCORE / max);
	return 0;
}

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

static int
by_score(const void *a, const void *b)
{
	const struct score *x = a, *y = b;

	if (x->score != y->score)
		return y->score - x->score;
	if (x->same_name != y->same_name)
		return y->same_name - x->same_name;
	if (x->dst != y->dst)
		return x->dst < y->dst ? -1 : 1;
	return x->src < y->src ? -1 : x->src > y->src;
}

/* Returns the index of the only candidate of v named base, or n. */
static size_t
only_named(struct cand *v, size_t n, const char *base)
{
	size_t i, hit = n;

	for (i = 0; i < n; i++) {
		if (strcmp(base_name(v[i].c->path), base) != 0)
			continue;
		if (hit != n)
			return n;
		hit = i;
	}
	return hit;
}

/*
 * git's first step: a deleted and an added path whose base name is
 * unique on both sides pair when they are at least BASENAME_SCORE alike.
 */
static int
by_basename(git_repository *git, struct cand *src, size_t ns,
    struct cand *dst, size_t nd, struct dp_error *e)
{
	size_t i, k;
	int sc;

	for (i = 0; i < ns; i++) {
		const char *b = base_name(src[i].c->path);

		if (only_named(src, ns, b) != i ||
		    (k = only_named(dst, nd, b)) == nd || dst[k].used)
			continue;
		if (similarity(git, &src[i], &dst[k], &sc, e) != 0)
			return -1;
		if (sc < BASENAME_SCORE)
			continue;
		src[i].used = dst[k].used = 1;
		rename_into(dst[k].c, src[i].c, sc * 100 / MAX_SCORE);
	}
	return 0;
}

/*
 * git's second step: the best CANDIDATES sources of every added path,
 * then pairs by falling score, each path used once.
 */
static int
by_matrix(git_repository *git, struct cand *src, size_t ns,
    struct cand *dst, size_t nd, struct dp_error *e)
{
	struct score *v, best[CANDIDATES];
	size_t i, j, k, n = 0, nb;
	int sc;

	if ((v = calloc(nd * CANDIDATES + 1, sizeof(*v))) == NULL)
		return nomem(e);
	for (i = 0; i < nd; i++) {
		if (dst[i].used)
			continue;
		nb = 0;
		for (j = 0; j < ns; j++) {
			if (src[j].used)
				continue;
			if (similarity(git, &src[j], &dst[i], &sc, e) != 0) {
				free(v);
				return -1;
			}
			if (sc < MIN_SCORE)
				continue;
			/* keep the best few, by score then source order */
			for (k = nb; k > 0 && best[k - 1].score < sc; k--)
				if (k < CANDIDATES)
					best[k] = best[k - 1];
			if (k >= CANDIDATES)
				continue;
			best[k].dst = i;
			best[k].src = j;
			best[k].score = sc;
			best[k].same_name = strcmp(base_name(src[j].c->path),
			    base_name(dst[i].c->path)) == 0;
			if (nb < CANDIDATES)
				nb++;
		}
		for (k = 0; k < nb; k++)
			v[n++] = best[k];
	}
	qsort(v, n, sizeof(*v), by_score);
	for (i = 0; i < n; i++) {
		if (dst[v[i].dst].used || src[v[i].src].used)
			continue;
		dst[v[i].dst].used = src[v[i].src].used = 1;
		rename_into(dst[v[i].dst].c, src[v[i].src].c,
		    v[i].score * 100 / MAX_SCORE);
	}
	free(v);
	return 0;
}

static void
cands_free(struct cand *v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++) {
		git_blob_free(v[i].blob);
		free(v[i].spans);
	}
	free(v);
}

/* Pairs similar added and deleted changes as git does. */
static int
similar(git_repository *git, struct dp_treediff_change **adds, size_t na,
    struct dp_treediff_change **dels, size_t nd, struct dp_error *e)
{
	struct cand *src, *dst;
	size_t i;
	int rc = -1;

	src = calloc(nd, sizeof(*src));
	dst = calloc(na, sizeof(*dst));
	if (src == NULL || dst == NULL) {
		nomem(e);
		goto out;
	}
	/* candidates in path order, as git lists them */
	qsort(adds, na, sizeof(*adds), by_path);
	qsort(dels, nd, sizeof(*dels), by_path);
	for (i = 0; i < nd; i++)
		src[i].c = dels[i];
	for (i = 0; i < na; i++)
		dst[i].c = adds[i];
	if (by_basename(git, src, nd, dst, na, e) == 0 &&
	    by_matrix(git, src, nd, dst, na, e) == 0)
		rc = 0;
out:
	cands_free(src, nd);
	cands_free(dst, na);
	return rc;
}

/* Drops the changes whose path moved into a rename. */
static void
compact(struct dp_treediff *d)
{
	size_t i, k = 0;

	for (i = 0; i < d->n; i++)
		if (d->v[i].path != NULL)
			d->v[k++] = d->v[i];
	d->n = k;
}

int
dp_treediff_renames(struct dp_treediff *d, git_repository *git,
    struct dp_error *err)
{
	struct dp_treediff_change **adds = NULL, **dels = NULL;
	size_t na, nd;
	int rc = -1;

	if (split(d, &adds, &na, &dels, &nd) != 0) {
		nomem(err);
		goto out;
	}
	if (na > 0 && nd > 0)
		exact(adds, na, dels, nd);
	compact(d);
	free(adds);
	free(dels);
	if (split(d, &adds, &na, &dels, &nd) != 0) {
		nomem(err);
		goto out;
	}
	rc = 0;
	if (na > 0 && nd > 0 && (double)na * (double)nd <=
	    (double)RENAME_LIMIT * RENAME_LIMIT)
		rc = similar(git, adds, na, dels, nd, err);
	compact(d);
out:
	free(adds);
	free(dels);
	return rc;
}
