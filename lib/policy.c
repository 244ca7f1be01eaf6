#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "event.h"
#include "pathglob.h"
#include "policy.h"
#include "yamldoc.h"

enum { L_AI, L_TOOLS, L_BOTS, L_BRANCHES, L_PATHS, L_DOMAINS, L_COUNT };

static const char *const keys[L_COUNT] = { "ai_assistants", "tools",
    "trusted_bots", "protected_branches", "sensitive_paths",
    "email_domains" };

struct list {
	int set;			/* the key is in the file */
	char **names;			/* copies of the strings */
	struct dp_pathglob **globs;	/* branches and paths */
	size_t n;
};

struct dp_policy {
	struct list l[L_COUNT];
};

void
dp_policy_free(struct dp_policy *p)
{
	size_t i, k;

	if (p == NULL)
		return;
	for (k = 0; k < L_COUNT; k++) {
		for (i = 0; i < p->l[k].n; i++) {
			free(p->l[k].names[i]);
			if (p->l[k].globs != NULL)
				dp_pathglob_free(p->l[k].globs[i]);
		}
		free(p->l[k].names);
		free(p->l[k].globs);
	}
	free(p);
}

static int
nomem(struct dp_error *err, const char *source)
{
	return dp_error_set(err, DP_ERR_NOMEM, source, 0, 0, "out of memory");
}

static int
is_glob_list(int k)
{
	return k == L_BRANCHES || k == L_PATHS;
}

/* Checks one string of list k; the pattern is compiled into *g. */
static int
check_item(int k, const char *s, const char *source, long line,
    struct dp_pathglob **g, struct dp_error *err)
{
	if (is_glob_list(k)) {
		if ((*g = dp_pathglob_new(s, err)) == NULL) {
			if (err != NULL) {
				snprintf(err->source, sizeof(err->source),
				    "%s", source);
				err->line = line;
			}
			return -1;
		}
		return 0;
	}
	if (k == L_DOMAINS && strpbrk(s, "@ \t") != NULL)
		return dp_error_set(err, DP_ERR_CONFIG, source, line, 0,
		    "bad email domain '%.64s' (a name like acme.io or "
		    "*.acme.io)", s);
	return 0;
}

static int
load_list(struct list *l, int k, const struct dp_yamldoc *doc,
    const json_t *root, struct dp_error *err)
{
	const char *source = dp_yamldoc_source(doc), *s;
	const json_t *v = json_object_get(root, keys[k]);
	size_t i, n;
	long line;

	l->set = 1;
	if (!json_is_array(v))
		return dp_error_set(err, DP_ERR_CONFIG, source,
		    dp_yamldoc_key_line(doc, root, keys[k]), 0,
		    "'%s' must be a list of strings", keys[k]);
	n = json_array_size(v);
	if ((l->names = calloc(n + 1, sizeof(*l->names))) == NULL ||
	    (is_glob_list(k) &&
	    (l->globs = calloc(n + 1, sizeof(*l->globs))) == NULL))
		return nomem(err, source);
	for (i = 0; i < n; i++) {
		s = json_string_value(json_array_get(v, i));
		line = dp_yamldoc_item_line(doc, v, i);
		if (s == NULL || *s == '\0')
			return dp_error_set(err, DP_ERR_CONFIG, source, line,
			    0, "'%s' item %zu must be a non-empty string",
			    keys[k], i + 1);
		if ((l->names[i] = strdup(s)) == NULL)
			return nomem(err, source);
		l->n++;
		if (check_item(k, s, source, line,
		    l->globs != NULL ? &l->globs[i] : NULL, err) != 0)
			return -1;
	}
	return 0;
}

static struct dp_policy *
from_doc(struct dp_yamldoc *doc, struct dp_error *err)
{
	struct dp_policy *p = NULL;
	const char *source, *key;
	json_t *root, *v;
	int k;

	if (doc == NULL) {
		if (err != NULL && err->code != DP_ERR_NOMEM)
			err->code = DP_ERR_CONFIG;
		return NULL;
	}
	source = dp_yamldoc_source(doc);
	root = dp_yamldoc_count(doc) == 1 ? dp_yamldoc_root(doc, 0) : NULL;
	if (!json_is_object(root)) {
		dp_error_set(err, DP_ERR_CONFIG, source, root != NULL ?
		    dp_yamldoc_line(doc, root) : 0, 0,
		    "expected one mapping of lists");
		goto fail;
	}
	json_object_foreach(root, key, v) {
		for (k = 0; k < L_COUNT && strcmp(key, keys[k]) != 0; k++)
			continue;
		if (k == L_COUNT) {
			dp_error_set(err, DP_ERR_CONFIG, source,
			    dp_yamldoc_key_line(doc, root, key), 0,
			    "unknown key '%.64s'", key);
			goto fail;
		}
	}
	if ((p = calloc(1, sizeof(*p))) == NULL) {
		nomem(err, source);
		goto fail;
	}
	for (k = 0; k < L_COUNT; k++)
		if (json_object_get(root, keys[k]) != NULL &&
		    load_list(&p->l[k], k, doc, root, err) != 0)
			goto fail;
	dp_yamldoc_free(doc);
	return p;
fail:
	dp_policy_free(p);
	dp_yamldoc_free(doc);
	return NULL;
}

struct dp_policy *
dp_policy_load(const char *path, const char *source, struct dp_error *err)
{
	return from_doc(dp_yamldoc_load_file(path, source, NULL, err), err);
}

struct dp_policy *
dp_policy_load_buffer(const char *buf, size_t len, const char *source,
    struct dp_error *err)
{
	return from_doc(dp_yamldoc_load_buffer(buf, len, 0, source, NULL, err),
	    err);
}

/* ---- judgements ---- */

static int
named(const struct list *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcasecmp(l->names[i], s) == 0)
			return 1;
	return 0;
}

/* Returns 1 when a pattern of l matches s, 0 when none, -1: no memory. */
static int
globbed(const struct list *l, const char *s, struct dp_error *err)
{
	size_t i;
	int m;

	for (i = 0; i < l->n; i++)
		if ((m = dp_pathglob_match(l->globs[i], s, err)) != 0)
			return m;
	return 0;
}

static int
domain_allowed(const struct list *l, const char *email)
{
	const char *at = strrchr(email, '@');
	size_t i;

	if (at == NULL || at[1] == '\0')
		return 0;
	for (i = 0; i < l->n; i++)
		if (fnmatch(l->names[i], at + 1, FNM_CASEFOLD) == 0)
			return 1;
	return 0;
}

/* Returns the branch a ref names, borrowed from ref, or NULL. */
static const char *
branch(const char *ref)
{
	const char *b = NULL;

	if (strncmp(ref, "refs/heads/", 11) == 0)
		b = ref + 11;
	else if (strncmp(ref, "refs/remotes/", 13) == 0 &&
	    (b = strchr(ref + 13, '/')) != NULL)
		b++;
	return b == NULL || *b == '\0' || strcmp(b, "HEAD") == 0 ? NULL : b;
}

/* Sets key to v (0 or 1) in out, or nothing when v is -1. */
static int
judge(json_t *out, const char *key, int v)
{
	if (v < 0)
		return 0;
	/* json_object_set_new steals the boolean */
	return json_object_set_new(out, key, json_boolean(v));
}

static int
ai_approved(const struct list *l, const json_t *ev)
{
	const char *tool = dp_event_get_string(ev, "ai.tool");
	const json_t *tools = dp_event_get(ev, "commit.ai_tools"), *t;
	int v = -1;
	size_t i;

	if (!l->set)
		return -1;
	if (tool != NULL)
		v = named(l, tool);
	json_array_foreach(tools, i, t)
		if (json_is_string(t))
			v = (v != 0) && named(l, json_string_value(t));
	return v;
}

static int
tool_approved(const struct list *l, const json_t *ev)
{
	const char *tool = dp_event_get_string(ev, "host.tool");

	return !l->set || tool == NULL ? -1 : named(l, tool);
}

static int
trusted_bot(const struct list *l, const json_t *ev)
{
	const char *login = dp_event_get_string(ev, "actor.login");
	const char *email = dp_event_get_string(ev, "actor.email");

	if (!l->set || (login == NULL && email == NULL))
		return -1;
	return (login != NULL && named(l, login)) ||
	    (email != NULL && named(l, email));
}

static int
email_allowed(const struct list *l, const json_t *ev)
{
	static const char *const fields[] = { "actor.email",
	    "commit.author.email", "commit.committer.email",
	    "tag.tagger.email", NULL };
	const char *const *f;
	const char *email;
	int v = -1;

	if (!l->set)
		return -1;
	for (f = fields; *f != NULL; f++)
		if ((email = dp_event_get_string(ev, *f)) != NULL)
			v = (v != 0) && domain_allowed(l, email);
	return v;
}

/* Sets *v as the judgements above do; returns -1 when memory ran out. */
static int
sensitive(const struct list *l, const json_t *ev, int *v,
    struct dp_error *err)
{
	static const char *const fields[] = { "file.path", "file.old_path",
	    "secret.path", "ai.path", NULL };
	const char *const *f;
	const char *path;
	int m;

	*v = -1;
	if (!l->set)
		return 0;
	for (f = fields; *f != NULL; f++) {
		if ((path = dp_event_get_string(ev, *f)) == NULL)
			continue;
		if ((m = globbed(l, path, err)) < 0)
			return -1;
		*v = *v == 1 || m;
	}
	return 0;
}

static int
protected(const struct list *l, const json_t *ev, int *v,
    struct dp_error *err)
{
	const char *ref = dp_event_get_string(ev, "ref.name"), *b;

	*v = -1;
	if (!l->set || ref == NULL || (b = branch(ref)) == NULL)
		return 0;
	return (*v = globbed(l, b, err)) < 0 ? -1 : 0;
}

json_t *
dp_policy_judge(const struct dp_policy *p, const json_t *ev,
    struct dp_error *err)
{
	json_t *out;
	int branch_v, path_v;

	if ((out = json_object()) == NULL)
		goto nomem;
	if (protected(&p->l[L_BRANCHES], ev, &branch_v, err) != 0 ||
	    sensitive(&p->l[L_PATHS], ev, &path_v, err) != 0) {
		json_decref(out);
		return NULL;
	}
	if (judge(out, "ai_approved", ai_approved(&p->l[L_AI], ev)) != 0 ||
	    judge(out, "tool_approved", tool_approved(&p->l[L_TOOLS],
	    ev)) != 0 ||
	    judge(out, "trusted_bot", trusted_bot(&p->l[L_BOTS], ev)) != 0 ||
	    judge(out, "protected_branch", branch_v) != 0 ||
	    judge(out, "sensitive_path", path_v) != 0 ||
	    judge(out, "email_domain_allowed", email_allowed(
	    &p->l[L_DOMAINS], ev)) != 0)
		goto nomem;
	return out;
nomem:
	json_decref(out);
	dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
	return NULL;
}

int
dp_policy_annotate(const struct dp_policy *p, json_t *ev,
    struct dp_error *err)
{
	json_t *j;

	json_object_del(ev, "policy");
	if (p == NULL)
		return 0;
	if ((j = dp_policy_judge(p, ev, err)) == NULL)
		return -1;
	if (json_object_size(j) == 0) {
		json_decref(j);
		return 0;
	}
	/* json_object_set_new steals j */
	if (json_object_set_new(ev, "policy", j) != 0)
		return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	return 0;
}
