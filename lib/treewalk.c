/*
 * treewalk: the files of a folder in byte order (treewalk.h).
 */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "treewalk.h"

struct walk {
	dp_treewalk_fn fn;
	void *arg;
	const struct dp_ignore *exclude;
	char *path;		/* the root, "/", the path below it */
	size_t cap;
	size_t rel;		/* where the path below the root starts */
	struct dp_error *err;
};

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int
skip_dots(const struct dirent *d)
{
	return strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0;
}

/* Sets the path to its first len bytes, then "/" and name. */
static int
set_path(struct walk *w, size_t len, const char *name)
{
	size_t n = strlen(name), need = len + n + 2;
	char *p;

	if (need > w->cap) {
		if ((p = realloc(w->path, need * 2)) == NULL)
			return dp_error_set(w->err, DP_ERR_NOMEM, NULL, 0, 0,
			    "out of memory");
		w->path = p;
		w->cap = need * 2;
	}
	if (len > 0 && w->path[len - 1] != '/')
		w->path[len++] = '/';
	memcpy(w->path + len, name, n + 1);
	return 0;
}

static int
report(struct walk *w, enum dp_treewalk_kind kind, const struct stat *st,
    const struct dp_error *err)
{
	struct dp_treewalk_entry e;

	e.kind = kind;
	e.path = w->path;
	e.rel = w->path + w->rel;
	e.st = st;
	e.err = err;
	return w->fn(&e, w->arg) != 0;
}

/* Walks the folder at w->path, of length len. */
static int
folder(struct walk *w, size_t len, int depth)
{
	struct dirent **names = NULL;
	struct dp_error e;
	struct stat st;
	int n, i, rc = 0;

	if (depth > DP_TREEWALK_MAX_DEPTH) {
		dp_error_set(&e, DP_ERR_NOINPUT, w->path, 0, 0,
		    "more than %d folders deep", DP_TREEWALK_MAX_DEPTH);
		return report(w, DP_TREEWALK_ERROR, NULL, &e);
	}
	if ((n = scandir(w->path, &names, skip_dots, by_name)) < 0) {
		if (errno == ENOMEM)
			return dp_error_set(w->err, DP_ERR_NOMEM, NULL, 0, 0,
			    "out of memory");
		dp_error_set(&e, DP_ERR_NOINPUT, w->path, 0, 0, "%s",
		    strerror(errno));
		if (depth == 1) {
			*w->err = e;
			return -1;
		}
		return report(w, DP_TREEWALK_ERROR, NULL, &e);
	}
	for (i = 0; i < n && rc == 0; i++) {
		if ((rc = set_path(w, len, names[i]->d_name)) != 0)
			break;
		if (lstat(w->path, &st) != 0) {
			dp_error_set(&e, DP_ERR_NOINPUT, w->path, 0, 0, "%s",
			    strerror(errno));
			rc = report(w, DP_TREEWALK_ERROR, NULL, &e);
		} else if (dp_ignore_match(w->exclude, w->path + w->rel,
		    S_ISDIR(st.st_mode)))
			continue;
		else if (S_ISDIR(st.st_mode) &&
		    strcmp(names[i]->d_name, ".git") == 0)
			rc = report(w, DP_TREEWALK_GIT, &st, NULL);
		else if (S_ISDIR(st.st_mode))
			rc = folder(w, strlen(w->path), depth + 1);
		else if (S_ISREG(st.st_mode))
			rc = report(w, DP_TREEWALK_FILE, &st, NULL);
		else
			rc = report(w, S_ISLNK(st.st_mode) ?
			    DP_TREEWALK_SYMLINK : DP_TREEWALK_SPECIAL, &st,
			    NULL);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	w->path[len] = '\0';
	return rc;
}

int
dp_treewalk(const char *root, const struct dp_ignore *exclude,
    dp_treewalk_fn fn, void *arg, struct dp_error *err)
{
	struct dp_error e;
	struct walk w = { fn, arg, exclude, NULL, 0, 0, &e };
	struct stat st;
	int rc;

	dp_error_clear(&e);
	if (stat(root, &st) != 0)
		rc = dp_error_set(&e, DP_ERR_NOINPUT, root, 0, 0, "%s",
		    strerror(errno));
	else if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
		rc = dp_error_set(&e, DP_ERR_NOINPUT, root, 0, 0,
		    "not a folder or a regular file");
	else if ((rc = set_path(&w, 0, root)) == 0) {
		w.rel = strlen(root);
		if (S_ISREG(st.st_mode))
			rc = report(&w, DP_TREEWALK_FILE, &st, NULL);
		else {
			/* "dir" gives "dir/x", "dir/" too */
			if (w.rel > 0 && root[w.rel - 1] != '/')
				w.rel++;
			rc = folder(&w, strlen(root), 1);
		}
	}
	free(w.path);
	if (rc < 0 && err != NULL)
		*err = e;
	return rc;
}
