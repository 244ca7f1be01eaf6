#include <stdio.h>
#include <string.h>

#include "event.h"
#include "normalize.h"

#define MAX_PEOPLE 4

/* The kinds that carry people, and the dotted paths of their people. */
static const struct {
	const char *kind;
	const char *people[MAX_PEOPLE];
} carriers[] = {
	{ "scm.commit", { "actor", "commit.author", "commit.committer" } },
	{ "file.change", { "actor" } },
	{ "ai.config", { "actor" } },
};

/*
 * Sets *s to the string member key of obj, or NULL when there is none.
 * Returns 0, or -1 when the member is not a string without NUL.
 */
static int
member(const json_t *obj, const char *key, const char **s)
{
	const json_t *v = json_object_get(obj, key);

	*s = NULL;
	if (v == NULL)
		return 0;
	if (!json_is_string(v) ||
	    strlen(json_string_value(v)) != json_string_length(v))
		return -1;
	*s = json_string_value(v);
	return 0;
}

static int
same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/*
 * Sets member key of obj to the string s, or removes it when s is NULL.
 * Returns 1 when obj changed, 0 when not, -1 when memory ran out.
 */
static int
put(json_t *obj, const char *key, const char *s)
{
	const char *cur;

	if (member(obj, key, &cur) == 0 && same(cur, s))
		return 0;
	if (s == NULL)
		return json_object_del(obj, key) == 0 ? 1 : 0;
	/* json_object_set_new steals the new string */
	return json_object_set_new(obj, key, json_string(s)) == 0 ? 1 : -1;
}

/* Like put(), for the alias object a (a new reference, stolen). */
static int
put_alias(json_t *p, json_t *a)
{
	json_t *cur = json_object_get(p, "alias");

	if (a == NULL) {
		if (cur == NULL)
			return 0;
		return json_object_del(p, "alias") == 0 ? 1 : 0;
	}
	if (cur != NULL && json_equal(cur, a)) {
		json_decref(a);
		return 0;
	}
	return json_object_set_new(p, "alias", a) == 0 ? 1 : -1;
}

/* Normalizes person p.  Returns flags as dp_normalize_event() does. */
static int
person(struct dp_identity *ident, const char *repo, json_t *p,
    struct dp_error *err)
{
	struct dp_identity_person canon;
	const json_t *seen = p;
	const char *name, *email;
	json_t *alias = NULL;
	int rc, c[4], flags = 0, i;

	if (!json_is_object(p))
		return 0;
	if (json_object_get(p, "alias") != NULL)
		seen = json_object_get(p, "alias");
	if (!json_is_object(seen) || member(seen, "name", &name) != 0 ||
	    member(seen, "email", &email) != 0 ||
	    (name == NULL && email == NULL))
		return 0;
	if ((rc = dp_identity_resolve(ident, repo, name, email, &canon,
	    err)) == -1)
		return -1;
	if (rc == DP_IDENTITY_WARN)
		flags |= DP_NORMALIZE_WARNING;
	/* json_pack copies name and email, which p may be about to drop */
	if (!same(name, canon.name) || !same(email, canon.email)) {
		alias = json_pack("{s:s*, s:s*}", "name", name, "email",
		    email);
		if (alias == NULL) {
			dp_identity_person_release(&canon);
			return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0,
			    "out of memory");
		}
	}
	c[0] = put(p, "name", canon.name);
	c[1] = put(p, "email", canon.email);
	c[2] = put(p, "id", canon.id);
	c[3] = put_alias(p, alias);
	dp_identity_person_release(&canon);
	for (i = 0; i < 4; i++) {
		if (c[i] == -1)
			return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0,
			    "out of memory");
		if (c[i] == 1)
			flags |= DP_NORMALIZE_CHANGED;
	}
	return flags;
}

int
dp_normalize_event(struct dp_identity *ident, json_t *ev, const char *source,
    long line, struct dp_error *err)
{
	const char *kind, *repo;
	size_t k, nkinds = sizeof(carriers) / sizeof(carriers[0]);
	int flags = 0, rc, i;

	if (dp_event_validate(ev, source, line, err) != 0)
		return -1;
	kind = dp_event_get_string(ev, "kind");
	for (k = 0; k < nkinds && strcmp(carriers[k].kind, kind) != 0; k++)
		continue;
	if (k == nkinds)
		return 0;
	repo = dp_event_get_string(ev, "repo.path");
	/* the people share a repository, so at most one of them warns */
	for (i = 0; i < MAX_PEOPLE && carriers[k].people[i] != NULL; i++) {
		rc = person(ident, repo,
		    dp_event_get(ev, carriers[k].people[i]), err);
		if (rc == -1)
			return -1;
		flags |= rc;
	}
	if (flags & DP_NORMALIZE_WARNING && err != NULL) {
		snprintf(err->source, sizeof(err->source), "%s",
		    source != NULL ? source : "");
		err->line = line;
	}
	return flags;
}
