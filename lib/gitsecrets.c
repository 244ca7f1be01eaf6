/*
 * gitsecrets: the secrets in the history of a git repository
 * (gitsecrets.h).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "giterror.h"
#include "gitsecrets.h"
#include "rfc3339.h"
#include "secret.h"
#include "utf8.h"

#define SHA_LEN GIT_OID_HEXSZ
#define FP_LEN DP_SHA256_HEX
#define FIRST_SLOTS 1024

enum { EMPTY, SCANNING, DONE };

/* What the scan of one blob found, each fingerprint once, in order. */
struct blob {
	size_t n;
	struct dp_secret_found v[];
};

/* A blob id met; immutable once DONE. */
struct slot {
	git_oid id;
	int state;
	struct blob *found;	/* owned; NULL when nothing was found */
};

/* A blob with findings that a commit introduced at a path. */
struct hit {
	char *path;
	git_oid id;
	const struct blob *found;	/* borrowed from the slots */
};

struct dp_gitsecrets_hits {
	char sha[SHA_LEN + 1];
	int64_t ms;		/* the time of the commit's record */
	json_t *actor;		/* a copy of the record's, or NULL */
	struct hit *v;
	size_t n, cap;
	struct dp_error warning;	/* DP_ERR_NONE when none */
};

/* The oldest commit to introduce one (secret, path) so far. */
struct cand {
	char *path;
	const struct dp_secret_found *f;	/* borrowed from the slots */
	git_oid blob;
	char sha[SHA_LEN + 1];
	int64_t ms;
	json_t *actor;
	size_t seq;		/* the commit's number in the order taken */
};

struct dp_gitsecrets {
	const struct dp_detector_pack *pack;
	size_t max_size;
	int binary;		/* some detector reads binary content */
	pthread_mutex_t lock;	/* over slots, cap, used and st */
	pthread_cond_t done;	/* a slot became DONE */
	struct slot *slots;	/* open addressing, cap a power of 2 */
	size_t cap, used;
	struct dp_gitsecrets_stats st;
	/* used by the thread that takes hits only */
	json_t *index;		/* fingerprint and path -> index in cands */
	struct cand *cands;
	size_t ncands, capcands;
	size_t seq;		/* hits taken */
};

static int
nomem(struct dp_error *e)
{
	return dp_error_set(e, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

/* Sets e from libgit2's last error about what, the object id. */
static int
gitfail(struct dp_error *e, const char *what, const git_oid *id)
{
	char about[64];

	snprintf(about, sizeof(about), "%s %s", what, git_oid_tostr_s(id));
	return dp_giterror(e, about);
}

/*
 * Returns v, an array of n elements of size bytes with room for *cap,
 * with room for one more, or NULL (v is then unchanged) when memory
 * runs out.
 */
static void *
room(void *v, size_t n, size_t *cap, size_t size)
{
	size_t c;

	if (n < *cap)
		return v;
	c = *cap > 0 ? *cap * 2 : 8;
	if ((v = realloc(v, c * size)) != NULL)
		*cap = c;
	return v;
}

/* Regular files, executable or not, hold text to scan. */
static int
scannable(uint32_t mode)
{
	return mode == GIT_FILEMODE_BLOB ||
	    mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

static struct slot *
find(struct slot *slots, size_t cap, const git_oid *id)
{
	uint64_t h;
	size_t i;

	/* object ids are uniform already */
	memcpy(&h, id->id, sizeof(h));
	i = (size_t)h & (cap - 1);
	while (slots[i].state != EMPTY && !git_oid_equal(&slots[i].id, id))
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

static int
grow(struct dp_gitsecrets *gs)
{
	size_t cap = gs->cap * 2, i;
	struct slot *v;

	if ((v = calloc(cap, sizeof(*v))) == NULL)
		return -1;
	for (i = 0; i < gs->cap; i++)
		if (gs->slots[i].state != EMPTY)
			*find(v, cap, &gs->slots[i].id) = gs->slots[i];
	free(gs->slots);
	gs->slots = v;
	gs->cap = cap;
	return 0;
}

/*
 * Looks blob id up.  Returns 0 with *b set to what its scan found when
 * it was met before (waiting for a scan in progress), 1 when it was not
 * and the caller is to scan it and settle() it, or -1 when memory ran
 * out.
 */
static int
claim(struct dp_gitsecrets *gs, const git_oid *id, const struct blob **b)
{
	struct slot *s;
	int rc;

	pthread_mutex_lock(&gs->lock);
	for (;;) {
		s = find(gs->slots, gs->cap, id);
		if (s->state == DONE) {
			*b = s->found;
			rc = 0;
			break;
		}
		if (s->state == EMPTY) {
			if ((gs->used + 1) * 4 > gs->cap * 3) {
				if (grow(gs) != 0) {
					rc = -1;
					break;
				}
				s = find(gs->slots, gs->cap, id);
			}
			git_oid_cpy(&s->id, id);
			s->state = SCANNING;
			gs->used++;
			gs->st.blobs++;
			rc = 1;
			break;
		}
		pthread_cond_wait(&gs->done, &gs->lock);
	}
	pthread_mutex_unlock(&gs->lock);
	return rc;
}

/* Keeps what the scan of blob id found (b, owned) and counted (d). */
static void
settle(struct dp_gitsecrets *gs, const git_oid *id, struct blob *b,
    const struct dp_gitsecrets_stats *d)
{
	struct slot *s;

	pthread_mutex_lock(&gs->lock);
	s = find(gs->slots, gs->cap, id);
	s->state = DONE;
	s->found = b;
	gs->st.scanned += d->scanned;
	gs->st.binary += d->binary;
	gs->st.large += d->large;
	gs->st.with_findings += b != NULL;
	gs->st.bytes += d->bytes;
	pthread_cond_broadcast(&gs->done);
	pthread_mutex_unlock(&gs->lock);
}

/* The findings of one scan, as dp_detector_scan() gives them. */
struct collect {
	struct dp_secret_found *v;
	size_t n, cap;
	struct dp_error err;
	int failed;
};

static int
collect(const struct dp_detector_match *m, const char *buf, void *arg)
{
	struct collect *c = arg;
	struct dp_secret_found *v;

	if ((v = room(c->v, c->n, &c->cap, sizeof(*v))) == NULL) {
		c->failed = nomem(&c->err);
		return 1;
	}
	c->v = v;
	if (dp_secret_found_set(&c->v[c->n], m, buf, &c->err) != 0) {
		c->failed = 1;
		return 1;
	}
	c->n++;
	return 0;
}

static int
by_fingerprint(const void *a, const void *b)
{
	const struct dp_secret_found *x = *(const struct dp_secret_found *
	    const *)a, *y = *(const struct dp_secret_found *const *)b;
	int d = strcmp(x->fingerprint, y->fingerprint);

	return d != 0 ? d : x < y ? -1 : x > y;
}

/*
 * Returns a new blob of the findings of c, the first of each
 * fingerprint only, in order, or NULL when memory runs out.
 */
static struct blob *
unique(const struct collect *c)
{
	const struct dp_secret_found **p;
	struct blob *b;
	char *dup;
	size_t i;

	if ((p = calloc(c->n, sizeof(*p))) == NULL ||
	    (dup = calloc(c->n, 1)) == NULL) {
		free(p);
		return NULL;
	}
	for (i = 0; i < c->n; i++)
		p[i] = &c->v[i];
	qsort(p, c->n, sizeof(*p), by_fingerprint);
	for (i = 1; i < c->n; i++)
		if (strcmp(p[i]->fingerprint, p[i - 1]->fingerprint) == 0)
			dup[p[i] - c->v] = 1;
	if ((b = malloc(sizeof(*b) + c->n * sizeof(b->v[0]))) != NULL) {
		b->n = 0;
		for (i = 0; i < c->n; i++)
			if (!dup[i])
				b->v[b->n++] = c->v[i];
	}
	free(p);
	free(dup);
	return b;
}

/*
 * Reads and scans blob id, met at path, with sc: sets *out to what it
 * found (NULL when nothing), counts what it did in *d, and puts a
 * match limit reached into *warning.
 */
static int
scan(struct dp_gitsecrets *gs, struct dp_detector_scanner *sc,
    git_repository *git, const git_oid *id, const char *path,
    struct blob **out, struct dp_gitsecrets_stats *d,
    struct dp_error *warning, struct dp_error *e)
{
	struct collect c = { NULL, 0, 0, { 0 }, 0 };
	char sha[SHA_LEN + 1];
	git_blob *blob = NULL;
	git_odb *odb = NULL;
	git_object_t type;
	struct dp_error se;
	const char *buf;
	size_t len;
	int rc = -1, n;

	*out = NULL;
	if (git_repository_odb(&odb, git) != 0 ||
	    git_odb_read_header(&len, &type, odb, id) != 0) {
		gitfail(e, "blob", id);
		goto out;
	}
	if (len > gs->max_size) {
		d->large = 1;
		rc = 0;
		goto out;
	}
	if (git_blob_lookup(&blob, git, id) != 0) {
		gitfail(e, "blob", id);
		goto out;
	}
	buf = git_blob_rawcontent(blob);
	len = (size_t)git_blob_rawsize(blob);
	/* the scan would run no detector on it */
	if (!gs->binary && dp_detector_is_binary(buf, len)) {
		d->binary = 1;
		rc = 0;
		goto out;
	}
	d->scanned = 1;
	d->bytes = len;
	n = dp_detector_scan(sc, path, buf, len, collect, &c, &se);
	if (c.failed) {
		*e = c.err;
		goto out;
	}
	if (n < 0 && se.code != DP_ERR_DATA) {
		*e = se;
		goto out;
	}
	if (n < 0 && warning->code == DP_ERR_NONE) {
		git_oid_tostr(sha, sizeof(sha), id);
		dp_error_set(warning, DP_ERR_DATA, NULL, 0, 0,
		    "blob %s at %.200s: %.200s", sha, path, se.text);
	}
	if (c.n > 0 && (*out = unique(&c)) == NULL) {
		nomem(e);
		goto out;
	}
	rc = 0;
out:
	free(c.v);
	git_blob_free(blob);
	git_odb_free(odb);
	return rc;
}

/*
 * Sets *b to what the scan of blob id, met at path, found: the first
 * scan's, or a new one's.
 */
static int
findings(struct dp_gitsecrets *gs, struct dp_detector_scanner *sc,
    git_repository *git, const git_oid *id, const char *path,
    const struct blob **b, struct dp_error *warning, struct dp_error *e)
{
	struct dp_gitsecrets_stats d;
	struct blob *mine = NULL;
	int rc;

	if ((rc = claim(gs, id, b)) <= 0)
		return rc < 0 ? nomem(e) : 0;
	memset(&d, 0, sizeof(d));
	rc = scan(gs, sc, git, id, path, &mine, &d, warning, e);
	/* settled even when it failed, so that no thread waits forever */
	settle(gs, id, mine, &d);
	*b = mine;
	return rc;
}

void
dp_gitsecrets_hits_free(struct dp_gitsecrets_hits *h)
{
	size_t i;

	if (h == NULL)
		return;
	for (i = 0; i < h->n; i++)
		free(h->v[i].path);
	free(h->v);
	json_decref(h->actor);
	free(h);
}

const struct dp_error *
dp_gitsecrets_hits_warning(const struct dp_gitsecrets_hits *h)
{
	return h != NULL && h->warning.code != DP_ERR_NONE ? &h->warning :
	    NULL;
}

/* Returns the hits of c, made when first needed, or NULL. */
static struct dp_gitsecrets_hits *
hits_of(struct dp_gitsecrets_hits **h, const git_commit *c,
    const json_t *commit_ev)
{
	const char *time = json_string_value(json_object_get(commit_ev,
	    "time"));
	const json_t *actor = json_object_get(commit_ev, "actor");

	if (*h != NULL)
		return *h;
	if ((*h = calloc(1, sizeof(**h))) == NULL)
		return NULL;
	git_oid_tostr((*h)->sha, sizeof((*h)->sha), git_commit_id(c));
	/* the record's time was written by dp/1: it parses */
	if (time == NULL || dp_rfc3339_parse(time, &(*h)->ms, NULL,
	    NULL) != 0)
		(*h)->ms = 0;
	if (actor != NULL && ((*h)->actor = json_deep_copy(actor)) == NULL) {
		dp_gitsecrets_hits_free(*h);
		*h = NULL;
	}
	return *h;
}

static int
hit_add(struct dp_gitsecrets_hits *h, const char *path, const git_oid *id,
    const struct blob *found)
{
	struct hit *v;

	if ((v = room(h->v, h->n, &h->cap, sizeof(*v))) == NULL)
		return -1;
	h->v = v;
	if ((h->v[h->n].path = strdup(path)) == NULL)
		return -1;
	git_oid_cpy(&h->v[h->n].id, id);
	h->v[h->n].found = found;
	h->n++;
	return 0;
}

int
dp_gitsecrets_commit(struct dp_gitsecrets *gs,
    struct dp_detector_scanner *sc, git_repository *git,
    const git_commit *c, const json_t *commit_ev,
    const struct dp_treediff *d, struct dp_gitsecrets_hits **hits,
    struct dp_error *err)
{
	const struct dp_treediff_change *ch;
	struct dp_gitsecrets_hits *h = NULL;
	struct dp_error warning;
	const struct blob *b;
	size_t i;

	*hits = NULL;
	dp_error_clear(&warning);
	for (i = 0; i < d->n; i++) {
		ch = &d->v[i];
		if (!scannable(ch->new_mode))
			continue;
		if (findings(gs, sc, git, &ch->new_id, ch->path, &b,
		    &warning, err) != 0)
			goto fail;
		if (b == NULL)
			continue;
		if (hits_of(&h, c, commit_ev) == NULL ||
		    hit_add(h, ch->path, &ch->new_id, b) != 0) {
			nomem(err);
			goto fail;
		}
	}
	if (warning.code != DP_ERR_NONE) {
		if (hits_of(&h, c, commit_ev) == NULL) {
			nomem(err);
			goto fail;
		}
		h->warning = warning;
	}
	*hits = h;
	return 0;
fail:
	dp_gitsecrets_hits_free(h);
	return -1;
}

struct dp_gitsecrets *
dp_gitsecrets_new(const struct dp_detector_pack *pack, size_t max_size,
    struct dp_error *err)
{
	struct dp_gitsecrets *gs;

	if ((gs = calloc(1, sizeof(*gs))) == NULL ||
	    (gs->slots = calloc(FIRST_SLOTS, sizeof(*gs->slots))) == NULL ||
	    (gs->index = json_object()) == NULL) {
		if (gs != NULL)
			free(gs->slots);
		free(gs);
		nomem(err);
		return NULL;
	}
	gs->pack = pack;
	gs->max_size = max_size;
	gs->binary = dp_detector_pack_binary(pack) > 0;
	gs->cap = FIRST_SLOTS;
	pthread_mutex_init(&gs->lock, NULL);
	pthread_cond_init(&gs->done, NULL);
	return gs;
}

void
dp_gitsecrets_free(struct dp_gitsecrets *gs)
{
	size_t i;

	if (gs == NULL)
		return;
	for (i = 0; i < gs->cap; i++)
		free(gs->slots[i].found);
	for (i = 0; i < gs->ncands; i++) {
		free(gs->cands[i].path);
		json_decref(gs->cands[i].actor);
	}
	free(gs->slots);
	free(gs->cands);
	json_decref(gs->index);
	pthread_cond_destroy(&gs->done);
	pthread_mutex_destroy(&gs->lock);
	free(gs);
}

void
dp_gitsecrets_stats(struct dp_gitsecrets *gs, struct dp_gitsecrets_stats *st)
{
	pthread_mutex_lock(&gs->lock);
	*st = gs->st;
	pthread_mutex_unlock(&gs->lock);
}

/* Makes cand c the introduction of finding f by hit t of h. */
static void
cand_set(struct cand *c, const struct dp_gitsecrets_hits *h,
    const struct hit *t, const struct dp_secret_found *f, size_t seq)
{
	c->f = f;
	git_oid_cpy(&c->blob, &t->id);
	memcpy(c->sha, h->sha, sizeof(c->sha));
	c->ms = h->ms;
	json_decref(c->actor);
	c->actor = json_incref(h->actor);
	c->seq = seq;
}

/* Keeps finding f of hit t: a new (secret, path), or an older commit. */
static int
keep(struct dp_gitsecrets *gs, const struct dp_gitsecrets_hits *h,
    const struct hit *t, const struct dp_secret_found *f)
{
	size_t plen = strlen(t->path);
	struct cand *c, *v;
	char *key;
	json_t *at;
	int rc = -1;

	if ((key = malloc(FP_LEN + plen)) == NULL)
		return -1;
	/* fingerprints have one length: no separator is needed */
	memcpy(key, f->fingerprint, FP_LEN);
	memcpy(key + FP_LEN, t->path, plen);
	if ((at = json_object_getn(gs->index, key, FP_LEN + plen)) != NULL) {
		c = &gs->cands[json_integer_value(at)];
		/* within a commit, the first of a blob's findings stays */
		if (c->seq != gs->seq)
			cand_set(c, h, t, f, gs->seq);
		rc = 0;
		goto out;
	}
	if ((v = room(gs->cands, gs->ncands, &gs->capcands,
	    sizeof(*v))) == NULL)
		goto out;
	gs->cands = v;
	c = &gs->cands[gs->ncands];
	memset(c, 0, sizeof(*c));
	if ((c->path = strdup(t->path)) == NULL)
		goto out;
	/* json_object_setn_new_nocheck steals the integer: paths are bytes */
	if (json_object_setn_new_nocheck(gs->index, key, FP_LEN + plen,
	    json_integer((json_int_t)gs->ncands)) != 0) {
		free(c->path);
		goto out;
	}
	cand_set(c, h, t, f, gs->seq);
	gs->ncands++;
	rc = 0;
out:
	free(key);
	return rc;
}

int
dp_gitsecrets_take(struct dp_gitsecrets *gs, struct dp_gitsecrets_hits *h,
    struct dp_error *err)
{
	size_t i, j;
	int rc = 0;

	if (h == NULL)
		return 0;
	gs->seq++;
	for (i = 0; i < h->n && rc == 0; i++)
		for (j = 0; j < h->v[i].found->n && rc == 0; j++)
			if (keep(gs, h, &h->v[i], &h->v[i].found->v[j]) != 0)
				rc = nomem(err);
	dp_gitsecrets_hits_free(h);
	return rc;
}

/* A chosen ref's tip. */
struct tip {
	char *name;		/* valid UTF-8 */
	git_tree *tree;
	size_t first;		/* the first tip with the same tree */
	int branch;		/* HEAD, refs/heads/ or refs/remotes/ */
	const struct blob *found;	/* at the path being reported */
};

struct tips {
	struct tip *v;
	size_t n, cap;
	struct dp_error *e;
	int failed;
};

static void
tips_release(struct tips *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].name);
		git_tree_free(t->v[i].tree);
	}
	free(t->v);
}

static int
is_branch(const char *name)
{
	return strcmp(name, "HEAD") == 0 ||
	    strncmp(name, "refs/heads/", 11) == 0 ||
	    strncmp(name, "refs/remotes/", 13) == 0;
}

/* Adds the tip of a chosen ref (dp_gitrefs_tips()'s callback). */
static int
add_tip(const char *name, const git_commit *c, void *arg)
{
	struct tips *t = arg;
	struct tip *v, *tp;
	size_t i;

	if ((v = room(t->v, t->n, &t->cap, sizeof(*v))) == NULL)
		goto nomem;
	t->v = v;
	tp = &t->v[t->n];
	memset(tp, 0, sizeof(*tp));
	if ((tp->name = dp_utf8_repair(name, strlen(name), NULL)) == NULL)
		goto nomem;
	if (git_commit_tree(&tp->tree, c) != 0) {
		free(tp->name);
		t->failed = 1;
		gitfail(t->e, "tree of commit", git_commit_id(c));
		return 1;
	}
	tp->branch = is_branch(name);
	tp->first = t->n;
	for (i = 0; i < t->n; i++)
		if (git_oid_equal(git_tree_id(t->v[i].tree),
		    git_tree_id(tp->tree))) {
			tp->first = t->v[i].first;
			break;
		}
	t->n++;
	return 0;
nomem:
	t->failed = 1;
	nomem(t->e);
	return 1;
}

/*
 * Sets the found member of each first tip to what its blob at path
 * holds (NULL: no blob, or nothing found).
 */
static int
tips_at(struct dp_gitsecrets *gs, struct tips *t, git_repository *git,
    struct dp_detector_scanner *sc, const char *path,
    dp_gitsecrets_warn_fn warn, void *arg, struct dp_error *e)
{
	struct dp_error warning;
	git_tree_entry *te;
	struct tip *tp;
	git_oid id;
	size_t i;
	int rc;

	for (i = 0; i < t->n; i++) {
		tp = &t->v[i];
		tp->found = NULL;
		if (tp->first != i)
			continue;
		if ((rc = git_tree_entry_bypath(&te, tp->tree, path)) != 0) {
			if (rc == GIT_ENOTFOUND)
				continue;
			return gitfail(e, "tree", git_tree_id(tp->tree));
		}
		git_oid_cpy(&id, git_tree_entry_id(te));
		rc = 0;
		dp_error_clear(&warning);
		if (scannable(git_tree_entry_filemode(te)))
			rc = findings(gs, sc, git, &id, path, &tp->found,
			    &warning, e);
		git_tree_entry_free(te);
		if (rc != 0)
			return -1;
		if (warning.code == DP_ERR_NONE)
			continue;
		if (warn == NULL) {
			*e = warning;
			return -1;
		}
		if (warn(&warning, arg) != 0)
			return 1;
	}
	return 0;
}

static int
holds(const struct blob *b, const char *fingerprint)
{
	size_t i;

	for (i = 0; b != NULL && i < b->n; i++)
		if (strcmp(b->v[i].fingerprint, fingerprint) == 0)
			return 1;
	return 0;
}

/* Returns the new record of c, with where it still is by t. */
static json_t *
record(const struct cand *c, const struct tips *t, const char *src_path,
    const json_t *repo, struct dp_error *e)
{
	struct dp_secret_where w = DP_SECRET_WHERE_INIT;
	char sha[SHA_LEN + 1];
	json_t *ev, *sec, *in = NULL;
	int still = 0;
	size_t i;

	w.path = c->path;
	w.commit = c->sha;
	w.time_ms = c->ms;
	w.src_type = "git";
	w.src_path = src_path;
	w.actor = c->actor;
	w.repo = repo;
	if ((ev = dp_secret_record_found(c->f, &w, e)) == NULL)
		return NULL;
	if ((in = json_array()) == NULL)
		goto nomem;
	for (i = 0; i < t->n; i++) {
		if (!holds(t->v[t->v[i].first].found, c->f->fingerprint))
			continue;
		still |= t->v[i].branch;
		/* json_array_append_new steals the new string */
		if (json_array_append_new(in, json_string(t->v[i].name)) != 0)
			goto nomem;
	}
	git_oid_tostr(sha, sizeof(sha), &c->blob);
	sec = json_object_get(ev, "secret");
	/* json_object_set_new steals the new values, in included */
	if (json_object_set_new(sec, "blob", json_string(sha)) != 0 ||
	    json_object_set_new(sec, "present",
	    json_boolean(still)) != 0) {
		goto nomem;
	}
	if (json_object_set_new(sec, "present_in", in) != 0) {
		in = NULL;
		goto nomem;
	}
	return ev;
nomem:
	json_decref(in);
	json_decref(ev);
	nomem(e);
	return NULL;
}

static int
by_place(const void *a, const void *b)
{
	const struct cand *x = *(const struct cand *const *)a;
	const struct cand *y = *(const struct cand *const *)b;
	int d = strcmp(x->path, y->path);

	if (d != 0)
		return d;
	if (x->f->line != y->f->line)
		return x->f->line < y->f->line ? -1 : 1;
	if (x->f->column != y->f->column)
		return x->f->column < y->f->column ? -1 : 1;
	return strcmp(x->f->fingerprint, y->f->fingerprint);
}

int
dp_gitsecrets_report(struct dp_gitsecrets *gs, git_repository *git,
    const struct dp_gitrefs_select *sel, struct dp_detector_scanner *sc,
    const char *src_path, const json_t *repo, dp_gitsecrets_record_fn fn,
    dp_gitsecrets_warn_fn warn, void *arg, struct dp_error *err)
{
	struct tips t = { NULL, 0, 0, err, 0 };
	struct cand **order = NULL;
	json_t *ev;
	size_t i;
	int rc = -1;

	if (gs->ncands == 0)
		return 0;
	if (dp_gitrefs_tips(git, sel, add_tip, &t, err) < 0 || t.failed)
		goto out;
	if ((order = calloc(gs->ncands, sizeof(*order))) == NULL) {
		nomem(err);
		goto out;
	}
	for (i = 0; i < gs->ncands; i++)
		order[i] = &gs->cands[i];
	qsort(order, gs->ncands, sizeof(*order), by_place);
	for (i = 0; i < gs->ncands; i++) {
		if ((i == 0 || strcmp(order[i]->path, order[i - 1]->path) !=
		    0) && (rc = tips_at(gs, &t, git, sc, order[i]->path, warn,
		    arg, err)) != 0)
			goto out;
		rc = -1;
		if ((ev = record(order[i], &t, src_path, repo, err)) == NULL)
			goto out;
		rc = fn(ev, arg) != 0;
		json_decref(ev);
		if (rc != 0)
			goto out;
	}
	rc = 0;
out:
	free(order);
	tips_release(&t);
	return rc;
}
