#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "giterror.h"
#include "gitperson.h"
#include "gitsig.h"
#include "gitrefs.h"
#include "utf8.h"

#define SHA_LEN GIT_OID_HEXSZ
#define DP_MIN_MS (-62167219200000LL)	/* 0000-01-01T00:00:00Z */
#define DP_MAX_MS 253402300799999LL	/* 9999-12-31T23:59:59.999Z */

/* The armor lines git writes before a signature, and their types. */
static const struct {
	const char *line;
	const char *type;
} armors[] = {
	{ "-----BEGIN PGP SIGNATURE-----", "gpg" },
	{ "-----BEGIN PGP MESSAGE-----", "gpg" },
	{ "-----BEGIN SSH SIGNATURE-----", "ssh" },
	{ "-----BEGIN SIGNED MESSAGE-----", "x509" }
};

/* Sets *ms from git's seconds s; returns 0 when outside dp/1's years. */
static int
time_ms(git_time_t s, int64_t *ms)
{
	if (s < DP_MIN_MS / 1000 || s > DP_MAX_MS / 1000)
		return 0;
	*ms = (int64_t)s * 1000;
	return 1;
}

static int
nomem(struct dp_error *e)
{
	return dp_error_set(e, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

int
dp_gitrefs_match(const struct dp_gitrefs_select *sel, const char *name)
{
	size_t i;

	if (sel == NULL || sel->npatterns == 0)
		return 1;
	for (i = 0; i < sel->npatterns; i++)
		if (fnmatch(sel->patterns[i], name, 0) == 0)
			return 1;
	return 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A sorted list of ref names. */
struct names {
	char **v;
	size_t n, cap;
};

static void
names_free(struct names *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static int
names_add(struct names *l, const char *name)
{
	char **v;

	if (l->n == l->cap) {
		l->cap = l->cap != 0 ? l->cap * 2 : 32;
		if ((v = realloc(l->v, l->cap * sizeof(*v))) == NULL)
			return -1;
		l->v = v;
	}
	if ((l->v[l->n] = strdup(name)) == NULL)
		return -1;
	l->n++;
	return 0;
}

static int
add_name(const char *name, void *arg)
{
	return names_add(arg, name) != 0 ? -1 : 0;
}

/*
 * Lists the names of the chosen refs, sorted, HEAD first when chosen and
 * with_head is set; only those under refs/tags/ when tags is set.
 */
static int
list_refs(git_repository *git, const struct dp_gitrefs_select *sel,
    int with_head, int tags, struct names *out, struct dp_error *e)
{
	struct names all = { NULL, 0, 0 };
	size_t i;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (git_reference_foreach_name(git, add_name, &all) != 0) {
		if (git_error_last() == NULL)
			nomem(e);
		else
			dp_giterror(e, "refs");
		goto out;
	}
	if (all.n > 1)
		qsort(all.v, all.n, sizeof(*all.v), cmp_names);
	if (with_head && dp_gitrefs_match(sel, "HEAD") &&
	    names_add(out, "HEAD") != 0) {
		nomem(e);
		goto out;
	}
	for (i = 0; i < all.n; i++) {
		if (tags && strncmp(all.v[i], "refs/tags/", 10) != 0)
			continue;
		if (dp_gitrefs_match(sel, all.v[i]) &&
		    names_add(out, all.v[i]) != 0) {
			nomem(e);
			goto out;
		}
	}
	rc = 0;
out:
	names_free(&all);
	if (rc != 0) {
		names_free(out);
		memset(out, 0, sizeof(*out));
	}
	return rc;
}

/* Says which ref and object an error is about. */
static int
ref_error(struct dp_error *e, const char *ref, const git_oid *id)
{
	char sha[SHA_LEN + 1], what[512];

	if (id != NULL) {
		git_oid_tostr(sha, sizeof(sha), id);
		snprintf(what, sizeof(what), "%s: object %s", ref, sha);
	} else
		snprintf(what, sizeof(what), "%s", ref);
	return dp_giterror(e, what);
}

/*
 * Peels the ref named name to a commit into *c (NULL when it points to
 * no commit, or is an unborn HEAD).
 */
static int
peel_commit(git_repository *git, const char *name, git_commit **c,
    struct dp_error *e)
{
	git_reference *ref = NULL, *res = NULL;
	git_object *obj = NULL;
	int rc;

	*c = NULL;
	if ((rc = git_reference_lookup(&ref, git, name)) != 0)
		return rc == GIT_ENOTFOUND ? 0 : ref_error(e, name, NULL);
	if ((rc = git_reference_resolve(&res, ref)) != 0) {
		git_reference_free(ref);
		/* an unborn HEAD, or a symbolic ref to nothing */
		return rc == GIT_ENOTFOUND ? 0 : ref_error(e, name, NULL);
	}
	rc = git_reference_peel(&obj, res, GIT_OBJECT_COMMIT);
	if (rc == 0)
		*c = (git_commit *)obj;
	else if (rc == GIT_EPEEL || rc == GIT_EINVALIDSPEC)
		rc = 0;
	else if (git_reference_target(res) != NULL)
		rc = ref_error(e, name, git_reference_target(res));
	else
		rc = ref_error(e, name, NULL);
	git_reference_free(res);
	git_reference_free(ref);
	return rc;
}

int
dp_gitrefs_tips(git_repository *git, const struct dp_gitrefs_select *sel,
    dp_gitrefs_tip_fn fn, void *arg, struct dp_error *err)
{
	struct names refs;
	git_commit *c = NULL;
	size_t i;
	int rc = -1;

	if (list_refs(git, sel, 1, 0, &refs, err) != 0)
		return -1;
	for (i = 0; i < refs.n; i++) {
		if (peel_commit(git, refs.v[i], &c, err) != 0)
			goto out;
		if (c == NULL)
			continue;
		if (fn(refs.v[i], c, arg) != 0) {
			rc = 1;
			goto out;
		}
		git_commit_free(c);
		c = NULL;
	}
	rc = 0;
out:
	git_commit_free(c);
	names_free(&refs);
	return rc;
}

/* What dp_gitrefs_push() passes to push_tip(). */
struct push {
	git_revwalk *walk;
	size_t *pushed;
	int64_t *newest;
	struct dp_error *err;
	int failed;
};

static int
push_tip(const char *name, const git_commit *c, void *arg)
{
	struct push *p = arg;
	int64_t ms;

	if (git_revwalk_push(p->walk, git_commit_id(c)) != 0) {
		ref_error(p->err, name, git_commit_id(c));
		p->failed = 1;
		return 1;
	}
	/* a commit dated outside years 0000 to 9999 has no dp/1 time */
	if (time_ms(git_commit_time(c), &ms) && ms > *p->newest)
		*p->newest = ms;
	(*p->pushed)++;
	return 0;
}

int
dp_gitrefs_push(git_repository *git, git_revwalk *walk,
    const struct dp_gitrefs_select *sel, size_t *pushed, int64_t *newest,
    struct dp_error *err)
{
	struct push p = { walk, pushed, newest, err, 0 };
	int rc;

	*pushed = 0;
	*newest = INT64_MIN;
	rc = dp_gitrefs_tips(git, sel, push_tip, &p, err);
	return rc < 0 || p.failed ? -1 : 0;
}

json_t *
dp_gitrefs_signature(const char *armor)
{
	size_t i, n;

	for (i = 0; i < sizeof(armors) / sizeof(armors[0]); i++) {
		n = strlen(armors[i].line);
		if (strncmp(armor, armors[i].line, n) == 0 &&
		    (armor[n] == '\n' || armor[n] == '\r' || armor[n] == '\0'))
			return json_pack("{s:s}", "type", armors[i].type);
	}
	return NULL;
}

const char *
dp_gitrefs_signature_start(const char *message)
{
	const char *p = message;
	json_t *sig;

	while (p != NULL && *p != '\0') {
		if (strncmp(p, "-----BEGIN ", 11) == 0 &&
		    (sig = dp_gitrefs_signature(p)) != NULL) {
			json_decref(sig);
			return p;
		}
		if ((p = strchr(p, '\n')) != NULL)
			p++;
	}
	return NULL;
}

/* Returns a new valid UTF-8 copy of the n bytes at s; sets *repaired. */
static char *
text(const char *s, size_t n, int *repaired)
{
	int bad = 0;
	char *r = dp_utf8_repair(s != NULL ? s : "", s != NULL ? n : 0, &bad);

	*repaired |= bad;
	return r;
}

/* Builds the record of kind, keyed on the n bytes of key, at time ms. */
static json_t *
record(const char *kind, const char *key, size_t n, int64_t ms,
    struct dp_error *e)
{
	json_t *ev;

	if ((ev = dp_event_new(kind, ms, e)) == NULL)
		return NULL;
	if (dp_event_set_id(ev, key, n, e) != 0) {
		json_decref(ev);
		return NULL;
	}
	/* the caller fills src in, in its place in the envelope */
	if (json_object_set_new(ev, "src", json_null()) != 0) {
		json_decref(ev);
		nomem(e);
		return NULL;
	}
	return ev;
}

/* Adds "tagger" (and the actor) or, for a lightweight tag, nothing. */
static int
tag_object(git_repository *git, const char *name, const git_oid *id,
    json_t *o, int64_t *ms, json_t **actor, int *repaired,
    struct dp_error *e)
{
	git_tag *tag = NULL;
	struct dp_gitperson p;
	const char *msg, *sig;
	char sha[SHA_LEN + 1];
	char *m = NULL;
	json_t *s = NULL;
	int rc = -1;

	memset(&p, 0, sizeof(p));
	if (git_tag_lookup(&tag, git, id) != 0)
		return ref_error(e, name, id);
	git_oid_tostr(sha, sizeof(sha), id);
	msg = git_tag_message(tag);
	sig = msg != NULL ? dp_gitrefs_signature_start(msg) : NULL;
	if (sig != NULL && (s = dp_gitsig_describe(sig, strlen(sig))) == NULL)
		goto nomem;
	if ((m = text(msg, sig != NULL ? (size_t)(sig - msg) :
	    msg != NULL ? strlen(msg) : 0, repaired)) == NULL)
		goto nomem;
	/* json_object_set_new steals the new values, NULL included */
	if (json_object_set_new(o, "annotated", json_true()) != 0 ||
	    json_object_set_new(o, "object", json_string(sha)) != 0)
		goto nomem;
	if (git_tag_tagger(tag) != NULL) {
		if (dp_gitperson_read(&p, git_tag_tagger(tag), NULL, "tagger",
		    repaired, e) != 0)
			goto out;
		*ms = p.ms;
		if (json_object_set_new(o, "tagger", dp_gitperson_json(&p)) ||
		    (*actor = dp_event_person_new(p.name, p.email)) == NULL)
			goto nomem;
	}
	if (json_object_set_new(o, "message", json_string(m)) != 0 ||
	    json_object_set_new(o, "signed", json_boolean(s != NULL)) != 0)
		goto nomem;
	if (s != NULL && json_object_set(o, "signature", s) != 0)
		goto nomem;
	rc = 0;
	goto out;
nomem:
	nomem(e);
out:
	json_decref(s);
	free(m);
	dp_gitperson_release(&p);
	git_tag_free(tag);
	return rc;
}

/* Builds the scm.tag record of the tag ref named name. */
static int
tag_record(git_repository *git, const char *name, json_t **out,
    struct dp_error *e)
{
	git_object *obj = NULL, *target = NULL;
	json_t *o = NULL, *actor = NULL, *ev = NULL;
	char sha[SHA_LEN + 1], tsha[SHA_LEN + 1], key[1024];
	char *short_name = NULL;
	int64_t ms = 0;
	int repaired = 0, rc = -1, n;
	git_oid id;

	*out = NULL;
	if (git_reference_name_to_id(&id, git, name) != 0)
		return ref_error(e, name, NULL);
	/* the object the ref names: a tag object, or the target itself */
	if (git_object_lookup(&obj, git, &id, GIT_OBJECT_ANY) != 0)
		return ref_error(e, name, &id);
	if (git_object_type(obj) == GIT_OBJECT_TAG ?
	    git_tag_peel(&target, (git_tag *)obj) != 0 :
	    git_object_dup(&target, obj) != 0) {
		ref_error(e, name, &id);
		goto out;
	}
	git_oid_tostr(tsha, sizeof(tsha), git_object_id(target));
	git_oid_tostr(sha, sizeof(sha), git_object_id(obj));
	if ((short_name = text(name + 10, strlen(name + 10), &repaired)) ==
	    NULL || (o = json_pack("{s:s, s:s, s:s, s:b}", "name", short_name,
	    "target", tsha, "target_type",
	    git_object_type2string(git_object_type(target)), "annotated",
	    0)) == NULL) {
		nomem(e);
		goto out;
	}
	if (git_object_type(target) == GIT_OBJECT_COMMIT &&
	    !time_ms(git_commit_time((git_commit *)target), &ms))
		ms = 0;
	if (git_object_type(obj) == GIT_OBJECT_TAG) {
		if (tag_object(git, name, git_object_id(obj), o, &ms, &actor,
		    &repaired, e) != 0)
			goto out;
	} else if (json_object_set_new(o, "signed", json_false()) != 0) {
		nomem(e);
		goto out;
	}
	if (repaired && json_object_set_new(o, "repaired", json_true())) {
		nomem(e);
		goto out;
	}
	n = snprintf(key, sizeof(key), "%s%c%s%c%s", name, '\0', tsha, '\0',
	    git_object_type(obj) == GIT_OBJECT_TAG ? sha : "");
	if ((ev = record("scm.tag", key, (size_t)n < sizeof(key) ? (size_t)n :
	    sizeof(key) - 1, ms, e)) == NULL)
		goto out;
	if ((actor != NULL && json_object_set(ev, "actor", actor) != 0) ||
	    json_object_set_new(ev, "repo", json_null()) != 0 ||
	    json_object_set(ev, "tag", o) != 0) {
		nomem(e);
		goto out;
	}
	*out = ev;
	ev = NULL;
	rc = 0;
out:
	free(short_name);
	json_decref(ev);
	json_decref(o);
	json_decref(actor);
	git_object_free(target);
	git_object_free(obj);
	return rc;
}

int
dp_gitrefs_tags(git_repository *git, const struct dp_gitrefs_select *sel,
    dp_gitrefs_fn fn, void *arg, struct dp_error *err)
{
	struct names tags;
	json_t *ev = NULL;
	size_t i;
	int rc = 0;

	if (list_refs(git, sel, 0, 1, &tags, err) != 0)
		return -1;
	for (i = 0; i < tags.n && rc == 0; i++) {
		if (tag_record(git, tags.v[i], &ev, err) != 0) {
			rc = -1;
			break;
		}
		rc = fn(ev, arg) != 0;
		json_decref(ev);
	}
	names_free(&tags);
	return rc;
}

/*
 * Sets "action" (and "amend") from a reflog message: its first word
 * before a colon, "commit" of "commit (amend): ...", "push" of "push"
 * and of "update by push".
 */
static int
set_action(json_t *o, const char *msg)
{
	size_t n = strcspn(msg, " :(\n");
	char word[32];

	if (strncmp(msg, "update by push", 14) == 0)
		return json_object_set_new(o, "action", json_string("push"));
	if (n == 0 || n >= sizeof(word))
		return 0;
	memcpy(word, msg, n);
	word[n] = '\0';
	if (strncmp(msg, "commit (amend)", 14) == 0 &&
	    json_object_set_new(o, "amend", json_true()) != 0)
		return -1;
	return json_object_set_new(o, "action", json_string(word));
}

/*
 * Sets "forced": whether new does not descend from old, when both are
 * commits in the repository.
 */
static int
set_forced(git_repository *git, json_t *o, const git_oid *old,
    const git_oid *new)
{
	git_odb *odb = NULL;
	git_object_t t1, t2;
	size_t len;
	int rc = 0, d;

	if (git_oid_is_zero(old) || git_oid_is_zero(new))
		return 0;
	if (git_oid_equal(old, new))
		return json_object_set_new(o, "forced", json_false());
	if (git_repository_odb(&odb, git) != 0)
		return 0;
	if (git_odb_read_header(&len, &t1, odb, old) == 0 &&
	    git_odb_read_header(&len, &t2, odb, new) == 0 &&
	    t1 == GIT_OBJECT_COMMIT && t2 == GIT_OBJECT_COMMIT &&
	    (d = git_graph_descendant_of(git, new, old)) >= 0)
		rc = json_object_set_new(o, "forced", json_boolean(!d));
	git_error_clear();
	git_odb_free(odb);
	return rc;
}

/* Returns the sha of id, or null for the all-zero id. */
static json_t *
sha_or_null(const git_oid *id)
{
	char sha[SHA_LEN + 1];

	if (git_oid_is_zero(id))
		return json_null();
	git_oid_tostr(sha, sizeof(sha), id);
	return json_string(sha);
}

/* Builds the scm.ref_update record of one reflog entry of name. */
static int
entry_record(git_repository *git, const char *name,
    const git_reflog_entry *en, json_t **out, struct dp_error *e)
{
	const git_signature *who = git_reflog_entry_committer(en);
	const char *msg = git_reflog_entry_message(en);
	struct dp_gitperson p;
	char old[SHA_LEN + 1], new[SHA_LEN + 1], key[2048];
	json_t *o = NULL, *ev = NULL;
	char *m = NULL, *n = NULL;
	int repaired = 0, rc = -1, len;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	if (dp_gitperson_read(&p, who, NULL, "reflog", &repaired, e) != 0)
		goto out;
	if ((m = text(msg, msg != NULL ? strlen(msg) : 0, &repaired)) ==
	    NULL || (n = text(name, strlen(name), &repaired)) == NULL)
		goto nomem;
	o = json_pack("{s:s, s:o, s:o, s:s}", "name", n,
	    "old", sha_or_null(git_reflog_entry_id_old(en)),
	    "new", sha_or_null(git_reflog_entry_id_new(en)), "message", m);
	if (o == NULL || set_action(o, m) != 0 ||
	    set_forced(git, o, git_reflog_entry_id_old(en),
	    git_reflog_entry_id_new(en)) != 0 ||
	    json_object_set_new(o, "tz_offset", json_integer(p.offset)) != 0)
		goto nomem;
	if (repaired && json_object_set_new(o, "repaired", json_true()) != 0)
		goto nomem;
	git_oid_tostr(old, sizeof(old), git_reflog_entry_id_old(en));
	git_oid_tostr(new, sizeof(new), git_reflog_entry_id_new(en));
	len = snprintf(key, sizeof(key), "%s%c%s%c%s%c%lld%c%s", name, '\0',
	    old, '\0', new, '\0', (long long)who->when.time, '\0', p.email);
	if ((ev = record("scm.ref_update", key, (size_t)len < sizeof(key) ?
	    (size_t)len : sizeof(key) - 1, p.ms, e)) == NULL)
		goto out;
	/* json_object_set_new steals the new values, NULL included */
	if (json_object_set_new(ev, "actor", dp_event_person_new(p.name,
	    p.email)) != 0 || json_object_set_new(ev, "repo", json_null()) ||
	    json_object_set(ev, "ref", o) != 0)
		goto nomem;
	*out = ev;
	ev = NULL;
	rc = 0;
	goto out;
nomem:
	nomem(e);
out:
	json_decref(ev);
	json_decref(o);
	free(m);
	free(n);
	dp_gitperson_release(&p);
	return rc;
}

int
dp_gitrefs_reflogs(git_repository *git, const struct dp_gitrefs_select *sel,
    dp_gitrefs_fn fn, void *arg, struct dp_error *err)
{
	struct names refs;
	git_reflog *log = NULL;
	json_t *ev = NULL;
	size_t i, j;
	int rc = 0;

	if (list_refs(git, sel, 1, 0, &refs, err) != 0)
		return -1;
	for (i = 0; i < refs.n && rc == 0; i++) {
		if (git_reflog_read(&log, git, refs.v[i]) != 0) {
			rc = ref_error(err, refs.v[i], NULL);
			break;
		}
		for (j = git_reflog_entrycount(log); j > 0 && rc == 0; j--) {
			if (entry_record(git, refs.v[i],
			    git_reflog_entry_byindex(log, j - 1), &ev,
			    err) != 0) {
				rc = -1;
				break;
			}
			rc = fn(ev, arg) != 0;
			json_decref(ev);
		}
		git_reflog_free(log);
		log = NULL;
	}
	names_free(&refs);
	return rc;
}
