/*
 * ignore: gitignore-style exclusion patterns (ignore.h).
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "ignore.h"

struct pattern {
	char *glob;		/* without "!", trailing "/" or leading "/" */
	int negate;
	int dir_only;
	int anchored;		/* matched against the whole path */
};

struct dp_ignore {
	struct pattern *v;
	size_t n;
	size_t cap;
};

/*
 * Results of wild(), after git's wildmatch: besides a match or not, a
 * failed "*" tells the callers above it that no longer run of
 * characters can help, which keeps the matching polynomial.
 */
enum { MATCH, NOMATCH, ABORT_ALL, ABORT_TO_STARSTAR };

struct dp_ignore *
dp_ignore_new(struct dp_error *err)
{
	struct dp_ignore *ig;

	if ((ig = calloc(1, sizeof(*ig))) == NULL)
		dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
	return ig;
}

void
dp_ignore_free(struct dp_ignore *ig)
{
	size_t i;

	if (ig == NULL)
		return;
	for (i = 0; i < ig->n; i++)
		free(ig->v[i].glob);
	free(ig->v);
	free(ig);
}

/* Returns the "]" that closes the class opened at p, or NULL. */
static const char *
class_end(const char *p)
{
	p++;
	if (*p == '!' || *p == '^')
		p++;
	if (*p == ']')
		p++;
	for (; *p != '\0'; p++) {
		if (*p == '\\' && p[1] != '\0')
			p++;
		else if (*p == ']')
			return p;
	}
	return NULL;
}

/* Whether c is in the class between p (after "[") and end ("]"). */
static int
in_class(const char *p, const char *end, unsigned char c)
{
	unsigned char lo, hi;
	int negate = 0, hit = 0;

	if (*p == '!' || *p == '^') {
		negate = 1;
		p++;
	}
	while (p < end) {
		if (*p == '\\' && p + 1 < end)
			p++;
		lo = hi = (unsigned char)*p++;
		if (*p == '-' && p + 1 < end) {
			p++;
			if (*p == '\\' && p + 1 < end)
				p++;
			hi = (unsigned char)*p++;
		}
		if (c >= lo && c <= hi)
			hit = 1;
	}
	return hit != negate;
}

/* Matches glob p (from start) against the bytes s to e. */
static int
wild(const char *start, const char *p, const char *s, const char *e)
{
	const char *end;
	int r;

	for (; *p != '\0'; p++, s++) {
		switch (*p) {
		case '?':
			if (s == e || *s == '/')
				return s == e ? ABORT_ALL : NOMATCH;
			break;
		case '[':
			end = class_end(p);
			if (s == e)
				return ABORT_ALL;
			if (*s == '/' ||
			    !in_class(p + 1, end, (unsigned char)*s))
				return NOMATCH;
			p = end;
			break;
		case '*':
			if (p[1] == '*' && (p == start || p[-1] == '/') &&
			    (p[2] == '\0' || p[2] == '/')) {
				if (p[2] == '\0')
					return MATCH;
				/* "**" "/": zero or more folders */
				for (;; s++) {
					r = wild(start, p + 3, s, e);
					if (r != NOMATCH &&
					    r != ABORT_TO_STARSTAR)
						return r;
					s = memchr(s, '/', (size_t)(e - s));
					if (s == NULL)
						return ABORT_ALL;
				}
			}
			while (*p == '*')
				p++;
			if (*p == '\0')
				return memchr(s, '/', (size_t)(e - s)) == NULL ?
				    MATCH : ABORT_TO_STARSTAR;
			for (;; s++) {
				if ((r = wild(start, p, s, e)) != NOMATCH)
					return r;
				if (s == e)
					return ABORT_ALL;
				if (*s == '/')
					return ABORT_TO_STARSTAR;
			}
		case '\\':
			if (p[1] != '\0')
				p++;
			/* FALLTHROUGH */
		default:
			if (s == e)
				return ABORT_ALL;
			if (*s != *p)
				return NOMATCH;
			break;
		}
	}
	return s == e ? MATCH : NOMATCH;
}

int
dp_ignore_add(struct dp_ignore *ig, const char *pattern,
    struct dp_error *err)
{
	struct pattern pat = { NULL, 0, 0, 0 };
	const char *p = pattern, *q;
	size_t n = strlen(pattern);
	struct pattern *v;

	if (n > DP_IGNORE_PATTERN_MAX)
		return dp_error_set(err, DP_ERR_USAGE, NULL, 0, 0,
		    "pattern longer than %d bytes", DP_IGNORE_PATTERN_MAX);
	for (q = p; *q != '\0'; q++) {
		if (*q == '\\' && q[1] != '\0')
			q++;
		else if (*q == '[' && (q = class_end(q)) == NULL)
			return dp_error_set(err, DP_ERR_USAGE, NULL, 0, 0,
			    "pattern '%s': '[' without ']'", pattern);
	}
	/* "#" starts a comment; an escaped one is literal */
	if (*p == '#')
		return 0;
	while (n > 0 && p[n - 1] == ' ' && (n < 2 || p[n - 2] != '\\'))
		n--;
	if (n > 0 && *p == '!') {
		pat.negate = 1;
		p++;
		n--;
	}
	if (n > 0 && p[n - 1] == '/') {
		pat.dir_only = 1;
		n--;
	}
	if (n == 0)
		return 0;
	if (memchr(p, '/', n) != NULL) {
		pat.anchored = 1;
		if (*p == '/') {
			p++;
			n--;
		}
	}
	if (ig->n == ig->cap) {
		ig->cap = ig->cap == 0 ? 8 : ig->cap * 2;
		if ((v = realloc(ig->v, ig->cap * sizeof(*v))) == NULL)
			goto nomem;
		ig->v = v;
	}
	if ((pat.glob = strndup(p, n)) == NULL)
		goto nomem;
	ig->v[ig->n++] = pat;
	return 0;
nomem:
	return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

/* dp_ignore_match() of the n bytes at path. */
static int
match(const struct dp_ignore *ig, const char *path, size_t n, int dir)
{
	const struct pattern *pat;
	const char *base;
	size_t i;

	if ((base = memrchr(path, '/', n)) != NULL)
		base++;
	else
		base = path;
	for (i = ig != NULL ? ig->n : 0; i > 0; i--) {
		pat = &ig->v[i - 1];
		if (pat->dir_only && !dir)
			continue;
		if (pat->anchored ? wild(pat->glob, pat->glob, path,
		    path + n) == MATCH : wild(pat->glob, pat->glob, base,
		    path + n) == MATCH)
			return !pat->negate;
	}
	return 0;
}

int
dp_ignore_match(const struct dp_ignore *ig, const char *path, int dir)
{
	return match(ig, path, strlen(path), dir);
}

int
dp_ignore_path(const struct dp_ignore *ig, const char *path, int dir)
{
	const char *slash;

	if (ig == NULL || ig->n == 0)
		return 0;
	for (slash = strchr(path, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/'))
		if (match(ig, path, (size_t)(slash - path), 1))
			return 1;
	return match(ig, path, strlen(path), dir);
}
