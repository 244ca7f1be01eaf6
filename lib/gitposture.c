#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "giterror.h"
#include "gitposture.h"
#include "giturl.h"
#include "utf8.h"

static int
nomem(struct dp_error *e)
{
	return dp_error_set(e, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

/* Returns a new string of the n bytes at s, repaired to valid UTF-8. */
static json_t *
string(const char *s, size_t n)
{
	char *r = dp_utf8_repair(s, n, NULL);
	json_t *j = r != NULL ? json_string(r) : NULL;

	free(r);
	return j;
}

/* Reads key of the local configuration into *out (NULL when unset). */
static int
get(git_config *cfg, const char *key, char **out, struct dp_error *e)
{
	git_buf buf = { NULL, 0, 0 };
	int rc;

	*out = NULL;
	if (cfg == NULL)
		return 0;
	rc = git_config_get_string_buf(&buf, cfg, key);
	if (rc == GIT_ENOTFOUND)
		return 0;
	if (rc != 0)
		return dp_giterror(e, key);
	*out = strdup(buf.ptr);
	git_buf_dispose(&buf);
	return *out == NULL ? nomem(e) : 0;
}

/* Sets o's key to the configured string, when set. */
static int
put_config(json_t *o, const char *name, git_config *cfg, const char *key,
    struct dp_error *e)
{
	char *v;
	int rc = 0;

	if (get(cfg, key, &v, e) != 0)
		return -1;
	if (v != NULL && json_object_set_new(o, name, string(v, strlen(v))))
		rc = nomem(e);
	free(v);
	return rc;
}

static int
cmp_strings(const void *a, const void *b)
{
	return strcmp(json_string_value(*(json_t *const *)a),
	    json_string_value(*(json_t *const *)b));
}

/* Sorts an array of strings in place. */
static void
sort_strings(json_t *a)
{
	size_t n = json_array_size(a), i;
	json_t **v;

	if (n < 2 || (v = malloc(n * sizeof(*v))) == NULL)
		return;
	for (i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(a, i));
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_strings);
	json_array_clear(a);
	for (i = 0; i < n; i++)
		json_array_append_new(a, v[i]);
	free(v);
}

/*
 * Lists the hooks in dir: executable regular files (links followed)
 * that are not git's "*.sample" examples.  A missing folder has none.
 */
static json_t *
hooks(const char *dir)
{
	char path[PATH_MAX];
	struct dirent *d;
	struct stat st;
	json_t *a;
	size_t n;
	DIR *dp;

	if ((a = json_array()) == NULL || (dp = opendir(dir)) == NULL)
		return a;
	while ((d = readdir(dp)) != NULL) {
		n = strlen(d->d_name);
		if (d->d_name[0] == '.' || (n > 7 &&
		    strcmp(d->d_name + n - 7, ".sample") == 0))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, d->d_name) >=
		    (int)sizeof(path) || stat(path, &st) != 0 ||
		    !S_ISREG(st.st_mode) || (st.st_mode & 0111) == 0)
			continue;
		if (json_array_append_new(a, string(d->d_name, n)) != 0) {
			json_decref(a);
			a = NULL;
			break;
		}
	}
	closedir(dp);
	if (a != NULL)
		sort_strings(a);
	return a;
}

/* Adds "hooks" and "hooks_path" (core.hooksPath when set). */
static int
put_hooks(json_t *o, git_repository *git, git_config *cfg,
    struct dp_error *e)
{
	char dir[PATH_MAX], *hp;
	const char *base;
	int rc = -1;

	if (get(cfg, "core.hooksPath", &hp, e) != 0)
		return -1;
	/* a relative core.hooksPath is taken from the top of the tree */
	base = git_repository_is_bare(git) ? git_repository_path(git) :
	    git_repository_workdir(git);
	if (hp == NULL)
		snprintf(dir, sizeof(dir), "%shooks", git_repository_path(git));
	else if (hp[0] == '/')
		snprintf(dir, sizeof(dir), "%s", hp);
	else
		snprintf(dir, sizeof(dir), "%s%s", base, hp);
	if (json_object_set_new(o, "hooks", hooks(dir)) != 0 ||
	    (hp != NULL && json_object_set_new(o, "hooks_path",
	    string(hp, strlen(hp))) != 0)) {
		nomem(e);
		goto out;
	}
	rc = 0;
out:
	free(hp);
	return rc;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Returns a new {name, url, host?, user?, credentials} of a remote. */
static json_t *
remote(git_config *cfg, const char *name, struct dp_error *e)
{
	struct dp_giturl u;
	char key[512], *url;
	json_t *r = NULL;

	memset(&u, 0, sizeof(u));
	snprintf(key, sizeof(key), "remote.%s.url", name);
	if (get(cfg, key, &url, e) != 0)
		return NULL;
	if (url != NULL && dp_giturl_parse(url, &u) != 0)
		goto nomem;
	/* json_pack "s*" leaves out NULL strings */
	r = json_pack("{s:o, s:o*, s:s*, s:s*, s:b}", "name",
	    string(name, strlen(name)), "url", u.url != NULL ?
	    string(u.url, strlen(u.url)) : NULL, "host", u.host, "user",
	    u.user, "credentials", u.credentials);
	if (r == NULL)
		goto nomem;
	goto out;
nomem:
	nomem(e);
out:
	free(url);
	dp_giturl_release(&u);
	return r;
}

/* A list of names. */
struct names {
	char **v;
	size_t n, cap;
};

/* Collects the names of remote.NAME.url keys (git_config_foreach's). */
static int
remote_name(const git_config_entry *en, void *arg)
{
	const char *name = en->name, *end;
	struct names *l = arg;
	char **v;

	/* keys are lower case but for the middle part, kept as written */
	if (strncmp(name, "remote.", 7) != 0 || (end = strrchr(name, '.')) ==
	    name + 6 || strcmp(end, ".url") != 0)
		return 0;
	if (l->n == l->cap) {
		l->cap = l->cap != 0 ? l->cap * 2 : 8;
		if ((v = realloc(l->v, l->cap * sizeof(*v))) == NULL)
			return -1;
		l->v = v;
	}
	if ((l->v[l->n] = strndup(name + 7, (size_t)(end - name - 7))) ==
	    NULL)
		return -1;
	l->n++;
	return 0;
}

/*
 * Adds "remotes", sorted by name, from the remote.NAME.url keys of the
 * repository's own configuration.
 */
static int
put_remotes(json_t *o, git_config *cfg, struct dp_error *e)
{
	struct names l = { NULL, 0, 0 };
	json_t *a = NULL, *r;
	size_t i;
	int rc = -1;

	if (cfg != NULL && git_config_foreach(cfg, remote_name, &l) != 0) {
		if (git_error_last() != NULL)
			dp_giterror(e, "remotes");
		else
			nomem(e);
		goto out;
	}
	if (l.n > 1)
		qsort(l.v, l.n, sizeof(*l.v), cmp_names);
	if ((a = json_array()) == NULL) {
		nomem(e);
		goto out;
	}
	for (i = 0; i < l.n; i++) {
		/* a remote with several urls is listed once */
		if (i > 0 && strcmp(l.v[i], l.v[i - 1]) == 0)
			continue;
		if ((r = remote(cfg, l.v[i], e)) == NULL)
			goto out;
		if (json_array_append_new(a, r) != 0) {
			nomem(e);
			goto out;
		}
	}
	if (json_object_set(o, "remotes", a) != 0) {
		nomem(e);
		goto out;
	}
	rc = 0;
out:
	for (i = 0; i < l.n; i++)
		free(l.v[i]);
	free(l.v);
	json_decref(a);
	return rc;
}

/* Adds "default_branch" (HEAD's branch, even unborn) or "detached". */
static int
put_head(json_t *o, git_repository *git, struct dp_error *e)
{
	git_reference *head = NULL;
	const char *t;
	int rc = 0;

	if (git_reference_lookup(&head, git, "HEAD") != 0)
		return dp_giterror(e, "HEAD");
	if (git_reference_type(head) == GIT_REFERENCE_SYMBOLIC) {
		t = git_reference_symbolic_target(head);
		if (strncmp(t, "refs/heads/", 11) == 0)
			t += 11;
		if (json_object_set_new(o, "default_branch",
		    string(t, strlen(t))) != 0)
			rc = nomem(e);
	} else if (json_object_set_new(o, "detached", json_true()) != 0)
		rc = nomem(e);
	git_reference_free(head);
	return rc;
}

/* Whether HEAD's tree holds a .mailmap (for bare repositories). */
static int
mailmap_in_head(git_repository *git)
{
	git_object *obj = NULL;
	int found;

	found = git_revparse_single(&obj, git, "HEAD:.mailmap") == 0;
	git_object_free(obj);
	git_error_clear();
	return found;
}

/* Adds "mailmap": a .mailmap in the tree or HEAD, or one configured. */
static int
put_mailmap(json_t *o, git_repository *git, git_config *cfg,
    struct dp_error *e)
{
	char path[PATH_MAX], *file = NULL, *blob = NULL;
	int found = 0, rc = -1;

	if (get(cfg, "mailmap.file", &file, e) != 0 ||
	    get(cfg, "mailmap.blob", &blob, e) != 0)
		goto out;
	if (!git_repository_is_bare(git)) {
		snprintf(path, sizeof(path), "%s.mailmap",
		    git_repository_workdir(git));
		found = access(path, F_OK) == 0;
	}
	found = found || file != NULL || blob != NULL ||
	    mailmap_in_head(git);
	if (json_object_set_new(o, "mailmap", json_boolean(found)) != 0) {
		nomem(e);
		goto out;
	}
	rc = 0;
out:
	free(file);
	free(blob);
	return rc;
}

/* Counts the refs by namespace: heads, tags, remotes, other. */
static int
count_ref(const char *name, void *arg)
{
	long long *n = arg;

	if (strncmp(name, "refs/heads/", 11) == 0)
		n[0]++;
	else if (strncmp(name, "refs/tags/", 10) == 0)
		n[1]++;
	else if (strncmp(name, "refs/remotes/", 13) == 0)
		n[2]++;
	else
		n[3]++;
	return 0;
}

static int
put_refs(json_t *o, git_repository *git, struct dp_error *e)
{
	long long n[4] = { 0, 0, 0, 0 };

	if (git_reference_foreach_name(git, count_ref, n) != 0)
		return dp_giterror(e, "refs");
	if (json_object_set_new(o, "refs", json_pack("{s:I, s:I, s:I, s:I}",
	    "heads", n[0], "tags", n[1], "remotes", n[2], "other", n[3])))
		return nomem(e);
	return 0;
}

/*
 * Adds "log_all_ref_updates": core.logAllRefUpdates as git applies it
 * ("true", "false" or "always"; unset: "true" in a work tree, "false"
 * in a bare repository).
 */
static int
put_reflog(json_t *o, git_repository *git, git_config *cfg,
    struct dp_error *e)
{
	const char *eff;
	char *v;
	int rc = 0, b;

	if (get(cfg, "core.logAllRefUpdates", &v, e) != 0)
		return -1;
	if (v == NULL)
		eff = git_repository_is_bare(git) ? "false" : "true";
	else if (strcasecmp(v, "always") == 0)
		eff = "always";
	else if (git_config_parse_bool(&b, v) == 0)
		eff = b ? "true" : "false";
	else
		eff = "false";
	git_error_clear();
	if (json_object_set_new(o, "log_all_ref_updates", json_string(eff)))
		rc = nomem(e);
	free(v);
	return rc;
}

/* Adds "signing" {commit_gpgsign, tag_gpgsign, format} when set. */
static int
put_signing(json_t *o, git_config *cfg, struct dp_error *e)
{
	json_t *s;
	int rc = -1;

	if ((s = json_object()) == NULL)
		return nomem(e);
	if (put_config(s, "commit_gpgsign", cfg, "commit.gpgSign", e) ||
	    put_config(s, "tag_gpgsign", cfg, "tag.gpgSign", e) ||
	    put_config(s, "format", cfg, "gpg.format", e))
		goto out;
	if (json_object_size(s) > 0 && json_object_set(o, "signing", s)) {
		nomem(e);
		goto out;
	}
	rc = 0;
out:
	json_decref(s);
	return rc;
}

/* Opens the repository's own configuration, NULL when it has none. */
static int
local_config(git_repository *git, git_config **snap, git_config **local,
    struct dp_error *e)
{
	int rc;

	*snap = *local = NULL;
	if (git_repository_config_snapshot(snap, git) != 0)
		return dp_giterror(e, "config");
	rc = git_config_open_level(local, *snap, GIT_CONFIG_LEVEL_LOCAL);
	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		return 0;
	}
	return rc != 0 ? dp_giterror(e, "config") : 0;
}

json_t *
dp_gitposture_describe(git_repository *git, struct dp_error *err)
{
	git_config *snap = NULL, *cfg = NULL;
	json_t *o;

	if ((o = json_pack("{s:b, s:b}", "bare", git_repository_is_bare(git),
	    "shallow", git_repository_is_shallow(git) == 1)) == NULL) {
		nomem(err);
		return NULL;
	}
	if (local_config(git, &snap, &cfg, err) != 0 ||
	    put_head(o, git, err) != 0 || put_hooks(o, git, cfg, err) != 0 ||
	    put_remotes(o, cfg, err) != 0 ||
	    put_mailmap(o, git, cfg, err) != 0 ||
	    put_reflog(o, git, cfg, err) != 0 ||
	    put_signing(o, cfg, err) != 0 || put_refs(o, git, err) != 0) {
		json_decref(o);
		o = NULL;
	}
	git_config_free(cfg);
	git_config_free(snap);
	return o;
}
