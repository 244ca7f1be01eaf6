#include <string.h>

#include <git2.h>

#include "linecount.h"

struct counts {
	size_t added;
	size_t deleted;
};

int
dp_linecount_is_binary(const void *buf, size_t len)
{
	if (len > DP_LINECOUNT_BINARY_SCAN)
		len = DP_LINECOUNT_BINARY_SCAN;
	return len > 0 && memchr(buf, '\0', len) != NULL;
}

size_t
dp_linecount_lines(const void *buf, size_t len)
{
	const char *p = buf, *end = p + len;
	size_t n = 0;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	return n + (len > 0 && ((const char *)buf)[len - 1] != '\n');
}

static int
hunk(const git_diff_delta *delta, const git_diff_hunk *h, void *arg)
{
	struct counts *c = arg;

	(void)delta;
	c->added += (size_t)h->new_lines;
	c->deleted += (size_t)h->old_lines;
	return 0;
}

int
dp_linecount_diff(const void *old, size_t olen, const void *new, size_t nlen,
    size_t *added, size_t *deleted, struct dp_error *err)
{
	git_diff_options o;
	struct counts c = { 0, 0 };
	const git_error *ge;

	*added = *deleted = 0;
	if (olen == 0 || nlen == 0) {
		*added = dp_linecount_lines(new, nlen);
		*deleted = dp_linecount_lines(old, olen);
		return 0;
	}
	if (olen == nlen && memcmp(old, new, olen) == 0)
		return 0;
	if (git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION) != 0)
		return dp_error_set(err, DP_ERR_INTERNAL, NULL, 0, 0,
		    "diff: cannot set options");
	o.context_lines = 0;
	o.interhunk_lines = 0;
	o.flags = GIT_DIFF_FORCE_TEXT;
	if (git_diff_buffers(old, olen, NULL, new, nlen, NULL, &o, NULL, NULL,
	    hunk, NULL, &c) != 0) {
		ge = git_error_last();
		return dp_error_set(err, ge != NULL &&
		    ge->klass == GIT_ERROR_NOMEMORY ? DP_ERR_NOMEM :
		    DP_ERR_INTERNAL, NULL, 0, 0, "diff: %s",
		    ge != NULL ? ge->message : "unknown libgit2 error");
	}
	*added = c.added;
	*deleted = c.deleted;
	return 0;
}
