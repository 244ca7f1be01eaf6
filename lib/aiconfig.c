#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "aiconfig.h"
#include "yamldoc.h"

struct pattern {
	const char *tool;	/* borrowed from the document */
	const char *text;	/* as written, borrowed from the document */
	char *glob;		/* without a leading "**" "/" or final '/' */
	int any_depth;
	int folder;
};

struct dp_aiconfig {
	struct dp_yamldoc *doc;
	struct pattern *v;
	size_t n;
};

void
dp_aiconfig_free(struct dp_aiconfig *ac)
{
	size_t i;

	if (ac == NULL)
		return;
	for (i = 0; i < ac->n; i++)
		free(ac->v[i].glob);
	free(ac->v);
	dp_yamldoc_free(ac->doc);
	free(ac);
}

static int
bad(struct dp_error *e, const struct dp_yamldoc *doc, long line,
    const char *what)
{
	return dp_error_set(e, DP_ERR_CONFIG, dp_yamldoc_source(doc), line, 0,
	    "%s", what);
}

/* Returns the line of key in obj, or line when it is unknown. */
static long
key_line(const struct dp_yamldoc *doc, const json_t *obj, const char *key,
    long line)
{
	long l = dp_yamldoc_key_line(doc, obj, key);

	return l > 0 ? l : line;
}

static int
tool_valid(const char *s)
{
	return *s != '\0' && strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "0123456789-_") == strlen(s);
}

/* Adds the patterns of one {tool, patterns} entry. */
static int
add_entry(struct dp_aiconfig *ac, const json_t *ent, long line,
    struct dp_error *e)
{
	const json_t *tool = json_object_get(ent, "tool");
	const json_t *pats = json_object_get(ent, "patterns");
	struct pattern *p;
	const char *s;
	size_t i, n;

	if (!json_is_object(ent) || json_object_size(ent) != 2)
		return bad(e, ac->doc, line,
		    "an entry needs exactly 'tool' and 'patterns'");
	if (!json_is_string(tool) || !tool_valid(json_string_value(tool)))
		return bad(e, ac->doc, key_line(ac->doc, ent, "tool",
		    line), "'tool' must be a lower-case name");
	if (!json_is_array(pats) || json_array_size(pats) == 0)
		return bad(e, ac->doc, key_line(ac->doc, ent,
		    "patterns", line),
		    "'patterns' must be a non-empty list");
	if ((p = realloc(ac->v, (ac->n + json_array_size(pats)) *
	    sizeof(*p))) == NULL)
		return dp_error_set(e, DP_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	ac->v = p;
	for (i = 0; i < json_array_size(pats); i++) {
		s = json_string_value(json_array_get(pats, i));
		if (s == NULL || *s == '\0' || *s == '/')
			return bad(e, ac->doc, dp_yamldoc_item_line(ac->doc,
			    pats, i), "a pattern must be a relative path");
		p = &ac->v[ac->n];
		memset(p, 0, sizeof(*p));
		p->tool = json_string_value(tool);
		p->text = s;
		if ((p->any_depth = strncmp(s, "**/", 3) == 0))
			s += 3;
		n = strlen(s);
		if ((p->folder = n > 0 && s[n - 1] == '/'))
			n--;
		if (n == 0)
			return bad(e, ac->doc, dp_yamldoc_item_line(ac->doc,
			    pats, i), "a pattern must name a path");
		if ((p->glob = strndup(s, n)) == NULL)
			return dp_error_set(e, DP_ERR_NOMEM, NULL, 0, 0,
			    "out of memory");
		ac->n++;
	}
	return 0;
}

struct dp_aiconfig *
dp_aiconfig_load(const char *path, const char *source, struct dp_error *err)
{
	struct dp_aiconfig *ac;
	const json_t *root, *list;
	size_t i;

	if ((ac = calloc(1, sizeof(*ac))) == NULL) {
		dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
		return NULL;
	}
	if ((ac->doc = dp_yamldoc_load_file(path, source, NULL, err)) ==
	    NULL) {
		if (err != NULL && err->code != DP_ERR_NOMEM)
			err->code = DP_ERR_CONFIG;
		goto fail;
	}
	root = dp_yamldoc_count(ac->doc) == 1 ? dp_yamldoc_root(ac->doc, 0) :
	    NULL;
	list = json_object_get(root, "configs");
	if (!json_is_object(root) || json_object_size(root) != 1 ||
	    !json_is_array(list)) {
		bad(err, ac->doc, root != NULL ? dp_yamldoc_line(ac->doc,
		    root) : 1, "expected one mapping with a 'configs' list");
		goto fail;
	}
	for (i = 0; i < json_array_size(list); i++)
		if (add_entry(ac, json_array_get(list, i),
		    dp_yamldoc_item_line(ac->doc, list, i), err) != 0)
			goto fail;
	return ac;
fail:
	dp_aiconfig_free(ac);
	return NULL;
}

/* Matches p against the path in buf (a writable copy) from offset at. */
static int
match_here(const struct pattern *p, char *buf, size_t at)
{
	char *s = buf + at, *slash, save;
	int hit;

	if (!p->folder)
		return fnmatch(p->glob, s, FNM_PATHNAME) == 0;
	for (slash = strchr(s, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		save = *slash;
		*slash = '\0';
		hit = fnmatch(p->glob, s, FNM_PATHNAME) == 0;
		*slash = save;
		if (hit)
			return 1;
	}
	return 0;
}

static int
match(const struct pattern *p, char *buf)
{
	const char *s;

	if (!p->any_depth)
		return match_here(p, buf, 0);
	for (s = buf; s != NULL; s = strchr(s, '/'), s = s ? s + 1 : NULL)
		if (match_here(p, buf, (size_t)(s - buf)))
			return 1;
	return 0;
}

int
dp_aiconfig_match(const struct dp_aiconfig *ac, const char *path,
    const char **tool, const char **pattern, struct dp_error *err)
{
	char *buf;
	size_t i;
	int rc = 0;

	if ((buf = strdup(path)) == NULL)
		return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	for (i = 0; i < ac->n && rc == 0; i++) {
		if (match(&ac->v[i], buf)) {
			*tool = ac->v[i].tool;
			*pattern = ac->v[i].text;
			rc = 1;
		}
	}
	free(buf);
	return rc;
}
