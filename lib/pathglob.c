#include <fnmatch.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pathglob.h"

struct dp_pathglob {
	char *buf;		/* the pattern with its '/' made NUL */
	char **parts;
	size_t n;
};

void
dp_pathglob_free(struct dp_pathglob *g)
{
	if (g == NULL)
		return;
	free(g->buf);
	free(g->parts);
	free(g);
}

/*
 * Splits the copy buf in place at '/' into a new array of its parts,
 * with room for one more.  Returns NULL when memory runs out.
 */
static char **
split(char *buf, size_t *n)
{
	char **parts, *p;
	size_t cap = 2;

	for (p = buf; *p != '\0'; p++)
		cap += *p == '/';
	if ((parts = malloc(cap * sizeof(*parts))) == NULL)
		return NULL;
	*n = 0;
	for (p = buf;; p++) {
		parts[(*n)++] = p;
		if ((p = strchr(p, '/')) == NULL)
			break;
		*p = '\0';
	}
	return parts;
}

struct dp_pathglob *
dp_pathglob_new(const char *pattern, struct dp_error *err)
{
	struct dp_pathglob *g;
	size_t len = strlen(pattern);

	if (len == 0 || pattern[0] == '/' || strstr(pattern, "//") != NULL) {
		dp_error_set(err, DP_ERR_CONFIG, NULL, 0, 0,
		    "bad pattern '%.64s' (a relative path with no empty "
		    "part)", pattern);
		return NULL;
	}
	if ((g = calloc(1, sizeof(*g))) == NULL ||
	    (g->buf = malloc(len + 3)) == NULL)
		goto nomem;
	/* a final '/' stands for "**" after it */
	memcpy(g->buf, pattern, len + 1);
	if (pattern[len - 1] == '/')
		memcpy(g->buf + len, "**", 3);
	if ((g->parts = split(g->buf, &g->n)) == NULL)
		goto nomem;
	return g;
nomem:
	dp_pathglob_free(g);
	dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
	return NULL;
}

static int
globstar(const char *part)
{
	return strcmp(part, "**") == 0;
}

/*
 * Wildcard matching over whole parts, "**" the wildcard: on a mismatch
 * the last "**" seen takes one more part of the name and matching
 * resumes after it, which suffices because a later "**" can absorb
 * whatever an earlier one would have.
 */
static int
match_parts(char *const *pat, size_t np, char *const *name, size_t nn)
{
	size_t pi = 0, ni = 0, star = SIZE_MAX, resume = 0;

	while (ni < nn) {
		if (pi < np && globstar(pat[pi])) {
			star = pi++;
			resume = ni;
		} else if (pi < np && fnmatch(pat[pi], name[ni], 0) == 0) {
			pi++;
			ni++;
		} else if (star != SIZE_MAX) {
			pi = star + 1;
			ni = ++resume;
		} else
			return 0;
	}
	while (pi < np && globstar(pat[pi]))
		pi++;
	return pi == np;
}

int
dp_pathglob_match(const struct dp_pathglob *g, const char *name,
    struct dp_error *err)
{
	char *buf, **parts;
	size_t n;
	int hit;

	if ((buf = strdup(name)) == NULL || (parts = split(buf, &n)) == NULL) {
		free(buf);
		return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	}
	hit = match_parts(g->parts, g->n, parts, n);
	free(parts);
	free(buf);
	return hit;
}
