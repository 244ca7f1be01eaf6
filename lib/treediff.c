#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "treediff.h"

#define RENAME_LIMIT 1000	/* git's default diff.renameLimit */

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
	dp_treediff_clear(d);
	free(d->v);
	dp_treediff_init(d);
}

static int
is_tree(const git_tree_entry *t)
{
	return git_tree_entry_filemode(t) == GIT_FILEMODE_TREE;
}

/*
 * Compares two entries of sorted trees in git's order: a tree's name
 * compares as if it ended in '/'.
 */
static int
entry_cmp(const git_tree_entry *a, const git_tree_entry *b)
{
	const char *na = git_tree_entry_name(a), *nb = git_tree_entry_name(b);
	size_t la = strlen(na), lb = strlen(nb), m = la < lb ? la : lb;
	unsigned char ca, cb;
	int c;

	if ((c = memcmp(na, nb, m)) != 0)
		return c;
	ca = la > m ? (unsigned char)na[m] : is_tree(a) ? '/' : '\0';
	cb = lb > m ? (unsigned char)nb[m] : is_tree(b) ? '/' : '\0';
	return (int)ca - (int)cb;
}

/* Appends name (and '/' when dir) to p; returns its old length or -1. */
static long
prefix_push(struct prefix *p, const char *name, int dir)
{
	size_t n = strlen(name), old = p->len;
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
    const git_tree_entry *o, const git_tree_entry *n)
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
		git_oid_cpy(&c->old_id, git_tree_entry_id(o));
		c->old_mode = (uint32_t)git_tree_entry_filemode(o);
	}
	if (n != NULL) {
		git_oid_cpy(&c->new_id, git_tree_entry_id(n));
		c->new_mode = (uint32_t)git_tree_entry_filemode(n);
	}
	d->n++;
	return 0;
}

static int walk(struct dp_treediff *, git_repository *, const git_tree *,
    const git_tree *, struct prefix *, struct dp_error *);

/*
 * Reports the pair o, n (same name, either may be NULL, trees on both
 * sides or on neither) below p.
 */
static int
pair(struct dp_treediff *d, git_repository *git, const git_tree_entry *o,
    const git_tree_entry *n, struct prefix *p, struct dp_error *e)
{
	const git_tree_entry *any = o != NULL ? o : n;
	git_tree *ot = NULL, *nt = NULL;
	long old;
	int rc = -1;

	if (o != NULL && n != NULL && git_oid_equal(git_tree_entry_id(o),
	    git_tree_entry_id(n)) && git_tree_entry_filemode(o) ==
	    git_tree_entry_filemode(n))
		return 0;
	if ((old = prefix_push(p, git_tree_entry_name(any),
	    is_tree(any))) < 0)
		return nomem(e);
	if (!is_tree(any)) {
		if ((rc = add_change(d, p, o, n)) != 0)
			nomem(e);
		goto out;
	}
	if ((o != NULL && git_tree_lookup(&ot, git, git_tree_entry_id(o))) ||
	    (n != NULL && git_tree_lookup(&nt, git, git_tree_entry_id(n)))) {
		gitfail(e, DP_ERR_DATA, p->buf);
		goto out;
	}
	rc = walk(d, git, ot, nt, p, e);
out:
	git_tree_free(ot);
	git_tree_free(nt);
	p->len = (size_t)old;
	p->buf[p->len] = '\0';
	return rc;
}

/* The merge-join of two sorted trees (either may be NULL) below p. */
static int
walk(struct dp_treediff *d, git_repository *git, const git_tree *ot,
    const git_tree *nt, struct prefix *p, struct dp_error *e)
{
	size_t i = 0, j = 0, on = ot ? git_tree_entrycount(ot) : 0,
	    nn = nt ? git_tree_entrycount(nt) : 0;
	const git_tree_entry *o, *n;
	int c;

	while (i < on || j < nn) {
		o = i < on ? git_tree_entry_byindex(ot, i) : NULL;
		n = j < nn ? git_tree_entry_byindex(nt, j) : NULL;
		c = o == NULL ? 1 : n == NULL ? -1 : entry_cmp(o, n);
		if (c < 0)
			n = NULL, i++;
		else if (c > 0)
			o = NULL, j++;
		else
			i++, j++;
		if (pair(d, git, o, n, p, e) != 0)
			return -1;
	}
	return 0;
}

int
dp_treediff_trees(struct dp_treediff *d, git_repository *git,
    const git_tree *old_tree, const git_tree *new_tree, struct dp_error *err)
{
	struct prefix p = { NULL, 0, 0 };
	int rc;

	dp_treediff_clear(d);
	if (prefix_push(&p, "", 0) < 0)
		return nomem(err);
	if ((rc = walk(d, git, old_tree, new_tree, &p, err)) != 0)
		dp_treediff_clear(d);
	free(p.buf);
	return rc;
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

/* Returns the change of d at path, by binary search, or NULL. */
static struct dp_treediff_change *
find(struct dp_treediff *d, const char *path)
{
	size_t lo = 0, hi = d->n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(d->v[mid].path, path);
		if (c == 0)
			return &d->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* A rename found by libgit2, applied once every path was looked up. */
struct found {
	struct dp_treediff_change *added;
	struct dp_treediff_change *deleted;
	int similarity;
};

/* Returns the renames among the deltas of diff. */
static struct found *
renames_of(struct dp_treediff *d, git_diff *diff, size_t *nf)
{
	size_t i, n = git_diff_num_deltas(diff);
	struct dp_treediff_change *a, *del;
	const git_diff_delta *dd;
	struct found *f;

	*nf = 0;
	if ((f = calloc(n + 1, sizeof(*f))) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		dd = git_diff_get_delta(diff, i);
		if (dd->status != GIT_DELTA_RENAMED)
			continue;
		a = find(d, dd->new_file.path);
		del = find(d, dd->old_file.path);
		if (a == NULL || del == NULL || !is_added(a) ||
		    a->old_path != NULL || !is_deleted(del))
			continue;
		f[*nf].added = a;
		f[*nf].deleted = del;
		f[(*nf)++].similarity = dd->similarity;
	}
	return f;
}

/* Pairs similar added and deleted changes with libgit2's rename finder. */
static int
similar(struct dp_treediff *d, git_repository *git, git_tree *ot,
    git_tree *nt, struct dp_treediff_change **adds, size_t na,
    struct dp_treediff_change **dels, size_t nd, struct dp_error *e)
{
	git_diff_options o;
	git_diff_find_options fo;
	struct found *f = NULL;
	git_diff *diff = NULL;
	char **paths;
	size_t i, nf;
	int rc = -1;

	if (git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION) != 0 ||
	    git_diff_find_options_init(&fo, GIT_DIFF_FIND_OPTIONS_VERSION) != 0)
		return gitfail(e, DP_ERR_INTERNAL, "renames");
	if ((paths = calloc(na + nd, sizeof(*paths))) == NULL)
		return nomem(e);
	for (i = 0; i < na; i++)
		paths[i] = adds[i]->path;
	for (i = 0; i < nd; i++)
		paths[na + i] = dels[i]->path;
	o.pathspec.strings = paths;
	o.pathspec.count = na + nd;
	o.flags = GIT_DIFF_DISABLE_PATHSPEC_MATCH | GIT_DIFF_SKIP_BINARY_CHECK;
	fo.flags = GIT_DIFF_FIND_RENAMES;
	fo.rename_limit = RENAME_LIMIT;
	if (git_diff_tree_to_tree(&diff, git, ot, nt, &o) != 0 ||
	    git_diff_find_similar(diff, &fo) != 0) {
		gitfail(e, DP_ERR_INTERNAL, "renames");
		goto out;
	}
	if ((f = renames_of(d, diff, &nf)) == NULL) {
		nomem(e);
		goto out;
	}
	for (i = 0; i < nf; i++)
		rename_into(f[i].added, f[i].deleted, f[i].similarity);
	rc = 0;
out:
	free(f);
	git_diff_free(diff);
	free(paths);
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
    git_tree *old_tree, git_tree *new_tree, struct dp_error *err)
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
		rc = similar(d, git, old_tree, new_tree, adds, na, dels, nd,
		    err);
	compact(d);
out:
	free(adds);
	free(dels);
	return rc;
}
