#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "event.h"
#include "filechange.h"
#include "jsontext.h"
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

/*
 * The text of a record being written: t, and where an error goes.  A
 * failed step leaves fail set, and the rest do nothing, so that a
 * record is written as a list of steps checked once.
 */
struct out {
	struct dp_jsontext *t;
	struct dp_error *e;
	int fail;
};

/* Appends the n bytes at s as they are. */
static void
raw(struct out *o, const char *s, size_t n)
{
	if (!o->fail && dp_jsontext_put(o->t, s, n, o->e) != 0)
		o->fail = 1;
}

/* Appends ,"key": (no comma when first). */
static void
key(struct out *o, const char *k, int first)
{
	if (!first)
		raw(o, ",", 1);
	raw(o, "\"", 1);
	raw(o, k, strlen(k));
	raw(o, "\":", 2);
}

/* Appends member k, the string v. */
static void
str(struct out *o, const char *k, const char *v, int first)
{
	key(o, k, first);
	if (!o->fail && dp_jsontext_string(o->t, v, strlen(v), o->e) != 0)
		o->fail = 1;
}

/* Appends member k, the number n, when n >= 0. */
static void
count_member(struct out *o, const char *k, long long n)
{
	if (n < 0)
		return;
	key(o, k, 0);
	if (!o->fail && dp_jsontext_integer(o->t, n, o->e) != 0)
		o->fail = 1;
}

/* Appends member k, the id of a side that exists (mode not 0). */
static void
id_member(struct out *o, const char *k, uint32_t mode, const git_oid *id)
{
	char buf[SHA_LEN + 1];

	if (mode == 0)
		return;
	git_oid_tostr(buf, sizeof(buf), id);
	str(o, k, buf, 0);
}

/* Appends member k, git's octal spelling of a mode that is not 0. */
static void
mode_member(struct out *o, const char *k, uint32_t mode)
{
	char buf[16];

	if (mode == 0)
		return;
	snprintf(buf, sizeof(buf), "%06o", (unsigned int)mode);
	str(o, k, buf, 0);
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

/* Appends the "file" object of change c of commit sha. */
static void
file_text(struct out *o, const char *sha, const struct dp_treediff_change *c,
    const struct names *nm, const struct facts *f)
{
	const char *mc = mode_change(c->old_mode, c->new_mode);

	raw(o, "{", 1);
	str(o, "commit", sha, 1);
	str(o, "path", nm->path, 0);
	if (nm->old_path != NULL)
		str(o, "old_path", nm->old_path, 0);
	str(o, "status", status_name(c), 0);
	id_member(o, "old_id", c->old_mode, &c->old_id);
	id_member(o, "new_id", c->new_mode, &c->new_id);
	mode_member(o, "old_mode", c->old_mode);
	mode_member(o, "new_mode", c->new_mode);
	str(o, "type", type_name(c->new_mode ? c->new_mode : c->old_mode), 0);
	if (mc != NULL)
		str(o, "mode_change", mc, 0);
	if (f->binary >= 0) {
		key(o, "binary", 0);
		raw(o, f->binary ? "true" : "false", f->binary ? 4 : 5);
	}
	count_member(o, "size", f->size);
	if (c->old_path != NULL)
		count_member(o, "similarity", c->similarity);
	count_member(o, "lines_added", f->added);
	count_member(o, "lines_deleted", f->deleted);
	if (nm->repaired) {
		key(o, "repaired", 0);
		raw(o, "true", 4);
	}
	raw(o, "}", 1);
}

/*
 * What the records of a commit copy from its scm.commit record, as
 * text: ,"time":...,"src":{...},"actor":{...},"repo":{...}, with the
 * offset of the 0 of src.rec in it.
 */
struct envelope {
	struct dp_jsontext t;
	size_t zero;
};

#define REC_ZERO "\"rec\":0}"	/* the end of src as commit_ev has it */

static int
envelope_make(struct envelope *env, const json_t *commit_ev,
    struct dp_error *e)
{
	static const char *const keys[] = { "time", "src", "actor", "repo" };
	const json_t *v;
	size_t i, n = strlen(REC_ZERO);
	struct out o = { &env->t, e, 0 };

	env->t.len = 0;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if ((v = json_object_get(commit_ev, keys[i])) == NULL)
			return dp_error_set(e, DP_ERR_INTERNAL, NULL, 0, 0,
			    "commit record without %s", keys[i]);
		key(&o, keys[i], 0);
		if (o.fail || dp_jsontext_append(&env->t, v, e) != 0)
			return -1;
		if (i == 1) {
			if (env->t.len < n || memcmp(env->t.buf + env->t.len -
			    n, REC_ZERO, n) != 0)
				return dp_error_set(e, DP_ERR_INTERNAL, NULL,
				    0, 0, "commit record without src.rec 0");
			env->zero = env->t.len - 2;
		}
	}
	return 0;
}

/*
 * Begins a record of kind about path in commit sha, its envelope env:
 * everything up to the name of its data object, whose value the caller
 * appends before ending it with record_end().
 */
static int
record_begin(struct dp_jsontext_recs *r, const char *kind, const char *sha,
    const char *path, const struct envelope *env, const char *name,
    size_t *zero, struct dp_error *e)
{
	char id[DP_EVENT_ID_LEN + 1];
	size_t plen = strlen(path);
	struct out o = { &r->text, e, 0 };
	char *k;
	int rc;

	if ((k = malloc(SHA_LEN + 1 + plen)) == NULL)
		return nomem(e);
	memcpy(k, sha, SHA_LEN + 1);
	memcpy(k + SHA_LEN + 1, path, plen);
	rc = dp_event_make_id(kind, k, SHA_LEN + 1 + plen, id, e);
	free(k);
	if (rc != 0)
		return -1;
	raw(&o, "{\"v\":1", 6);
	str(&o, "kind", kind, 0);
	str(&o, "id", id, 0);
	*zero = r->text.len + env->zero;
	raw(&o, env->t.buf, env->t.len);
	key(&o, name, 0);
	return o.fail ? -1 : 0;
}

/* Ends the record begun at zero, and counts it. */
static int
record_end(struct dp_jsontext_recs *r, size_t zero, struct dp_error *e)
{
	if (dp_jsontext_put(&r->text, "}", 1, e) != 0)
		return -1;
	return dp_jsontext_recs_end(r, zero, e);
}

/* Appends the ai.config records of the added or renamed paths of d. */
static int
ai_records(const struct dp_aiconfig *ai, const char *sha,
    const struct dp_treediff *d, const struct envelope *env,
    struct dp_jsontext_recs *out, struct dp_error *e)
{
	const char *tool, *pattern;
	const struct dp_treediff_change *c;
	struct out o = { &out->text, e, 0 };
	size_t i, zero;
	char *path;
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
		if (record_begin(out, "ai.config", sha, c->path, env, "ai",
		    &zero, e) != 0)
			return -1;
		if ((path = dp_utf8_repair(c->path, strlen(c->path),
		    NULL)) == NULL)
			return nomem(e);
		raw(&o, "{", 1);
		str(&o, "tool", tool, 1);
		str(&o, "path", path, 0);
		str(&o, "commit", sha, 0);
		str(&o, "pattern", pattern, 0);
		raw(&o, "}", 1);
		free(path);
		if (o.fail || record_end(out, zero, e) != 0)
			return -1;
	}
	return 0;
}

int
dp_filechange_commit(git_repository *git, const git_commit *c,
    const json_t *commit_ev, const struct dp_filechange_options *o,
    struct dp_treediff *d, struct dp_jsontext_recs *out,
    struct dp_error *err)
{
	struct envelope env = { { NULL, 0, 0 }, 0 };
	struct out text = { &out->text, err, 0 };
	git_commit *parent = NULL;
	char sha[SHA_LEN + 1];
	struct names nm;
	struct facts f;
	size_t i, zero;
	int rc = -1;

	git_oid_tostr(sha, sizeof(sha), git_commit_id(c));
	if (!o->root && git_commit_parentcount(c) > 0 &&
	    git_commit_parent(&parent, c, 0) != 0) {
		gitfail(err, "parent of commit", git_commit_id(c));
		goto out;
	}
	if (dp_treediff_ids(d, git, parent != NULL ?
	    git_commit_tree_id(parent) : NULL, git_commit_tree_id(c),
	    err) != 0 || dp_treediff_renames(d, git, err) != 0 ||
	    envelope_make(&env, commit_ev, err) != 0)
		goto out;
	for (i = 0; i < d->n; i++) {
		if (facts_of(git, &d->v[i], o, &f, err) != 0 ||
		    names_of(&d->v[i], &nm, err) != 0)
			goto out;
		if (record_begin(out, "file.change", sha, d->v[i].path, &env,
		    "file", &zero, err) == 0)
			file_text(&text, sha, &d->v[i], &nm, &f);
		else
			text.fail = 1;
		names_free(&nm);
		if (text.fail || record_end(out, zero, err) != 0)
			goto out;
	}
	if (o->ai != NULL && ai_records(o->ai, sha, d, &env, out, err) != 0)
		goto out;
	rc = 0;
out:
	free(env.t.buf);
	git_commit_free(parent);
	return rc;
}
