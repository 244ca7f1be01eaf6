#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gitfind.h"

struct find {
	dp_gitfind_fn found;
	dp_gitfind_warn_fn warn;
	void *arg;
	struct dp_error *err;
};

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Returns a new path of name in dir. */
static char *
join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p;

	if ((p = malloc(a + b + 2)) == NULL)
		return NULL;
	memcpy(p, dir, a);
	p[a] = '/';
	memcpy(p + a + 1, name, b + 1);
	if (a > 0 && dir[a - 1] == '/')
		memmove(p + a, p + a + 1, b + 1);
	return p;
}

/* Whether name in dir exists, as a folder when dir_only is set. */
static int
has(const char *dir, const char *name, int dir_only)
{
	struct stat st;
	char *p = join(dir, name);
	int rc;

	rc = p != NULL && stat(p, &st) == 0 && (!dir_only ||
	    S_ISDIR(st.st_mode));
	free(p);
	return rc;
}

static int
is_repo(const char *dir)
{
	return has(dir, ".git", 0) || (has(dir, "HEAD", 0) &&
	    has(dir, "objects", 1) && has(dir, "refs", 1));
}

/* Lists the sub-folders of dir (no links), sorted, into *out. */
static int
subdirs(const char *dir, char ***out, size_t *n, struct dp_error *e)
{
	struct dirent *d;
	struct stat st;
	size_t cap = 0;
	char **v = NULL, **nv, *p;
	DIR *dp;

	*out = NULL;
	*n = 0;
	if ((dp = opendir(dir)) == NULL)
		return dp_error_set(e, DP_ERR_NOINPUT, dir, 0, 0, "%s",
		    strerror(errno));
	while ((d = readdir(dp)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0 ||
		    strcmp(d->d_name, ".git") == 0)
			continue;
		if ((p = join(dir, d->d_name)) == NULL)
			goto nomem;
		if (lstat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
			free(p);
			continue;
		}
		if (*n == cap) {
			cap = cap != 0 ? cap * 2 : 16;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL) {
				free(p);
				goto nomem;
			}
			v = nv;
		}
		v[(*n)++] = p;
	}
	closedir(dp);
	if (*n > 1)
		qsort(v, *n, sizeof(*v), cmp_names);
	*out = v;
	return 0;
nomem:
	closedir(dp);
	while (*n > 0)
		free(v[--*n]);
	free(v);
	return dp_error_set(e, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

static int
search(struct find *f, const char *dir, int depth)
{
	struct dp_error e;
	char **v;
	size_t n, i;
	int rc = 0;

	if (is_repo(dir))
		return f->found(dir, f->arg) != 0;
	if (depth >= DP_GITFIND_MAX_DEPTH)
		return 0;
	dp_error_clear(&e);
	if (subdirs(dir, &v, &n, &e) != 0) {
		if (e.code == DP_ERR_NOMEM || depth == 0) {
			*f->err = e;
			return -1;
		}
		return f->warn != NULL && f->warn(&e, f->arg) != 0;
	}
	for (i = 0; i < n && rc == 0; i++)
		rc = search(f, v[i], depth + 1);
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return rc;
}

int
dp_gitfind(const char *root, dp_gitfind_fn found, dp_gitfind_warn_fn warn,
    void *arg, struct dp_error *err)
{
	struct dp_error e;
	struct find f = { found, warn, arg, &e };
	struct stat st;
	int rc;

	dp_error_clear(&e);
	if (stat(root, &st) != 0)
		rc = dp_error_set(&e, DP_ERR_NOINPUT, root, 0, 0, "%s",
		    strerror(errno));
	else if (!S_ISDIR(st.st_mode))
		rc = dp_error_set(&e, DP_ERR_NOINPUT, root, 0, 0,
		    "not a folder");
	else
		rc = search(&f, root, 0);
	if (rc < 0 && err != NULL)
		*err = e;
	return rc;
}
