#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "event.h"
#include "filechange.h"
#include "linecount.h"
#include "utf8.h"

#define SHA_LEN GIT_OID_HEXSZ

/* One side of a change, read when lines are counted. */
struct side {
	git_blob *blob;		/* NULL when not read */
	const void *buf;
	size_t len;
	int binary;
};

/* What one change adds to its record besides ids and modes. */
struct facts {
	long long size;		/* -1: unknown */
	int binary;		/* -1: unknown */
	long long added;	/* -1: not counted */
	long long deleted;
};

static int
nomem(struct dp_error *e)
{
	return dp_error_set(e, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

static int
gitfail(struct dp_error *e, const char *what, const git_oid *id)
{
	const git_error *ge = git_error_last();
	char sha[SHA_LEN + 1];

	git_oid_tostr(sha, sizeof(sha), id);
	return dp_error_set(e, ge != NULL && ge->klass == GIT_ERROR_NOMEMORY ?
	    DP_ERR_NOMEM : DP_ERR_DATA, NULL, 0, 0, "%s %s: %s", what, sha,
	    ge != NULL ? ge->message : "unknown libgit2 error");
}

static int
is_blob(uint32_t mode)
{
	return mode != 0 && mode != GIT_FILEMODE_COMMIT;
}

static const char *
type_name(uint32_t mode)
{
	switch (mode) {
	case GIT_FILEMODE_BLOB_EXECUTABLE:
		return "executable";
	case GIT_FILEMODE_LINK:
		return "symlink";
	case GIT_FILEMODE_COMMIT:
		return "submodule";
	default:
		return "file";
	}
}

/* Regular files, executable or not, are one type for git's "T". */
static int
same_type(uint32_t a, uint32_t b)
{
	if (a == GIT_FILEMODE_BLOB_EXECUTABLE)
		a = GIT_FILEMODE_BLOB;
	if (b == GIT_FILEMODE_BLOB_EXECUTABLE)
		b = GIT_FILEMODE_BLOB;
	return a == b;
}

static const char *
status_name(const struct dp_treediff_change *c)
{
	if (c->old_path != NULL)
		return "renamed";
	if (c->old_mode == 0)
		return "added";
	if (c->new_mode == 0)
		return "deleted";
	return same_type(c->old_mode, c->new_mode) ? "modified" :
	    "type_changed";
}

/* Returns the name of a change of mode between two existing sides. */
static const char *
mode_change(uint32_t o, uint32_t n)
{
	if (o == 0 || n == 0 || o == n)
		return NULL;
	if (n == GIT_FILEMODE_COMMIT)
		return "to_submodule";
	if (o == GIT_FILEMODE_COMMIT)
		return "from_submodule";
	if (n == GIT_FILEMODE_LINK)
		return "to_symlink";
	if (o == GIT_FILEMODE_LINK)
		return "from_symlink";
	return n == GIT_FILEMODE_BLOB_EXECUTABLE ? "executable_on" :
	    "executable_off";
}

static int
side_read(struct side *s, git_repository *git, const git_oid *id,
    struct dp_error *e)
{
	if (git_blob_lookup(&s->blob, git, id) != 0)
		return gitfail(e, "blob", id);
	s->buf = git_blob_rawcontent(s->blob);
	s->len = (size_t)git_blob_rawsize(s->blob);
	s->binary = dp_linecount_is_binary(s->buf, s->len);
	return 0;
}

/* Reads blobs to find the size, binary flag and line counts of c. */
static int
count(git_repository *git, const struct dp_treediff_change *c,
    struct facts *f, struct dp_error *e)
{
	struct side o = { NULL, NULL, 0, 0 }, n = { NULL, NULL, 0, 0 };
	int same = git_oid_equal(&c->old_id, &c->new_id), rc = -1;
	size_t a, d;

	if (!is_blob(c->new_mode) && !is_blob(c->old_mode))
		return 0;	/* a submodule: no size, flag nor lines */
	if (is_blob(c->new_mode) && side_read(&n, git, &c->new_id, e) != 0)
		goto out;
	if (is_blob(c->old_mode) && (c->new_mode == 0 || !same) &&
	    side_read(&o, git, &c->old_id, e) != 0)
		goto out;
	f->size = (long long)(is_blob(c->new_mode) ? n.len : o.len);
	f->binary = o.binary || n.binary;
	if (!f->binary && c->old_mode != GIT_FILEMODE_COMMIT &&
	    c->new_mode != GIT_FILEMODE_COMMIT) {
		if (same)
			a = d = 0;
		else if (dp_linecount_diff(o.buf, o.len, n.buf, n.len, &a, &d,
		    e) != 0)
			goto out;
		f->added = (long long)a;
		f->deleted = (long long)d;
	}
	rc = 0;
out:
	git_blob_free(o.blob);
	git_blob_free(n.blob);
	return rc;
}

/* Finds the facts of c that lines mode or headers give. */
static int
facts_of(git_repository *git, const struct dp_treediff_change *c,
    const struct dp_filechange_options *opt, struct facts *f,
    struct dp_error *e)
{
	const git_oid *id = c->new_mode ? &c->new_id : &c->old_id;
	uint32_t mode = c->new_mode ? c->new_mode : c->old_mode;
	git_object_t type;
	git_odb *odb = NULL;
	size_t len;
	int rc = -1;

	f->size = f->binary = -1;
	f->added = f->deleted = -1;
	if (opt->lines)
		return count(git, c, f, e);
	if (!is_blob(mode))
		return 0;
	if (git_repository_odb(&odb, git) != 0 ||
	    git_odb_read_header(&len, &type, odb, id) != 0) {
		gitfail(e, "blob", id);
		goto out;
	}
	f->size = (long long)len;
	rc = 0;
out:
	git_odb_free(odb);
	return rc;
}

/* Sets key to the number n when n >= 0. */
static int
set_count(json_t *o, const char *key, long long n)
{
	/* json_object_set_new steals the new integer, NULL included */
	return n < 0 ? 0 : json_object_set_new(o, key, json_integer(n));
}

/* Sets key to the id of a side that exists (mode not 0). */
static int
set_id(json_t *o, const char *key, uint32_t mode, const git_oid *id)
{
	char buf[SHA_LEN + 1];

	if (mode == 0)
		return 0;
	git_oid_tostr(buf, sizeof(buf), id);
	/* json_object_set_new steals the new string */
	return json_object_set_new(o, key, json_string(buf));
}

/* Sets key to git's octal spelling of a mode that is not 0. */
static int
set_mode(json_t *o, const char *key, uint32_t mode)
{
	char buf[16];

	if (mode == 0)
		return 0;
	snprintf(buf, sizeof(buf), "%06o", (unsigned int)mode);
	/* json_object_set_new steals the new string */
	return json_object_set_new(o, key, json_string(buf));
}

/* The paths of a change as valid UTF-8 (dp_utf8_repair()). */
struct names {
	char *path;
	char *old_path;		/* NULL unless a rename */
	int repaired;		/* a path had to be repaired */
};

static void
names_free(struct names *nm)
{
	free(nm->path);
	free(nm->old_path);
}

static int
names_of(const struct dp_treediff_change *c, struct names *nm,
    struct dp_error *e)
{
	int bad = 0;

	nm->repaired = 0;
	nm->old_path = NULL;
	if ((nm->path = dp_utf8_repair(c->path, strlen(c->path),
	    &nm->repaired)) == NULL || (c->old_path != NULL &&
	    (nm->old_path = dp_utf8_repair(c->old_path,
	    strlen(c->old_path), &bad)) == NULL)) {
		names_free(nm);
		return nomem(e);
	}
	nm->repaired |= bad;
	return 0;
}

/* Returns a new "file" object of change c of commit sha. */
static json_t *
file_json(const char *sha, const struct dp_treediff_change *c,
    const struct names *nm, const struct facts *f)
{
	const char *mc = mode_change(c->old_mode, c->new_mode);
	json_t *o;

	if ((o = json_pack("{s:s, s:s}", "commit", sha, "path", nm->path)) ==
	    NULL)
		return NULL;
	/* json_object_set_new steals the new values, NULL included */
	if ((nm->old_path != NULL && json_object_set_new(o, "old_path",
	    json_string(nm->old_path)) != 0) ||
	    json_object_set_new(o, "status", json_string(status_name(c))) ||
	    set_id(o, "old_id", c->old_mode, &c->old_id) ||
	    set_id(o, "new_id", c->new_mode, &c->new_id) ||
	    set_mode(o, "old_mode", c->old_mode) ||
	    set_mode(o, "new_mode", c->new_mode) ||
	    json_object_set_new(o, "type", json_string(type_name(
	    c->new_mode ? c->new_mode : c->old_mode))) != 0 ||
	    (mc != NULL && json_object_set_new(o, "mode_change",
	    json_string(mc)) != 0) ||
	    (f->binary >= 0 && json_object_set_new(o, "binary",
	    json_boolean(f->binary)) != 0) ||
	    set_count(o, "size", f->size) ||
	    (c->old_path != NULL && set_count(o, "similarity",
	    c->similarity) != 0) ||
	    set_count(o, "lines_added", f->added) ||
	    set_count(o, "lines_deleted", f->deleted) ||
	    (nm->repaired && json_object_set_new(o, "repaired",
	    json_true()) != 0)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/*
 * Returns a new record of kind about path in commit sha, its envelope
 * from commit_ev, with data under name; takes ownership of data.
 */
static json_t *
record(const char *kind, const char *sha, const char *path,
    const json_t *commit_ev, const char *name, json_t *data,
    struct dp_error *e)
{
	size_t plen = strlen(path);
	json_t *ev = NULL;
	char *key = NULL;

	if (data == NULL || (key = malloc(SHA_LEN + 1 + plen)) == NULL) {
		nomem(e);
		goto fail;
	}
	memcpy(key, sha, SHA_LEN + 1);
	memcpy(key + SHA_LEN + 1, path, plen);
	if ((ev = dp_event_new(kind, 0, e)) == NULL ||
	    dp_event_set_id(ev, key, SHA_LEN + 1 + plen, e) != 0)
		goto fail;
	/*
	 * json_object_set_new steals the new values, NULL included; time,
	 * actor and repo are shared with the commit's record (a new
	 * reference each), src is a copy since every record numbers its own
	 */
	if (json_object_set_new(ev, "time", json_incref(json_object_get(
	    commit_ev, "time"))) != 0 ||
	    json_object_set_new(ev, "src", json_deep_copy(json_object_get(
	    commit_ev, "src"))) != 0 ||
	    json_object_set_new(ev, "actor", json_incref(json_object_get(
	    commit_ev, "actor"))) != 0 ||
	    json_object_set_new(ev, "repo", json_incref(json_object_get(
	    commit_ev, "repo"))) != 0 ||
	    json_object_set_new(ev, name, data) != 0) {
		data = NULL;
		nomem(e);
		goto fail;
	}
	free(key);
	return ev;
fail:
	json_decref(data);
	json_decref(ev);
	free(key);
	return NULL;
}

/* Appends the ai.config records of the added or renamed paths of d. */
static int
ai_records(const struct dp_aiconfig *ai, const char *sha,
    const struct dp_treediff *d, const json_t *commit_ev, json_t *out,
    struct dp_error *e)
{
	const char *tool, *pattern;
	const struct dp_treediff_change *c;
	char *path;
	json_t *ev;
	size_t i;
	int m;

	for (i = 0; i < d->n; i++) {
		c = &d->v[i];
		if (c->new_mode == 0 || (c->old_mode != 0 &&
		    c->old_path == NULL))
			continue;
		if ((m = dp_aiconfig_match(ai, c->path, &tool, &pattern,
		    e)) < 0)
			return -1;
		if (m == 0)
			continue;
		if ((path = dp_utf8_repair(c->path, strlen(c->path),
		    NULL)) == NULL)
			return nomem(e);
		ev = record("ai.config", sha, c->path, commit_ev, "ai",
		    json_pack("{s:s, s:s, s:s, s:s}", "tool", tool, "path",
		    path, "commit", sha, "pattern", pattern), e);
		free(path);
		/* json_array_append_new steals ev */
		if (ev == NULL || json_array_append_new(out, ev) != 0)
			return ev == NULL ? -1 : nomem(e);
	}
	return 0;
}

int
dp_filechange_commit(git_repository *git, const git_commit *c,
    const json_t *commit_ev, const struct dp_filechange_options *o,
    struct dp_treediff *d, json_t *out, struct dp_error *err)
{
	git_commit *parent = NULL;
	char sha[SHA_LEN + 1];
	struct names nm;
	struct facts f;
	json_t *ev;
	size_t i;
	int rc = -1;

	git_oid_tostr(sha, sizeof(sha), git_commit_id(c));
	if (!o->root && git_commit_parentcount(c) > 0 &&
	    git_commit_parent(&parent, c, 0) != 0) {
		gitfail(err, "parent of commit", git_commit_id(c));
		goto out;
	}
	if (dp_treediff_ids(d, git, parent != NULL ?
	    git_commit_tree_id(parent) : NULL, git_commit_tree_id(c),
	    err) != 0 || dp_treediff_renames(d, git, err) != 0)
		goto out;
	for (i = 0; i < d->n; i++) {
		if (facts_of(git, &d->v[i], o, &f, err) != 0 ||
		    names_of(&d->v[i], &nm, err) != 0)
			goto out;
		ev = record("file.change", sha, d->v[i].path, commit_ev,
		    "file", file_json(sha, &d->v[i], &nm, &f), err);
		names_free(&nm);
		/* json_array_append_new steals ev */
		if (ev == NULL)
			goto out;
		if (json_array_append_new(out, ev) != 0) {
			nomem(err);
			goto out;
		}
	}
	if (o->ai != NULL && ai_records(o->ai, sha, d, commit_ev, out,
	    err) != 0)
		goto out;
	rc = 0;
out:
	git_commit_free(parent);
	return rc;
}
