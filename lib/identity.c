#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "identity.h"
#include "utf8.h"

/* A repository path and its mailmap (NULL when it could not be opened). */
struct repo {
	char *path;
	git_mailmap *mm;
};

struct dp_identity {
	int use_repos;
	git_mailmap **maps;	/* mailmap files, in the order added */
	size_t nmaps;
	struct repo *repos;	/* sorted by path */
	size_t nrepos, caprepos;
};

static int
nomem(struct dp_error *err)
{
	return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

/* Wraps the last libgit2 error into err with code (NOMEM when it was). */
static int
git_fail(struct dp_error *err, enum dp_error_code code, const char *source,
    const char *what)
{
	const git_error *e = git_error_last();

	if (e != NULL && e->klass == GIT_ERROR_NOMEMORY)
		return nomem(err);
	return dp_error_set(err, code, source, 0, 0, "%s: %s", what,
	    e != NULL && e->message != NULL ? e->message : "libgit2 error");
}

struct dp_identity *
dp_identity_new(struct dp_error *err)
{
	struct dp_identity *ident;

	if ((ident = calloc(1, sizeof(*ident))) == NULL) {
		nomem(err);
		return NULL;
	}
	ident->use_repos = 1;
	return ident;
}

void
dp_identity_free(struct dp_identity *ident)
{
	size_t i;

	if (ident == NULL)
		return;
	for (i = 0; i < ident->nmaps; i++)
		git_mailmap_free(ident->maps[i]);
	for (i = 0; i < ident->nrepos; i++) {
		free(ident->repos[i].path);
		git_mailmap_free(ident->repos[i].mm);
	}
	free(ident->maps);
	free(ident->repos);
	free(ident);
}

void
dp_identity_set_repo_mailmap(struct dp_identity *ident, int on)
{
	ident->use_repos = on != 0;
}

/* Checks that the text is UTF-8 without NUL bytes, as JSON strings need. */
static int
check_text(const char *buf, size_t len, const char *source,
    struct dp_error *err)
{
	const char *p = buf, *end = buf + len, *nl, *nul;
	size_t n, col;
	long line;

	for (line = 1; p < end; line++, p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if ((nul = memchr(p, '\0', n)) != NULL)
			return dp_error_set(err, DP_ERR_CONFIG, source, line,
			    (long)(nul - p) + 1, "NUL byte in mailmap");
		if ((col = dp_utf8_invalid_at(p, n)) != 0)
			return dp_error_set(err, DP_ERR_CONFIG, source, line,
			    (long)col, "invalid UTF-8");
	}
	return 0;
}

int
dp_identity_add_mailmap(struct dp_identity *ident, const char *buf,
    size_t len, const char *source, struct dp_error *err)
{
	git_mailmap *mm = NULL, **maps;

	if (check_text(buf, len, source, err) != 0)
		return -1;
	maps = realloc(ident->maps, (ident->nmaps + 1) * sizeof(*maps));
	if (maps == NULL)
		return nomem(err);
	ident->maps = maps;
	git_error_clear();
	if (git_mailmap_from_buffer(&mm, buf, len) != 0)
		return git_fail(err, DP_ERR_CONFIG, source,
		    "cannot parse mailmap");
	ident->maps[ident->nmaps++] = mm;
	return 0;
}

int
dp_identity_add_mailmap_file(struct dp_identity *ident, const char *path,
    struct dp_error *err)
{
	FILE *fp;
	char *buf = NULL, *nb;
	size_t len = 0, cap = 0, n;
	int rc = -1;

	if ((fp = fopen(path, "r")) == NULL)
		return dp_error_set(err, DP_ERR_NOINPUT, NULL, 0, 0,
		    "cannot open '%s': %s", path, strerror(errno));
	for (;;) {
		if (cap - len < 4096) {
			cap = cap == 0 ? 65536 : cap * 2;
			if ((nb = realloc(buf, cap)) == NULL) {
				nomem(err);
				goto out;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
		if (len > DP_IDENTITY_MAILMAP_MAX) {
			dp_error_set(err, DP_ERR_CONFIG, path, 0, 0,
			    "mailmap larger than %zu bytes",
			    DP_IDENTITY_MAILMAP_MAX);
			goto out;
		}
		if (n == 0)
			break;
	}
	if (ferror(fp)) {
		dp_error_set(err, DP_ERR_NOINPUT, NULL, 0, 0,
		    "cannot read '%s': %s", path, strerror(errno));
		goto out;
	}
	rc = dp_identity_add_mailmap(ident, buf, len, path, err);
out:
	free(buf);
	fclose(fp);
	return rc;
}

/*
 * Opens the repository at path and reads its mailmap into *mm, or sets
 * *mm to NULL and returns DP_IDENTITY_WARN when it cannot be opened.
 */
static int
repo_load(const char *path, git_mailmap **mm, struct dp_error *err)
{
	git_repository *repo = NULL;
	const git_error *e;
	int rc;

	*mm = NULL;
	git_error_clear();
	/* a record names its repository: never use one above that path */
	if (git_repository_open_ext(&repo, path,
	    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) != 0) {
		e = git_error_last();
		if (e != NULL && e->klass == GIT_ERROR_NOMEMORY)
			return nomem(err);
		dp_error_set(err, DP_ERR_NOINPUT, NULL, 0, 0,
		    "cannot open repository '%s': %s", path,
		    e != NULL ? e->message : "not a repository");
		return DP_IDENTITY_WARN;
	}
	rc = 0;
	if (git_mailmap_from_repository(mm, repo) != 0)
		rc = git_fail(err, DP_ERR_INTERNAL, path,
		    "cannot read mailmap");
	git_repository_free(repo);
	return rc;
}

/*
 * Sets *mm to the mailmap of the repository at path (NULL when it has
 * none), reading it the first time.  Returns 0, DP_IDENTITY_WARN the
 * first time the path cannot be opened, or -1.
 */
static int
repo_mailmap(struct dp_identity *ident, const char *path,
    const git_mailmap **mm, struct dp_error *err)
{
	size_t lo = 0, hi = ident->nrepos, mid;
	git_mailmap *loaded;
	struct repo *nr;
	char *copy;
	int rc;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(ident->repos[mid].path, path) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < ident->nrepos && strcmp(ident->repos[lo].path, path) == 0) {
		*mm = ident->repos[lo].mm;
		return 0;
	}
	if (ident->nrepos == ident->caprepos) {
		ident->caprepos = ident->caprepos == 0 ? 8 :
		    ident->caprepos * 2;
		nr = realloc(ident->repos, ident->caprepos * sizeof(*nr));
		if (nr == NULL)
			return nomem(err);
		ident->repos = nr;
	}
	if ((copy = strdup(path)) == NULL)
		return nomem(err);
	if ((rc = repo_load(path, &loaded, err)) == -1) {
		free(copy);
		return -1;
	}
	memmove(ident->repos + lo + 1, ident->repos + lo,
	    (ident->nrepos - lo) * sizeof(*ident->repos));
	ident->repos[lo].path = copy;
	ident->repos[lo].mm = loaded;
	ident->nrepos++;
	*mm = loaded;
	return rc;
}

/* Returns a new copy of s with ASCII letters in lower case, or NULL. */
static char *
ascii_lower(const char *s)
{
	char *l, *p;

	if ((l = strdup(s)) == NULL)
		return NULL;
	for (p = l; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return l;
}

/*
 * Replaces *s by a valid UTF-8 copy of repl, which a mailmap owns, unless
 * repl is *s itself (git_mailmap_resolve returns its arguments when no
 * entry changes them).
 */
static int
take(char **s, const char *repl)
{
	char *copy;

	if (repl == *s)
		return 0;
	if ((copy = dp_utf8_repair(repl, strlen(repl), NULL)) == NULL)
		return -1;
	free(*s);
	*s = copy;
	return 0;
}

/* Maps *name and *email (never NULL) through one mailmap. */
static int
map_through(const git_mailmap *mm, char **name, char **email,
    struct dp_error *err)
{
	const char *rn, *re;
	char *low = NULL;
	int rc = -1;

	git_error_clear();
	if (git_mailmap_resolve(&rn, &re, mm, *name, *email) != 0)
		return git_fail(err, DP_ERR_INTERNAL, NULL, "mailmap");
	/* libgit2 compares emails exactly; git ignores their case */
	if (rn == *name && re == *email &&
	    strpbrk(*email, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != NULL) {
		if ((low = ascii_lower(*email)) == NULL)
			return nomem(err);
		if (git_mailmap_resolve(&rn, &re, mm, *name, low) != 0) {
			git_fail(err, DP_ERR_INTERNAL, NULL, "mailmap");
			goto out;
		}
		if (re == low)
			re = *email;
	}
	if (take(name, rn) != 0 || take(email, re) != 0) {
		nomem(err);
		goto out;
	}
	rc = 0;
out:
	free(low);
	return rc;
}

/* Sets p->id from p's canonical name and email. */
static int
actor_id(struct dp_identity_person *p)
{
	size_t n;

	if (p->email != NULL && *p->email != '\0')
		return (p->id = ascii_lower(p->email)) == NULL ? -1 : 0;
	if (p->name == NULL || *p->name == '\0')
		return 0;
	n = strlen(p->name) + sizeof("name:");
	if ((p->id = malloc(n)) == NULL)
		return -1;
	snprintf(p->id, n, "name:%s", p->name);
	return 0;
}

int
dp_identity_resolve(struct dp_identity *ident, const char *repo,
    const char *name, const char *email, struct dp_identity_person *out,
    struct dp_error *err)
{
	const git_mailmap *mm = NULL;
	size_t i;
	int warn = 0;

	memset(out, 0, sizeof(*out));
	/* libgit2 wants both strings; "" stands for a missing one */
	if ((out->name = strdup(name != NULL ? name : "")) == NULL ||
	    (out->email = strdup(email != NULL ? email : "")) == NULL)
		goto nomem;
	if (repo != NULL && ident->use_repos) {
		if ((warn = repo_mailmap(ident, repo, &mm, err)) == -1)
			goto fail;
		if (mm != NULL && map_through(mm, &out->name, &out->email,
		    err) != 0)
			goto fail;
	}
	for (i = 0; i < ident->nmaps; i++)
		if (map_through(ident->maps[i], &out->name, &out->email,
		    err) != 0)
			goto fail;
	if (name == NULL && *out->name == '\0') {
		free(out->name);
		out->name = NULL;
	}
	if (email == NULL && *out->email == '\0') {
		free(out->email);
		out->email = NULL;
	}
	if (actor_id(out) != 0)
		goto nomem;
	return warn;
nomem:
	nomem(err);
fail:
	dp_identity_person_release(out);
	return -1;
}

void
dp_identity_person_release(struct dp_identity_person *p)
{
	if (p == NULL)
		return;
	free(p->name);
	free(p->email);
	free(p->id);
	memset(p, 0, sizeof(*p));
}
