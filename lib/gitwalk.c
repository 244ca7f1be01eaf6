#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <git2.h>

#include "aimarker.h"
#include "datadir.h"
#include "event.h"
#include "filechange.h"
#include "giterror.h"
#include "gitperson.h"
#include "gitsecrets.h"
#include "gitrefs.h"
#include "gitshallow.h"
#include "gitposture.h"
#include "giturl.h"
#include "gitsig.h"
#include "gitwalk.h"
#include "jsontext.h"
#include "recode.h"
#include "rfc3339.h"
#include "trailer.h"
#include "utf8.h"
#include "workq.h"

#define SHA_LEN GIT_OID_HEXSZ
#define BATCH 32		/* commits handed to a worker at a time */
#define BATCHES_PER_THREAD 4	/* batches in flight per worker */
#define BLOB_CACHE_LIMIT ((size_t)1 << 20)
#define CACHE_MAX_SIZE ((ssize_t)32 << 20)
#define REC_ZERO ",\"rec\":0}"	/* src.rec as a worker writes it */


struct dp_gitwalk {
	struct dp_gitwalk_options opts;
	long long count;	/* records delivered */
	struct dp_aimarker *ai;	/* AI markers and bots */
	struct dp_jsontext line;	/* the line being delivered */
};

/* The repository being walked. */
struct repo {
	const char *arg;	/* the path as given, for errors */
	git_repository *git;
	struct dp_gitshallow *shallow;	/* NULL unless a shallow clone */
	char *path;		/* absolute, symbolic links resolved */
	json_t *obj;		/* its "repo" object {name, path, url} */
	int repaired;		/* a string of obj had to be repaired */
	struct dp_gitsecrets *secrets;	/* NULL without detectors */
	struct pipe *pipe;	/* the workers, once a commit was met */
};

static int
nomem(struct dp_error *e)
{
	return dp_error_set(e, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

/*
 * Sets e's source to the repository as given and, when sha is not NULL,
 * prefixes its text with the commit's id.
 */
static void
locate(struct dp_error *e, const char *path, const char *sha)
{
	char text[DP_ERROR_TEXT_MAX];

	snprintf(e->source, sizeof(e->source), "%s", path);
	if (sha == NULL)
		return;
	memcpy(text, e->text, sizeof(text));
	snprintf(e->text, sizeof(e->text), "commit %s: %.*s", sha,
	    (int)(sizeof(e->text) - SHA_LEN - 10), text);
}

/*
 * Sets e from libgit2's last error about reading the repository: a
 * missing or corrupt object or file is a missing input.
 */
static int
unreadable(struct dp_error *e)
{
	dp_giterror(e, NULL);
	if (e->code == DP_ERR_DATA || e->code == DP_ERR_IO)
		e->code = DP_ERR_NOINPUT;
	return -1;
}

/* Returns a new valid UTF-8 copy of s, or NULL; sets *repaired if needed. */
static char *
repair(const char *s, int *repaired)
{
	char *r;
	int bad = 0;

	if (s == NULL)
		s = "";
	r = dp_utf8_repair(s, strlen(s), &bad);
	*repaired |= bad;
	return r;
}

/* Returns a new copy of the last part of path, "x" of "/a/x.git" if bare. */
static char *
repo_name(const char *path, int bare)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base != NULL ? base + 1 : path;
	n = strlen(base);
	if (bare && n > 4 && strcmp(base + n - 4, ".git") == 0)
		n -= 4;
	return strndup(base, n);
}

/*
 * Reads the URL of remote "origin" as configured, without the rewriting
 * of url.*.insteadOf (which belongs to the reader's machine), into *url:
 * a new string, or NULL when there is none.
 */
static int
origin_url(git_repository *git, char **url, struct dp_error *e)
{
	git_config *cfg = NULL;
	git_buf buf = { NULL, 0, 0 };
	struct dp_giturl u;
	int rc;

	*url = NULL;
	memset(&u, 0, sizeof(u));
	if (git_repository_config_snapshot(&cfg, git) != 0)
		return dp_giterror(e, "config");
	rc = git_config_get_string_buf(&buf, cfg, "remote.origin.url");
	if (rc == 0 && dp_giturl_parse(buf.ptr, &u) != 0)
		rc = nomem(e);
	else if (rc == 0) {
		*url = u.url;
		u.url = NULL;
	}
	else if (rc == GIT_ENOTFOUND)
		rc = 0;
	else if (rc != 0)
		rc = dp_giterror(e, "remote.origin.url");
	dp_giturl_release(&u);
	git_buf_dispose(&buf);
	git_config_free(cfg);
	return rc;
}

/* Builds r->obj, the "repo" object, from the open repository. */
static int
repo_describe(struct repo *r, struct dp_error *e)
{
	char *name = NULL, *url = NULL, *s[3] = { NULL, NULL, NULL };
	int bare = git_repository_is_bare(r->git), rc = -1;
	const char *dir;

	dir = bare ? git_repository_path(r->git) :
	    git_repository_workdir(r->git);
	if ((r->path = realpath(dir, NULL)) == NULL) {
		dp_error_set(e, DP_ERR_NOINPUT, NULL, 0, 0, "%s: %s", dir,
		    strerror(errno));
		goto out;
	}
	if (origin_url(r->git, &url, e) != 0)
		goto out;
	if ((name = repo_name(r->path, bare)) == NULL ||
	    (s[0] = repair(name, &r->repaired)) == NULL ||
	    (s[1] = repair(r->path, &r->repaired)) == NULL ||
	    (url != NULL && (s[2] = repair(url, &r->repaired)) == NULL)) {
		nomem(e);
		goto out;
	}
	/* "s*" leaves out the url when there is none */
	r->obj = json_pack("{s:s, s:s, s:s*}", "name", s[0], "path", s[1],
	    "url", s[2]);
	if (r->obj == NULL) {
		nomem(e);
		goto out;
	}
	rc = 0;
out:
	free(name);
	free(url);
	free(s[0]);
	free(s[1]);
	free(s[2]);
	return rc;
}

static int
repo_open(struct repo *r, const char *path, struct dp_error *e)
{
	struct stat st;
	int rc;

	if ((rc = git_repository_open_ext(&r->git, path, 0, NULL)) != 0) {
		if (stat(path, &st) != 0)
			return dp_error_set(e, DP_ERR_NOINPUT, NULL, 0, 0,
			    "%s", strerror(errno));
		if (rc == GIT_ENOTFOUND)
			return dp_error_set(e, DP_ERR_NOINPUT, NULL, 0, 0,
			    "not a git repository");
		dp_giterror(e, NULL);
		e->code = DP_ERR_NOINPUT;
		return -1;
	}
	return repo_describe(r, e);
}

static void pipe_free(struct pipe *);

static void
repo_close(struct repo *r)
{
	pipe_free(r->pipe);
	dp_gitsecrets_free(r->secrets);
	dp_gitshallow_close(r->shallow);
	git_repository_free(r->git);
	free(r->path);
	json_decref(r->obj);
}

/* Returns a new array of the ids of c's parents, in order. */
static json_t *
parents_json(const git_commit *c)
{
	unsigned int i, n = git_commit_parentcount(c);
	char sha[SHA_LEN + 1];
	json_t *a;

	if ((a = json_array()) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		git_oid_tostr(sha, sizeof(sha), git_commit_parent_id(c, i));
		/* json_array_append_new steals the string */
		if (json_array_append_new(a, json_string(sha)) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

/* Reads c's first line and whole message, in charset enc, as UTF-8. */
static int
commit_text(const git_commit *c, const char *enc, char **subject,
    char **message, int *repaired, struct dp_error *e)
{
	const char *msg = git_commit_message(c);
	const char *raw = git_commit_message_raw(c);
	size_t n;

	if (msg == NULL)
		msg = "";
	if (raw == NULL)
		raw = "";
	n = strcspn(msg, "\n");
	if (n > 0 && msg[n - 1] == '\r')
		n--;
	if ((*subject = dp_recode_utf8(msg, n, enc, repaired)) == NULL ||
	    (*message = dp_recode_utf8(raw, strlen(raw), enc,
	    repaired)) == NULL)
		return nomem(e);
	return 0;
}

/* Returns the {type, key_id} of c's signature, or NULL. */
static json_t *
signature_json(const git_commit *c)
{
	git_buf buf = { NULL, 0, 0 };
	json_t *o;

	if (git_commit_header_field(&buf, c, "gpgsig") != 0 &&
	    git_commit_header_field(&buf, c, "gpgsig-sha256") != 0)
		return dp_gitsig_describe(NULL, 0);
	o = dp_gitsig_describe(buf.ptr, buf.size);
	git_buf_dispose(&buf);
	return o;
}

/* Returns a new "commit" object of c. */
static json_t *
commit_json(const git_commit *c, const char *sha,
    const struct dp_gitperson *au, const struct dp_gitperson *cm,
    const char *subject, const char *message,
    int repaired)
{
	int differs = strcmp(au->name, cm->name) != 0 ||
	    strcmp(au->email, cm->email) != 0;
	const char *charset = git_commit_message_encoding(c);
	char *enc = NULL;
	json_t *o;

	/* the header names the charset the text was converted from */
	if (!dp_recode_is_utf8(charset) &&
	    (enc = dp_utf8_repair(charset, strlen(charset), NULL)) == NULL)
		return NULL;
	/*
	 * member by member, a fraction of the cost of json_pack; each
	 * json_object_set_new_nocheck steals the new value, NULL included
	 */
	if ((o = json_object()) == NULL ||
	    json_object_set_new_nocheck(o, "sha", json_string(sha)) != 0 ||
	    json_object_set_new_nocheck(o, "parents", parents_json(c)) != 0 ||
	    json_object_set_new_nocheck(o, "merge",
	    json_boolean(git_commit_parentcount(c) > 1)) != 0 ||
	    json_object_set_new_nocheck(o, "author",
	    dp_gitperson_json(au)) != 0 ||
	    json_object_set_new_nocheck(o, "committer",
	    dp_gitperson_json(cm)) != 0 ||
	    json_object_set_new_nocheck(o, "committer_differs",
	    json_boolean(differs)) != 0 ||
	    json_object_set_new_nocheck(o, "subject",
	    json_string(subject)) != 0 ||
	    json_object_set_new_nocheck(o, "message",
	    json_string(message)) != 0 ||
	    (enc != NULL && json_object_set_new_nocheck(o, "encoding",
	    json_string(enc)) != 0) ||
	    json_object_set_new_nocheck(o, "trailers",
	    dp_trailer_parse(message, strlen(message))) != 0 ||
	    json_object_set_new_nocheck(o, "signature",
	    signature_json(c)) != 0 ||
	    (repaired && json_object_set_new_nocheck(o, "repaired",
	    json_true()) != 0)) {
		json_decref(o);
		o = NULL;
	}
	free(enc);
	return o;
}

/*
 * Builds the scm.commit record of c, numbered rec, into *out (a new
 * reference).  Returns 0, or -1 with e (DP_ERR_DATA: c cannot be one).
 */
static int
commit_event(const struct repo *r, const git_commit *c, const char *sha,
    long long rec, json_t **out, struct dp_error *e)
{
	const char *enc = git_commit_message_encoding(c);
	struct dp_gitperson au, cm;
	char *subject = NULL, *message = NULL;
	int repaired = r->repaired, rc = -1;
	json_t *ev = NULL;

	memset(&au, 0, sizeof(au));
	memset(&cm, 0, sizeof(cm));
	if (dp_gitperson_read(&au, git_commit_author(c), enc, "author",
	    &repaired, e) || dp_gitperson_read(&cm, git_commit_committer(c),
	    enc, "committer", &repaired, e) ||
	    commit_text(c, enc, &subject, &message, &repaired, e))
		goto out;
	if ((ev = dp_event_new("scm.commit", au.ms, e)) == NULL ||
	    dp_event_set_id(ev, sha, SHA_LEN, e) != 0 ||
	    dp_event_set_src(ev, "git", r->path, rec, e) != 0)
		goto out;
	/* json_object_set_new steals the new values, NULL included */
	if (json_object_set_new(ev, "actor",
	    dp_event_person_new(au.name, au.email)) != 0 ||
	    json_object_set_new(ev, "repo", json_deep_copy(r->obj)) != 0 ||
	    json_object_set_new(ev, "commit", commit_json(c, sha, &au, &cm,
	    subject, message, repaired)) != 0) {
		nomem(e);
		goto out;
	}
	if (dp_gitshallow_is_boundary(r->shallow, git_commit_id(c)) &&
	    json_object_set_new(json_object_get(ev, "commit"),
	    "shallow_boundary", json_true()) != 0) {
		nomem(e);
		goto out;
	}
	*out = ev;
	ev = NULL;
	rc = 0;
out:
	json_decref(ev);
	dp_gitperson_release(&au);
	dp_gitperson_release(&cm);
	free(subject);
	free(message);
	return rc;
}

/* One commit of a batch: its records as text, or why it has none. */
struct item {
	git_oid id;
	int failed;		/* no records: err says why */
	struct dp_error err;
	struct dp_jsontext_recs out;
	struct dp_gitsecrets_hits *hits;	/* NULL: none */
};

struct batch {
	size_t n;
	struct item items[BATCH];
};

/* What a thread needs: its own repository handle and scratch space. */
struct worker {
	struct repo r;		/* a copy; r.git is this worker's own */
	const struct dp_aimarker *ai;
	int own;		/* r.git was opened for this worker */
	const struct dp_gitwalk_options *opts;
	struct dp_treediff scratch;
	struct dp_detector_scanner *sc;	/* NULL without detectors */
};

/* The workers of one repository and the batch being filled. */
struct pipe {
	struct dp_workq *q;
	struct worker *workers;
	void **args;
	size_t nworkers;
	size_t max;		/* batches in flight */
	struct batch *cur;
};

static void
batch_free(struct batch *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->n; i++) {
		dp_jsontext_recs_release(&b->items[i].out);
		dp_gitsecrets_hits_free(b->items[i].hits);
	}
	free(b);
}

/* Appends the text of the record ev to it, its src.rec 0 for now. */
static int
serialise(struct item *it, json_t *ev)
{
	size_t start = it->out.text.len, n = strlen(REC_ZERO);
	const char *z;

	/* json_object_set_new steals the new integer */
	if (json_object_set_new(json_object_get(ev, "src"), "rec",
	    json_integer(0)) != 0)
		return nomem(&it->err);
	if (dp_jsontext_append_any(&it->out.text, ev, &it->err) != 0)
		return -1;
	/*
	 * ',"' is never inside a JSON string, and src comes before any
	 * other member that could be named rec
	 */
	z = memmem(it->out.text.buf + start, it->out.text.len - start,
	    REC_ZERO, n);
	if (z == NULL)
		return dp_error_set(&it->err, DP_ERR_INTERNAL, NULL, 0, 0,
		    "record without src.rec");
	/* the offset of the 0 in ,"rec":0} */
	return dp_jsontext_recs_end(&it->out, (size_t)(z - it->out.text.buf) +
	    n - 2, &it->err);
}

/* Returns the committer time of c in ms, clamped to int64_t. */
static int64_t
commit_ms(const git_commit *c)
{
	git_time_t t = git_commit_time(c);

	return t > INT64_MAX / 1000 ? INT64_MAX : t < INT64_MIN / 1000 ?
	    INT64_MIN : (int64_t)t * 1000;
}

/*
 * Finds the secrets commit c introduced into it->hits, comparing it
 * with its first parent unless its file.change records did.
 */
static int
secrets(struct worker *wk, const git_commit *c, const json_t *ev, int root,
    struct item *it)
{
	git_commit *parent = NULL;
	int rc;

	if (!wk->opts->files) {
		if (!root && git_commit_parentcount(c) > 0 &&
		    git_commit_parent(&parent, c, 0) != 0)
			return unreadable(&it->err);
		rc = dp_treediff_ids(&wk->scratch, wk->r.git, parent != NULL ?
		    git_commit_tree_id(parent) : NULL, git_commit_tree_id(c),
		    &it->err);
		git_commit_free(parent);
		if (rc != 0)
			return -1;
	}
	return dp_gitsecrets_commit(wk->r.secrets, wk->sc, wk->r.git, c, ev,
	    &wk->scratch, &it->hits, &it->err);
}

/*
 * Builds the records of one commit into it->out: none when the commit
 * is outside the time bounds, else its scm.commit record, its
 * ai.marker records, then its file.change and ai.config records; and
 * the secrets it introduced into it->hits.
 */
static int
build(struct worker *wk, struct item *it)
{
	struct dp_filechange_options fo = DP_FILECHANGE_OPTIONS_INIT;
	const struct dp_gitwalk_options *o = wk->opts;
	char sha[SHA_LEN + 1];
	git_commit *c = NULL;
	json_t *ev = NULL, *marks = NULL, *m;
	int64_t ms;
	size_t i;
	int rc = -1;

	dp_error_clear(&it->err);
	git_oid_tostr(sha, sizeof(sha), &it->id);
	if (git_commit_lookup(&c, wk->r.git, &it->id) != 0) {
		unreadable(&it->err);
		goto out;
	}
	ms = commit_ms(c);
	if (ms < o->since || ms > o->until)
		goto done;
	if (commit_event(&wk->r, c, sha, 0, &ev, &it->err) != 0 ||
	    dp_aimarker_apply(wk->ai, ev, 0, &marks, &it->err) != 0 ||
	    serialise(it, ev) != 0)
		goto out;
	json_array_foreach(marks, i, m)
		if (serialise(it, m) != 0)
			goto out;
	fo.lines = o->lines;
	fo.ai = o->ai;
	/* a shallow clone's boundary has no parent to compare with */
	fo.root = dp_gitshallow_is_boundary(wk->r.shallow, &it->id);
	if (o->files && dp_filechange_commit(wk->r.git, c, ev, &fo,
	    &wk->scratch, &it->out, &it->err) != 0)
		goto out;
	if (wk->sc != NULL && secrets(wk, c, ev, fo.root, it) != 0)
		goto out;
done:
	rc = 0;
out:
	it->failed = rc != 0;
	if (rc != 0) {
		dp_jsontext_recs_release(&it->out);
		dp_gitsecrets_hits_free(it->hits);
		it->hits = NULL;
	}
	json_decref(ev);
	json_decref(marks);
	git_commit_free(c);
	return rc;
}

static void
run_batch(void *job, void *arg)
{
	struct batch *b = job;
	size_t i;

	for (i = 0; i < b->n; i++)
		build(arg, &b->items[i]);
}

static void
pipe_free(struct pipe *p)
{
	size_t i;

	if (p == NULL)
		return;
	batch_free(p->cur);
	if (p->q != NULL)
		while (dp_workq_pending(p->q) > 0)
			batch_free(dp_workq_take(p->q));
	dp_workq_free(p->q);
	for (i = 0; i < p->nworkers; i++) {
		/* the recent trees of scratch belong to the repository */
		dp_treediff_release(&p->workers[i].scratch);
		dp_detector_scanner_free(p->workers[i].sc);
		if (p->workers[i].own)
			git_repository_free(p->workers[i].r.git);
	}
	free(p->workers);
	free(p->args);
	free(p);
}

/*
 * Starts the workers of r: none with one thread (the caller's thread
 * builds every record with r's handle), else one per thread, each with
 * its own handle on r's object database.  Sharing the database shares
 * its pack delta base cache, and libgit2 keeps the raw objects that
 * the database reads in the cache of the handle that wrapped it last:
 * started before the walk, the workers find there the commits that the
 * walk read, instead of reading them again.
 */
static struct pipe *
pipe_new(const struct dp_gitwalk *w, const struct repo *r,
    struct dp_error *e)
{
	struct dp_detector_limits lim = DP_DETECTOR_LIMITS_INIT;
	size_t i, n = w->opts.threads > 1 ? (size_t)w->opts.threads : 0;
	size_t nw = n > 0 ? n : 1;
	struct pipe *p;
	git_odb *odb;

	if ((p = calloc(1, sizeof(*p))) == NULL ||
	    (p->workers = calloc(nw, sizeof(*p->workers))) == NULL ||
	    (p->args = calloc(nw, sizeof(*p->args))) == NULL) {
		pipe_free(p);
		nomem(e);
		return NULL;
	}
	p->max = n > 0 ? n * BATCHES_PER_THREAD : 1;
	lim.max_bytes = w->opts.max_size;
	for (i = 0; i < nw; i++, p->nworkers++) {
		p->workers[i].r = *r;
		p->workers[i].opts = &w->opts;
		p->workers[i].ai = w->ai;
		dp_treediff_init(&p->workers[i].scratch);
		p->args[i] = &p->workers[i];
		if (r->secrets != NULL && (p->workers[i].sc =
		    dp_detector_scanner_new(w->opts.detectors, &lim,
		    e)) == NULL) {
			pipe_free(p);
			return NULL;
		}
		if (n == 0)
			continue;
		p->workers[i].r.git = NULL;
		odb = NULL;
		if (git_repository_odb(&odb, r->git) != 0 ||
		    git_repository_wrap_odb(&p->workers[i].r.git, odb) != 0) {
			dp_giterror(e, NULL);
			git_odb_free(odb);
			pipe_free(p);
			return NULL;
		}
		git_odb_free(odb);
		p->workers[i].own = 1;
	}
	if ((p->q = dp_workq_new(n, run_batch, p->args, e)) == NULL) {
		pipe_free(p);
		return NULL;
	}
	return p;
}

/*
 * Delivers record j of it, numbered w->count: as text to the line
 * callback, else parsed to the record callback.  Returns 0, 1 when the
 * callback stopped the walk, or -1 with e.
 */
static int
deliver_record(struct dp_gitwalk *w, const struct item *it, size_t j,
    struct dp_error *e)
{
	size_t start = j > 0 ? it->out.ends[j - 1] : 0;
	size_t head = it->out.zeros[j] - start;
	size_t tail = it->out.ends[j] - it->out.zeros[j] - 1;
	json_error_t jerr;
	char num[24];
	json_t *ev;
	int n, rc;

	n = snprintf(num, sizeof(num), "%lld", w->count);
	w->line.len = 0;
	if (dp_jsontext_reserve(&w->line, head + (size_t)n + tail, e) != 0)
		return -1;
	memcpy(w->line.buf, it->out.text.buf + start, head);
	memcpy(w->line.buf + head, num, (size_t)n);
	memcpy(w->line.buf + head + (size_t)n,
	    it->out.text.buf + it->out.zeros[j] + 1, tail);
	w->line.len = head + (size_t)n + tail;
	if (w->opts.line != NULL)
		return w->opts.line(w->line.buf, w->line.len, w->opts.arg) != 0;
	if ((ev = json_loadb(w->line.buf, w->line.len, 0, &jerr)) == NULL)
		return dp_error_set(e, DP_ERR_INTERNAL, NULL, 0, 0,
		    "record text: %s", jerr.text);
	rc = w->opts.record(ev, w->opts.arg) != 0;
	json_decref(ev);
	return rc;
}

/*
 * Gives the secrets commit it introduced to r's scan, after reporting
 * a problem met while scanning them.
 */
static int
take_hits(struct dp_gitwalk *w, const struct repo *r, struct item *it,
    struct dp_error *e)
{
	const struct dp_error *warning = dp_gitsecrets_hits_warning(it->hits);
	char sha[SHA_LEN + 1];
	int rc;

	if (warning != NULL) {
		*e = *warning;
		git_oid_tostr(sha, sizeof(sha), &it->id);
		locate(e, r->arg, sha);
		if (w->opts.warn == NULL)
			return -1;
		if (w->opts.warn(e, w->opts.arg) != 0)
			return 1;
	}
	rc = dp_gitsecrets_take(r->secrets, it->hits, e);
	it->hits = NULL;
	return rc;
}

/*
 * Delivers the records of b in order, or reports why a commit has none.
 * Returns 0, 1 when a callback stopped the walk, or -1 with e.
 */
static int
deliver_batch(struct dp_gitwalk *w, const struct repo *r, struct batch *b,
    struct dp_error *e)
{
	char sha[SHA_LEN + 1];
	struct item *it;
	size_t i, j;
	int rc;

	for (i = 0; i < b->n; i++) {
		it = &b->items[i];
		if (it->failed) {
			*e = it->err;
			git_oid_tostr(sha, sizeof(sha), &it->id);
			locate(e, r->arg, sha);
			if (e->code != DP_ERR_DATA || w->opts.warn == NULL)
				return -1;
			if (w->opts.warn(e, w->opts.arg) != 0)
				return 1;
			continue;
		}
		for (j = 0; j < it->out.n; j++) {
			w->count++;
			if ((rc = deliver_record(w, it, j, e)) != 0)
				return rc;
		}
		if (r->secrets != NULL && (rc = take_hits(w, r, it, e)) != 0)
			return rc;
	}
	return 0;
}

/* Hands the batch being filled to the workers. */
static int
hand_over(struct pipe *p, struct dp_error *e)
{
	if (p->cur == NULL)
		return 0;
	if (dp_workq_put(p->q, p->cur, e) != 0)
		return -1;
	p->cur = NULL;
	return 0;
}

/* Delivers done batches until fewer than keep are in flight. */
static int
drain(struct dp_gitwalk *w, const struct repo *r, size_t keep,
    struct dp_error *e)
{
	struct batch *b;
	int rc;

	while (dp_workq_pending(r->pipe->q) > keep) {
		b = dp_workq_take(r->pipe->q);
		rc = deliver_batch(w, r, b, e);
		batch_free(b);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/*
 * Queues the commit id; delivers the records of earlier commits when
 * enough batches are in flight.  Returns 0, 1 when a callback stopped
 * the walk, or -1 with e.
 */
static int
walk_commit(struct dp_gitwalk *w, struct repo *r, const git_oid *id,
    struct dp_error *e)
{
	struct pipe *p = r->pipe;

	if (p->cur == NULL && (p->cur = calloc(1, sizeof(*p->cur))) == NULL)
		return nomem(e);
	git_oid_cpy(&p->cur->items[p->cur->n++].id, id);
	if (p->cur->n < BATCH)
		return 0;
	if (hand_over(p, e) != 0)
		return -1;
	return drain(w, r, p->max - 1, e);
}

/* Delivers the records of every commit queued.  Returns as walk_commit. */
static int
walk_flush(struct dp_gitwalk *w, struct repo *r, struct dp_error *e)
{
	if (r->pipe == NULL)
		return 0;
	if (hand_over(r->pipe, e) != 0)
		return -1;
	return drain(w, r, 0, e);
}

struct dp_gitwalk *
dp_gitwalk_new(const struct dp_gitwalk_options *opts, struct dp_error *err)
{
	struct dp_gitwalk *w;

	if (opts == NULL || (opts->record == NULL && opts->line == NULL)) {
		dp_error_set(err, DP_ERR_USAGE, NULL, 0, 0,
		    "no record callback");
		return NULL;
	}
	if ((w = calloc(1, sizeof(*w))) == NULL) {
		nomem(err);
		return NULL;
	}
	if ((w->ai = dp_aimarker_load(dp_datadir_rules(), err)) == NULL) {
		free(w);
		return NULL;
	}
	if (git_libgit2_init() < 0) {
		dp_error_set(err, DP_ERR_INTERNAL, NULL, 0, 0,
		    "cannot initialise libgit2");
		dp_aimarker_free(w->ai);
		free(w);
		return NULL;
	}
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_BLOB,
	    BLOB_CACHE_LIMIT);
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, CACHE_MAX_SIZE);
	/* git does not hash objects again when it reads them: neither do we */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	w->opts = *opts;
	return w;
}

void
dp_gitwalk_free(struct dp_gitwalk *w)
{
	if (w == NULL)
		return;
	git_libgit2_shutdown();
	dp_aimarker_free(w->ai);
	free(w->line.buf);
	free(w);
}

long long
dp_gitwalk_count(const struct dp_gitwalk *w)
{
	return w->count;
}

/* Numbers a record built elsewhere, adds the repository and delivers it. */
static int
deliver(struct dp_gitwalk *w, const struct repo *r, json_t *ev,
    struct dp_error *e)
{
	if (dp_event_set_src(ev, "git", r->path, w->count + 1, e) != 0)
		return -1;
	if (json_object_set_new(ev, "repo", json_deep_copy(r->obj)) != 0)
		return nomem(e);
	w->count++;
	if (w->opts.line == NULL)
		return w->opts.record(ev, w->opts.arg) != 0;
	w->line.len = 0;
	if (dp_jsontext_append_any(&w->line, ev, e) != 0)
		return -1;
	return w->opts.line(w->line.buf, w->line.len, w->opts.arg) != 0;
}

/* Delivers a record of gitrefs (its callback). */
struct ref_ctx {
	struct dp_gitwalk *w;
	const struct repo *r;
	struct dp_error *e;
	int failed;
};

static int
deliver_ref(json_t *ev, void *arg)
{
	struct ref_ctx *c = arg;
	int rc = deliver(c->w, c->r, ev, c->e);

	c->failed = rc < 0;
	return rc != 0;
}

/*
 * Delivers the scm.posture record of r, at time ms, its id keyed on the
 * repository's name and HEAD's commit, so that copies share it.
 */
static int
posture(struct dp_gitwalk *w, const struct repo *r, int64_t ms,
    struct dp_error *e)
{
	const char *name = json_string_value(json_object_get(r->obj, "name"));
	char key[1024];
	json_t *ev = NULL, *p;
	git_oid head;
	int rc = -1, n;

	if ((p = dp_gitposture_describe(r->git, e)) == NULL) {
		if (e->code != DP_ERR_NOMEM)
			e->code = DP_ERR_NOINPUT;
		return -1;
	}
	if (git_reference_name_to_id(&head, r->git, "HEAD") != 0)
		git_oid_fromstrn(&head, "", 0);
	git_error_clear();
	n = snprintf(key, sizeof(key), "%s%c%s", name, '\0',
	    git_oid_tostr_s(&head));
	if ((ev = dp_event_new("scm.posture", ms, e)) == NULL ||
	    dp_event_set_id(ev, key, (size_t)n < sizeof(key) ? (size_t)n :
	    sizeof(key) - 1, e) != 0)
		goto out;
	if (json_object_set_new(ev, "src", json_null()) != 0 ||
	    json_object_set_new(ev, "repo", json_null()) != 0 ||
	    json_object_set(ev, "posture", p) != 0) {
		nomem(e);
		goto out;
	}
	rc = deliver(w, r, ev, e);
out:
	json_decref(ev);
	json_decref(p);
	return rc;
}

/* Passes on a problem of the secrets' report, located in r. */
static int
warn_secret(const struct dp_error *err, void *arg)
{
	struct ref_ctx *c = arg;
	struct dp_error e = *err;

	locate(&e, c->r->arg, NULL);
	return c->w->opts.warn(&e, c->w->opts.arg);
}

/* Delivers the secret.detected records of r. */
static int
secrets_report(struct dp_gitwalk *w, const struct repo *r,
    struct dp_error *e)
{
	struct dp_gitrefs_select sel = { w->opts.refs, w->opts.nrefs };
	struct ref_ctx c = { w, r, e, 0 };
	int rc;

	if (r->pipe == NULL)
		return 0;
	rc = dp_gitsecrets_report(r->secrets, r->git, &sel,
	    r->pipe->workers[0].sc, r->path, r->obj, deliver_ref,
	    w->opts.warn != NULL ? warn_secret : NULL, &c, e);
	if (rc < 0 && !c.failed && (e->code == DP_ERR_DATA ||
	    e->code == DP_ERR_IO))
		e->code = DP_ERR_NOINPUT;
	return rc;
}

/* Delivers the tags and reflog entries of r. */
static int
refs(struct dp_gitwalk *w, const struct repo *r, struct dp_error *e)
{
	struct dp_gitrefs_select sel = { w->opts.refs, w->opts.nrefs };
	struct ref_ctx c = { w, r, e, 0 };
	int rc;

	rc = dp_gitrefs_tags(r->git, &sel, deliver_ref, &c, e);
	if (rc == 0)
		rc = dp_gitrefs_reflogs(r->git, &sel, deliver_ref, &c, e);
	if (rc < 0 && !c.failed && (e->code == DP_ERR_DATA ||
	    e->code == DP_ERR_IO))
		e->code = DP_ERR_NOINPUT;
	return rc;
}

int
dp_gitwalk_repo(struct dp_gitwalk *w, const char *path,
    struct dp_error *err)
{
	struct dp_gitrefs_select sel = { w->opts.refs, w->opts.nrefs };
	struct repo r;
	git_revwalk *walk = NULL;
	int64_t newest;
	struct dp_error e;
	size_t pushed;
	git_oid id;
	int rc = -1, n;

	memset(&r, 0, sizeof(r));
	r.arg = path;
	dp_error_clear(&e);
	if (repo_open(&r, path, &e) != 0)
		goto out;
	if (git_revwalk_new(&walk, r.git) != 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL |
	    GIT_SORT_TIME) != 0) {
		dp_giterror(&e, NULL);
		goto out;
	}
	if (w->opts.detectors != NULL && (r.secrets = dp_gitsecrets_new(
	    w->opts.detectors, w->opts.max_size, &e)) == NULL)
		goto out;
	if (dp_gitshallow_open(r.git, &r.shallow, &e) != 0 ||
	    dp_gitshallow_hide(r.shallow, walk, &e) != 0)
		goto out;
	if (dp_gitrefs_push(r.git, walk, &sel, &pushed, &newest, &e) != 0) {
		if (e.code == DP_ERR_DATA || e.code == DP_ERR_IO)
			e.code = DP_ERR_NOINPUT;
		goto out;
	}
	if ((rc = posture(w, &r, newest != INT64_MIN ? newest : 0, &e)) != 0)
		goto out;
	rc = -1;
	if (pushed > 0 && (r.pipe = pipe_new(w, &r, &e)) == NULL)
		goto out;
	while (pushed > 0 && (n = git_revwalk_next(&id, walk)) == 0)
		if ((rc = walk_commit(w, &r, &id, &e)) != 0)
			goto out;
	if (pushed > 0 && n != GIT_ITEROVER) {
		unreadable(&e);
		goto out;
	}
	if ((rc = walk_flush(w, &r, &e)) == 0 && r.secrets != NULL)
		rc = secrets_report(w, &r, &e);
	if (rc == 0 && !w->opts.no_refs)
		rc = refs(w, &r, &e);
out:
	if (rc < 0) {
		locate(&e, path, NULL);
		if (err != NULL)
			*err = e;
	}
	git_revwalk_free(walk);
	repo_close(&r);
	return rc;
}
