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
#include "giterror.h"
#include "gitperson.h"
#include "gitrefs.h"
#include "gitshallow.h"
#include "gitposture.h"
#include "giturl.h"
#include "gitsig.h"
#include "gitwalk.h"
#include "recode.h"
#include "rfc3339.h"
#include "trailer.h"
#include "utf8.h"

#define SHA_LEN GIT_OID_HEXSZ

struct dp_gitwalk {
	struct dp_gitwalk_options opts;
	long long count;	/* records delivered */
	struct dp_aimarker *ai;	/* AI markers and bots */
};

/* The repository being walked. */
struct repo {
	const char *arg;	/* the path as given, for errors */
	git_repository *git;
	struct dp_gitshallow *shallow;	/* NULL unless a shallow clone */
	char *path;		/* absolute, symbolic links resolved */
	json_t *obj;		/* its "repo" object {name, path, url} */
	int repaired;		/* a string of obj had to be repaired */
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

static void
repo_close(struct repo *r)
{
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
	/* "o" steals the new values, and releases them on failure */
	o = json_pack("{s:s, s:o, s:b, s:o, s:o, s:b, s:s, s:s, s:s*, s:o, "
	    "s:o}", "sha", sha, "parents", parents_json(c),
	    "merge", git_commit_parentcount(c) > 1,
	    "author", dp_gitperson_json(au),
	    "committer", dp_gitperson_json(cm),
	    "committer_differs", differs,
	    "subject", subject, "message", message, "encoding", enc,
	    "trailers", dp_trailer_parse(message, strlen(message)),
	    "signature", signature_json(c));
	free(enc);
	if (o != NULL && repaired &&
	    json_object_set_new(o, "repaired", json_true()) != 0) {
		json_decref(o);
		return NULL;
	}
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

/*
 * Delivers the record of the commit id, or reports why it cannot be
 * built.  Returns 0, 1 when a callback stopped the walk, or -1 with e.
 */
static int
walk_commit(struct dp_gitwalk *w, const struct repo *r, const git_oid *id,
    struct dp_error *e)
{
	char sha[SHA_LEN + 1];
	git_commit *c = NULL;
	json_t *ev = NULL, *marks = NULL;
	git_time_t t;
	int64_t ms;
	size_t i;
	int rc;

	git_oid_tostr(sha, sizeof(sha), id);
	if (git_commit_lookup(&c, r->git, id) != 0) {
		unreadable(e);
		locate(e, r->arg, sha);
		return -1;
	}
	t = git_commit_time(c);
	ms = t > INT64_MAX / 1000 ? INT64_MAX : t < INT64_MIN / 1000 ?
	    INT64_MIN : (int64_t)t * 1000;
	if (ms < w->opts.since || ms > w->opts.until) {
		git_commit_free(c);
		return 0;
	}
	rc = commit_event(r, c, sha, w->count + 1, &ev, e);
	git_commit_free(c);
	if (rc == 0 && (rc = dp_aimarker_apply(w->ai, ev, w->count + 2,
	    &marks, e)) != 0)
		json_decref(ev);
	if (rc != 0) {
		locate(e, r->arg, sha);
		if (e->code != DP_ERR_DATA || w->opts.warn == NULL)
			return -1;
		return w->opts.warn(e, w->opts.arg) != 0;
	}
	w->count++;
	rc = w->opts.record(ev, w->opts.arg) != 0;
	json_decref(ev);
	/* the commit's ai.marker records follow it */
	for (i = 0; rc == 0 && i < json_array_size(marks); i++) {
		w->count++;
		rc = w->opts.record(json_array_get(marks, i),
		    w->opts.arg) != 0;
	}
	json_decref(marks);
	return rc;
}

struct dp_gitwalk *
dp_gitwalk_new(const struct dp_gitwalk_options *opts, struct dp_error *err)
{
	struct dp_gitwalk *w;

	if (opts == NULL || opts->record == NULL) {
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
	return w->opts.record(ev, w->opts.arg) != 0;
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
	struct repo r = { path, NULL, NULL, NULL, NULL, 0 };
	git_revwalk *walk = NULL;
	int64_t newest;
	struct dp_error e;
	size_t pushed;
	git_oid id;
	int rc = -1, n;

	dp_error_clear(&e);
	if (repo_open(&r, path, &e) != 0)
		goto out;
	if (git_revwalk_new(&walk, r.git) != 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL |
	    GIT_SORT_TIME) != 0) {
		dp_giterror(&e, NULL);
		goto out;
	}
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
	while (pushed > 0 && (n = git_revwalk_next(&id, walk)) == 0)
		if ((rc = walk_commit(w, &r, &id, &e)) != 0)
			goto out;
	if (pushed > 0 && n != GIT_ITEROVER) {
		unreadable(&e);
		goto out;
	}
	rc = w->opts.no_refs ? 0 : refs(w, &r, &e);
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
